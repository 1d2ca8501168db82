// The package as a consumer gets it: dist/ built (only what changed) and packed
// once per run, shared by every test file that resolves or installs it. Two
// workers building dist/ at once would write the same files under each other.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { inject } from "vitest";
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let packed: Promise<string> | undefined;

/** Path of the packed tarball (`npm pack` of a fresh build), made once per run. */
export function packedPackage(): Promise<string> {
  packed ??= packOnce();
  return packed;
}

async function packOnce(): Promise<string> {
  const dir = path.join(inject("runDir"), "package");
  fs.mkdirSync(dir, { recursive: true });
  const done = path.join(dir, "tarball");
  const failed = path.join(dir, "failed");
  let mine = true;
  try {
    fs.closeSync(fs.openSync(path.join(dir, "lock"), "wx"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    mine = false;
  }
  if (mine) {
    try {
      await run(process.execPath, [TSC, "-b", "tsconfig.build.json"], REPO_ROOT);
      // prepack would build again: the build just ran.
      const [info] = JSON.parse(await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], REPO_ROOT)) as Array<{ filename: string }>;
      fs.writeFileSync(`${done}.tmp`, path.join(dir, info!.filename));
      fs.renameSync(`${done}.tmp`, done);
    } catch (e) {
      fs.writeFileSync(failed, String(e));
      throw e;
    }
  }
  // A cold build on a busy machine takes tens of seconds; the callers' hooks allow 120 s.
  for (const deadline = Date.now() + 110_000; Date.now() < deadline; await sleep(50)) {
    if (fs.existsSync(done)) return fs.readFileSync(done, "utf8");
    if (fs.existsSync(failed)) throw new Error(`building and packing the package failed:\n${fs.readFileSync(failed, "utf8")}`);
  }
  throw new Error("the package was not built and packed within 110 s");
}
