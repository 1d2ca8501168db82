// What `npm run diff` decides (infra/plan/diff/report.ts) for edited copies of the prod stack file against the
// real prod plan as its base: the two cases, rendered in this process (the CLI runs the same function).
import { beforeAll, describe, expect, it } from "vitest";
import { renderStack } from "../../infra/plan/harness";
import type { PlanDocument } from "../../infra/plan/diff/base";
import { diffReport, type DiffReport } from "../../infra/plan/diff/report";
import { editedStackFile, renderRealStack } from "../support/render";

type Doc = Record<string, any>;
const regions = (c: Doc): Doc[] => c["inference-platform:regions"];
const reports: Record<string, DiffReport> = {};

beforeAll(async () => {
  const base = await renderRealStack("prod") as unknown as PlanDocument;
  // One render at a time: Pulumi's runtime is global to the worker.
  const tenfold = editedStackFile("prod", (c) => { for (const r of regions(c)) r.traffic.peakQps *= 10; });
  reports.tenfold = diffReport(base, await renderStack({ stack: "prod", stackFile: tenfold }) as unknown as PlanDocument);
  const renamed = editedStackFile("prod", (c) => {
    regions(c)[0]!.name = "beijing";
    for (const route of c["inference-platform:dns"].routes) if (route.region === "china") route.region = "beijing";
  });
  reports.renamed = diffReport(base, await renderStack({ stack: "prod", stackFile: renamed }) as unknown as PlanDocument);
});

describe("the diff of the prod stack against its plan", () => {
  it("shows ten times the peak as node-group updates, nothing deleted or replaced, exit 0, and a higher desired cost", () => {
    const { diff, cost, exitCode } = reports.tenfold!;
    expect(exitCode).toBe(0);
    expect(diff.summary).toMatchObject({ replace: 0, delete: 0 });
    const nodeGroups = diff.changes.filter((c) => c.type === "aws:eks/nodeGroup:NodeGroup");
    expect(nodeGroups.map((c) => c.kind)).toEqual(["update", "update", "update"]);
    // desiredSize is under the node groups' ignoreChanges: a real preview would not show it either.
    for (const c of nodeGroups) expect(c.properties.map((p) => p.path)).toEqual(["scalingConfig.maxSize", "scalingConfig.minSize"]);
    const change = (area: string) => cost.delta.changes.find((c) => c.area === area)!;
    for (const region of ["china", "frankfurt"]) expect(change(region).delta.desired, region).toBeGreaterThan(0);
    expect(change("china").currency).toBe("CNY");
    expect(cost.after.regions.china!.monthly.desired).toBeGreaterThan(cost.before.regions.china!.monthly.desired);
  });

  it("refuses to pass silently over a renamed China region: exit 3, its Redis deleted and protected", () => {
    const { diff, exitCode } = reports.renamed!;
    expect(exitCode).toBe(3);
    expect(diff.changes.find((c) => c.type === "aws:elasticache/replicationGroup:ReplicationGroup" && c.name === "china-redis"))
      .toMatchObject({ kind: "delete", protected: true });
    expect(diff.changes.find((c) => c.type === "aws:elasticache/replicationGroup:ReplicationGroup" && c.name === "beijing-redis"))
      .toMatchObject({ kind: "create" });
  });
});
