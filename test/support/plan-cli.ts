import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { inject } from "vitest";
import { oncePerRun } from "./once-per-run";
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

/**
 * `npm run plan -- <args>`, started once per run for the same arguments: the
 * first file to ask runs it and leaves the result in the run folder, and any
 * other file asking for the same command reads it (a plan takes seconds), or
 * runs it itself if none came within 50 s.
 */
export function runPlan(...args: string[]): Promise<PlanRun> {
  const key = createHash("sha256").update(JSON.stringify(args)).digest("hex").slice(0, 16);
  return oncePerRun("plan-runs", key, () => spawnScript(PLAN, args), 50_000, "produce");
}
