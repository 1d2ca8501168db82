// `npm run diff` end to end, as CI runs it, against HEAD (a worktree of the last commit, rendered in its own
// process). The edited-stack cases (test/plan/diff-stacks.test.ts) render in-process: the same functions.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runDiff } from "../support/plan-cli";
import { REPO_ROOT } from "../support/render";

const diff = runDiff;

describe.concurrent("npm run diff", { timeout: 120_000 }, () => {
  it("reports no change against HEAD when the program and stack files are as committed, and leaves no worktree behind", async () => {
    const r = await diff("--stack", "prod", "--base", "HEAD", "--json");
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    // Uncommitted edits to the program show up here, as they should; a clean checkout (CI) has none.
    const dirty = execFileSync("git", ["status", "--porcelain", "--", ".", ":!test"], { cwd: REPO_ROOT, encoding: "utf8" }).trim() !== "";
    if (!dirty) expect(doc.summary).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
    expect(doc.summary.same).toBeGreaterThan(300);
    expect(execFileSync("git", ["worktree", "list"], { cwd: REPO_ROOT, encoding: "utf8" }).trim().split("\n")).toHaveLength(1);
  });

  it("refuses bad arguments with the usage, exit 2", async () => {
    const r = await diff("--stack", "prod");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("usage: npm run diff -- --stack <dev|prod> --base <git-ref | plan.json>");
  });
});
