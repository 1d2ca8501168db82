import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { inject } from "vitest";
import { REPO_ROOT } from "./render";

/** Exit code and output of one `npm run plan` (or `npm run diff`) run. */
interface PlanRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a README command (`npm run plan -- …` and `npm run diff -- …` run exactly this) in a
 * fresh process, with no cloud credentials. It gets the temp folder from before
 * the run, where tsx keeps its transform cache, so start-up stays warm.
 */
function spawnScript(script: string, args: readonly string[]): Promise<PlanRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, TMPDIR: inject("systemTmpDir"), PULUMI_ACCESS_TOKEN: "", AWS_PROFILE: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

/** What `npm run plan` and `npm run diff` run. */
const PLAN = "infra/plan/plan.ts";
const DIFF = "infra/plan/diff/cli.ts";

/** `npm run diff -- <args>` in a fresh process (never shared: each call is its own case). */
export function runDiff(...args: string[]): Promise<PlanRun> {
  return spawnScript(DIFF, args);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `npm run plan -- <args>`, started once per run for the same arguments: the
 * first file to ask runs it and leaves the result in the run folder, and any
 * other file asking for the same command reads it (a plan takes seconds).
 */
export async function runPlan(...args: string[]): Promise<PlanRun> {
  const dir = path.join(inject("runDir"), "plan-runs");
  fs.mkdirSync(dir, { recursive: true });
  const result = path.join(dir, `${createHash("sha256").update(JSON.stringify(args)).digest("hex").slice(0, 16)}.json`);
  try {
    fs.closeSync(fs.openSync(`${result}.lock`, "wx"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    // Another file runs it: wait for its result, or run it here if that one died.
    for (const deadline = Date.now() + 50_000; Date.now() < deadline; await sleep(50)) {
      if (fs.existsSync(result)) return JSON.parse(fs.readFileSync(result, "utf8")) as PlanRun;
    }
    return spawnScript(PLAN, args);
  }
  const run = await spawnScript(PLAN, args);
  fs.writeFileSync(`${result}.part`, JSON.stringify(run));
  fs.renameSync(`${result}.part`, result);
  return run;
}
