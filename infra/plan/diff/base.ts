/**
 * Renders a plan as JSON in a fresh process (what `npm run plan -- --json`
 * prints), of the working tree or of a git ref checked out into a temporary
 * worktree. The worktree reuses this checkout's node_modules when the ref's
 * lockfile is the same, and installs its own otherwise, so a dependency bump
 * still diffs; it is removed afterwards whatever happens.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PlanResource } from "./compare";

/** What the diff reads of a plan JSON. */
export interface PlanDocument {
  stack: string;
  resources: PlanResource[];
  outputs: Record<string, unknown>;
}

/** Runs the plan CLI in `cwd` and parses its JSON, or throws with its error output. */
export function renderPlanJson(cwd: string, stack: string, stackFile?: string): Promise<PlanDocument> {
  const args = ["--import", "tsx", "infra/plan/plan.ts", "--stack", stack, "--json", ...(stackFile ? ["--stack-file", stackFile] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, PULUMI_ACCESS_TOKEN: "" } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => {
      const text = Buffer.concat(out).toString("utf8");
      // A mandatory policy violation exits 1 but still prints the whole plan: the diff is still wanted.
      try {
        resolve(JSON.parse(text) as PlanDocument);
      } catch {
        reject(new Error(`plan of stack ${stack} in ${cwd} failed (exit ${code}):\n${Buffer.concat(err).toString("utf8").trim()}`));
      }
    });
  });
}

const git = (repo: string, ...args: string[]): string => execFileSync("git", ["-C", repo, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** The plan of `stack` at git `ref` of `repo`, rendered in a temporary worktree. */
export async function renderAtRef(repo: string, ref: string, stack: string, log: (line: string) => void): Promise<PlanDocument> {
  const commit = git(repo, "rev-parse", "--verify", `${ref}^{commit}`).trim();
  // One path per commit, so tsx's transform cache (keyed by path) serves a later diff of the same base;
  // a fresh folder when another diff holds that one.
  const stable = path.join(os.tmpdir(), `plan-base-${commit.slice(0, 12)}`);
  const dir = fs.existsSync(stable) ? fs.mkdtempSync(path.join(os.tmpdir(), "plan-base-")) : stable;
  git(repo, "worktree", "add", "--detach", dir, commit);
  try {
    const lock = (root: string) => fs.readFileSync(path.join(root, "package-lock.json"), "utf8");
    if (fs.existsSync(path.join(repo, "node_modules")) && lock(dir) === lock(repo)) {
      fs.symlinkSync(path.join(repo, "node_modules"), path.join(dir, "node_modules"), "dir");
    } else {
      log(`base ${ref}: its package-lock.json differs, installing its dependencies`);
      execFileSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
    }
    return await renderPlanJson(dir, stack);
  } finally {
    git(repo, "worktree", "remove", "--force", dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
