// The semantic plan diff on its own (infra/plan/diff/compare.ts): edits of the real prod plan, each change
// kind both ways, structural diffs of documents in strings, ignoreChanges, replace-on-change and URN moves.
import { beforeAll, describe, expect, it } from "vitest";
import { comparePlans, losesState, propertyChanges, type PlanResource } from "../../infra/plan/diff/compare";
import { diffMarkdown, COMMENT_MARKER } from "../../infra/plan/diff/markdown";
import { forcesReplacement, REPLACE_ON_CHANGE, REPLACE_ON_CHANGE_RECORDED } from "../../infra/plan/diff/replace-on-change";
import { parseUrn, urnOf } from "../../infra/plan/urn";
import { renderRealStack } from "../support/render";

type Doc = Record<string, any>;
let prod: PlanResource[];
beforeAll(async () => {
  prod = (await renderRealStack("prod")).resources as PlanResource[];
});

/** A copy of the prod plan with `edit` applied to the resource named `name` of `type`. */
function edited(type: string, name: string, edit: (r: Doc) => void): PlanResource[] {
  const copy = structuredClone(prod) as Doc[];
  const r = copy.find((x) => x.type === type && x.name === name);
  expect(r, `${type} ${name}`).toBeDefined();
  edit(r!);
  return copy as PlanResource[];
}
const without = (type: string, name: string): PlanResource[] => structuredClone(prod).filter((r) => r.type !== type || r.name !== name);
const REDIS = "aws:elasticache/replicationGroup:ReplicationGroup";

/** Moves `r` under the component named `component` (a re-parent: its URN follows its new parent's). */
function underComponent(r: Doc, component: string): void {
  const parent = prod.find((x) => !x.custom && x.name === component)!;
  const { stack, project } = parseUrn(parent.urn);
  r.parent = parent.urn;
  r.urn = urnOf(r.type, r.name, parent.urn, stack, project);
}

