// `npm run diff` end to end, as CI runs it: against HEAD (a worktree of the last commit, rendered in its own
// process), and against the real prod plan as a base JSON with edited stack files for the head.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runDiff } from "../support/plan-cli";
import { editedStackFile, REPO_ROOT, renderRealStack } from "../support/render";

type Doc = Record<string, any>;
const diff = runDiff;

let baseJson: string;
beforeAll(async () => {
  const prod = await renderRealStack("prod");
  baseJson = path.join(path.dirname(editedStackFile("prod", () => undefined)), "base-plan.json");
  fs.writeFileSync(baseJson, JSON.stringify(prod));
});
const regions = (c: Doc): Doc[] => c["inference-platform:regions"];

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

  it("shows ten times the peak as node-group updates, nothing deleted or replaced, exit 0, and a higher desired cost", async () => {
    const file = editedStackFile("prod", (c) => { for (const r of regions(c)) r.traffic.peakQps *= 10; });
    const r = await diff("--stack", "prod", "--base", baseJson, "--stack-file", file, "--json");
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toMatchObject({ replace: 0, delete: 0 });
    const nodeGroups = doc.changes.filter((c: Doc) => c.type === "aws:eks/nodeGroup:NodeGroup");
    expect(nodeGroups.map((c: Doc) => c.kind)).toEqual(["update", "update", "update"]);
    for (const c of nodeGroups) expect(c.properties.map((p: Doc) => p.path)).not.toContain("scalingConfig.desiredSize");
    const change = (area: string) => doc.cost.delta.changes.find((c: Doc) => c.area === area);
    for (const region of ["china", "frankfurt"]) expect(change(region).delta.desired, region).toBeGreaterThan(0);
    expect(change("china").currency).toBe("CNY");
    expect(doc.cost.after.regions.china.monthly.desired).toBeGreaterThan(doc.cost.before.regions.china.monthly.desired);
  });

  it("refuses to pass silently over a renamed China region: exit 3, its Redis deleted and protected", async () => {
    const file = editedStackFile("prod", (c) => {
      regions(c)[0]!.name = "beijing";
      for (const route of c["inference-platform:dns"].routes) if (route.region === "china") route.region = "beijing";
    });
    const r = await diff("--stack", "prod", "--base", baseJson, "--stack-file", file, "--json");
    expect(r.code, r.stderr).toBe(3);
    const redis = JSON.parse(r.stdout).changes.find((c: Doc) => c.type === "aws:elasticache/replicationGroup:ReplicationGroup" && c.name === "china-redis");
    expect(redis).toMatchObject({ kind: "delete", protected: true });
  });

  it("refuses bad arguments with the usage, exit 2", async () => {
    const r = await diff("--stack", "prod");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("usage: npm run diff -- --stack <dev|prod> --base <git-ref | plan.json>");
  });
});
