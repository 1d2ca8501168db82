// The package as a consumer gets it: dist/ built (only what changed) and packed
// once per run, shared by every test file that resolves or installs it. Two
// workers building dist/ at once would write the same files under each other.
import { execFile } from "node:child_process";
import * as path from "node:path";
import { inject } from "vitest";
import { oncePerRun } from "./once-per-run";
import { REPO_ROOT } from "./render";

/** Output of a finished command; rejects with its stderr when it exits non-zero. */
export function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(command)} ${args.join(" ")} (in ${cwd}) failed:\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

/** The TypeScript compiler of this repository (a consumer's project type-checks with the same one). */
export const TSC = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

let packed: Promise<string> | undefined;

/** Path of the packed tarball (`npm pack` of a fresh build), made once per run. */
export function packedPackage(): Promise<string> {
  // A cold build on a busy machine takes tens of seconds; the callers' hooks allow 120 s. Two builds at once would write dist/ under each other.
  packed ??= oncePerRun("package", "tarball", packFresh, 110_000, "fail");
  return packed;
}

async function packFresh(): Promise<string> {
  const dir = path.join(inject("runDir"), "package");
  await run(process.execPath, [TSC, "-b", "tsconfig.build.json"], REPO_ROOT);
  // prepack would build again: the build just ran.
  const [info] = JSON.parse(await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], REPO_ROOT)) as Array<{ filename: string }>;
  return path.join(dir, info!.filename);
}