describe("comparePlans", () => {
  it("finds nothing between a plan and itself, and counts every custom resource as unchanged", () => {
    const d = comparePlans(prod, structuredClone(prod));
    expect(d.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, same: prod.filter((r) => r.custom).length });
    expect(losesState(d)).toBe(false);
  });

  it("updates a node group's bounds but leaves out desiredSize, which ignoreChanges hides from a real preview", () => {
    const head = edited("aws:eks/nodeGroup:NodeGroup", "china-gpu-g5-12xl", (r) => {
      r.inputs.scalingConfig = { ...r.inputs.scalingConfig, desiredSize: 99, maxSize: 400 };
    });
    const d = comparePlans(prod, head);
    expect(d.changes).toEqual([expect.objectContaining({ kind: "update", protected: false, properties: [{ path: "scalingConfig.maxSize", before: 40, after: 400 }] })]);
    expect(losesState(d)).toBe(false);
  });

  it("diffs a dashboard held as JSON in a ConfigMap leaf by leaf, not as one string", () => {
    const head = edited("kubernetes:core/v1:ConfigMap", "china-monitoring-dashboard-capacity", (r) => {
      const doc = JSON.parse(r.inputs.data["capacity.json"]);
      doc.panels[0].title = "GPU nodes (edited)";
      r.inputs.data["capacity.json"] = JSON.stringify(doc);
    });
    const [change] = comparePlans(prod, head).changes;
    expect(change!.properties).toEqual([{ path: 'data["capacity.json"].panels[0].title', before: expect.any(String), after: "GPU nodes (edited)" }]);
  });

  it("replaces a stateful resource when a replace-on-change property changes, and marks it protected", () => {
    const d = comparePlans(prod, edited(REDIS, "china-redis", (r) => { r.inputs.port = 6380; }));
    expect(d.changes).toEqual([expect.objectContaining({ kind: "replace", protected: true, reason: "changing port forces a new resource" })]);
    expect(losesState(d)).toBe(true);
    // The same resource changed in place (a property the provider updates live): protected, but nothing lost.
    const live = comparePlans(prod, edited(REDIS, "china-redis", (r) => { r.inputs.snapshotRetentionLimit = 14; }));
    expect(live.changes).toEqual([expect.objectContaining({ kind: "update", protected: true })]);
    expect(losesState(live)).toBe(false);
  });

  it("replaces a resource whose URN changed with its type and name (re-parented without an alias)", () => {
    const head = edited("aws:msk/cluster:Cluster", "china-kafka", (r) => underComponent(r, "china-redis"));
    const d = comparePlans(prod, head);
    expect(d.changes).toEqual([expect.objectContaining({ kind: "replace", protected: true, reason: expect.stringMatching(/^URN changed from /) })]);
    expect(d.summary.delete).toBe(0);
  });

  it("deletes what the head lacks and creates what the base lacks; a protected delete loses state", () => {
    const head = without(REDIS, "frankfurt-redis");
    const d = comparePlans(prod, head);
    expect(d.changes.map((c) => [c.kind, c.name, c.protected])).toEqual([["delete", "frankfurt-redis", true]]);
    expect(losesState(d)).toBe(true);
    expect(comparePlans(head, prod).changes.map((c) => [c.kind, c.name])).toEqual([["create", "frankfurt-redis"]]);
    expect(losesState(comparePlans(head, prod))).toBe(false);
  });

  it("pairs a gone resource with one moved resource at most, and marks a change protected if either side was", () => {
    const moved = edited("aws:msk/cluster:Cluster", "china-kafka", (r) => underComponent(r, "china-redis"));
    const twin = structuredClone(moved.find((r) => r.name === "china-kafka" && r.type === "aws:msk/cluster:Cluster")!);
    underComponent(twin, "china-eks");
    const d = comparePlans(prod, [...moved, twin]);
    expect(d.changes.filter((c) => c.name === "china-kafka").map((c) => c.kind).sort()).toEqual(["create", "replace"]);
    // Protection dropped in the same change as a forced replace: still a protected replace.
    const unprotected = edited("aws:kms/key:Key", "china-redis-data", (r) => { r.options.protect = false; r.inputs.keyUsage = "SIGN_VERIFY"; });
    expect(comparePlans(prod, unprotected).changes).toEqual([expect.objectContaining({ kind: "replace", protected: true })]);
  });

  it("shows a document's text when only what the parse drops changed (a comment)", () => {
    expect(propertyChanges({ v: "a: 1\nb: 2\n" }, { v: "a: 1\n# why\nb: 2\n" })).toEqual([{ path: "v", before: "a: 1\nb: 2\n", after: "a: 1\n# why\nb: 2\n" }]);
  });

  it("compares documents in strings structurally, and plain strings as strings", () => {
    expect(propertyChanges({ v: "a: 1\nb: 2\n" }, { v: "a: 1\nb: 3\n" })).toEqual([{ path: "v.b", before: 2, after: 3 }]);
    expect(propertyChanges({ v: "hello" }, { v: "hello!" })).toEqual([{ path: "v", before: "hello", after: "hello!" }]);
    expect(propertyChanges({ a: [1, 2] }, { a: [1] })).toEqual([{ path: "a[1]", before: 2 }]);
  });
});

describe("the replace-on-change table", () => {
  it("covers the stateful types with a recorded date, and matches paths and their children only", () => {
    expect(REPLACE_ON_CHANGE_RECORDED).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(REPLACE_ON_CHANGE)).toEqual(expect.arrayContaining([
      REDIS, "aws:msk/cluster:Cluster", "aws:eks/cluster:Cluster", "aws:kms/key:Key", "aws:s3/bucket:Bucket", "aws:route53/record:Record",
    ]));
    expect(forcesReplacement("aws:msk/cluster:Cluster", "brokerNodeGroupInfo.clientSubnets[2]")).toBe(true);
    expect(forcesReplacement("aws:msk/cluster:Cluster", "brokerNodeGroupInfo.instanceType")).toBe(false);
    expect(forcesReplacement("aws:eks/cluster:Cluster", "namespace")).toBe(false);
  });
});

describe("the pull-request comment", () => {
  it("puts protected deletes first as a caution, behind the marker a workflow finds it by", () => {
    const md = diffMarkdown("prod", "main", comparePlans(prod, without(REDIS, "frankfurt-redis")), ["frankfurt: desired 100 → 90 USD"]);
    expect(md.startsWith(COMMENT_MARKER)).toBe(true);
    expect(md.indexOf("[!CAUTION]")).toBeLessThan(md.indexOf("<details>"));
    expect(md).toContain(`> - **delete** \`${REDIS}\` \`frankfurt-redis\``);
    expect(md).toContain("frankfurt: desired 100 → 90 USD");
  });
});
