// Aliases in the plan and the diff: the URNs a registration's aliases name (from the SDK's own wire
// objects), and a moved resource or component that the diff follows as the engine would.
import { mapAliasesForRequest } from "@pulumi/pulumi/runtime/resource";
import { beforeAll, describe, expect, it } from "vitest";
import { comparePlans, losesState, type PlanResource } from "../../infra/plan/diff/compare";
import { diffText } from "../../infra/plan/diff/markdown";
import { aliasUrns, parseUrn, urnOf } from "../../infra/plan/urn";
import { renderRealStack } from "../support/render";

const STACK_URN = "urn:pulumi:prod::inference-platform::pulumi:pulumi:Stack::inference-platform-prod";
const REGION_URN = "urn:pulumi:prod::inference-platform::inference:region:RegionalPlatform::china";
const self = { type: "aws:s3/bucket:Bucket", name: "china-weights", parentUrn: REGION_URN, stack: "prod", project: "inference-platform" };

describe("urnOf", () => {
  it("names a child of the stack as if it had no parent, and prefixes any other parent's types", () => {
    expect(urnOf("aws:s3/bucket:Bucket", "b", STACK_URN, "prod", "inference-platform")).toBe("urn:pulumi:prod::inference-platform::aws:s3/bucket:Bucket::b");
    expect(urnOf("aws:s3/bucket:Bucket", "b", undefined, "prod", "inference-platform")).toBe("urn:pulumi:prod::inference-platform::aws:s3/bucket:Bucket::b");
    expect(urnOf("aws:s3/bucket:Bucket", "b", REGION_URN, "prod", "inference-platform"))
      .toBe("urn:pulumi:prod::inference-platform::inference:region:RegionalPlatform$aws:s3/bucket:Bucket::b");
  });
});

describe("aliasUrns, from the SDK's own wire objects", () => {
  it("fills a spec's blanks from the resource: an old name under the same parent", async () => {
    const wire = await mapAliasesForRequest([{ name: "weights" }], REGION_URN);
    expect(aliasUrns(wire, self)).toEqual(["urn:pulumi:prod::inference-platform::inference:region:RegionalPlatform$aws:s3/bucket:Bucket::weights"]);
  });

  it("names a top-level alias in the stack and project the spec gives", async () => {
    const wire = await mapAliasesForRequest([{ project: "old-project" }], STACK_URN);
    expect(aliasUrns(wire, { ...self, parentUrn: STACK_URN })).toEqual(["urn:pulumi:prod::old-project::aws:s3/bucket:Bucket::china-weights"]);
  });

  it("takes a spec's parent, or none, and a plain URN as written", async () => {
    const wire = await mapAliasesForRequest([{ parent: STACK_URN }, { parent: undefined }, "urn:pulumi:prod::inference-platform::aws:s3/bucket:Bucket::legacy"], REGION_URN);
    expect(aliasUrns(wire, self)).toEqual([
      "urn:pulumi:prod::inference-platform::aws:s3/bucket:Bucket::china-weights",
      "urn:pulumi:prod::inference-platform::aws:s3/bucket:Bucket::china-weights",
      "urn:pulumi:prod::inference-platform::aws:s3/bucket:Bucket::legacy",
    ]);
  });
});

describe("comparePlans follows aliases", () => {
  let prod: PlanResource[];
  beforeAll(async () => {
    prod = structuredClone((await renderRealStack("prod")).resources) as PlanResource[];
  });
  const kafkaCluster = (plan: PlanResource[]) => plan.find((r) => r.type === "aws:msk/cluster:Cluster" && r.name === "china-kafka")!;

  /** The prod plan with the `from` component renamed `to`, its descendants renamed with it; `alias` keeps its old URN. */
  function renamed(from: string, to: string, alias: boolean): PlanResource[] {
    const plan = structuredClone(prod);
    const component = plan.find((r) => !r.custom && r.name === from)!;
    const inside = new Set([component.urn]);
    for (let grew = true; grew;) {
      grew = false;
      for (const r of plan) if (r.parent && inside.has(r.parent) && !inside.has(r.urn)) inside.add(r.urn).size && (grew = true);
    }
    const newUrn = new Map<string, string>();
    for (const r of plan.filter((x) => inside.has(x.urn) && x.name.startsWith(from))) {
      const urn = `${r.urn.slice(0, r.urn.lastIndexOf("::") + 2)}${to}${r.name.slice(from.length)}`;
      newUrn.set(r.urn, urn);
      if (r === component && alias) r.options.aliases = [r.urn];
      r.name = `${to}${r.name.slice(from.length)}`;
      r.urn = urn;
    }
    for (const r of plan) r.parent = r.parent ? newUrn.get(r.parent) ?? r.parent : r.parent;
    return plan;
  }

  it("pairs a renamed component's children with their old URNs when the component has an alias: nothing lost", () => {
    const d = comparePlans(prod, renamed("china-kafka", "china-msk", true));
    expect(d.summary).toMatchObject({ create: 0, replace: 0, delete: 0 });
    expect(losesState(d)).toBe(false);
  });

  it("deletes and recreates them without the alias: the MSK cluster is lost", () => {
    const d = comparePlans(prod, renamed("china-kafka", "china-msk", false));
    expect(d.changes).toContainEqual(expect.objectContaining({ kind: "delete", name: "china-kafka", type: "aws:msk/cluster:Cluster", protected: true }));
    expect(losesState(d)).toBe(true);
  });

  it("updates a moved resource in place when its own alias names the old URN, and says where it moved from", () => {
    const head = structuredClone(prod);
    const cluster = kafkaCluster(head);
    const old = cluster.urn;
    cluster.urn = old.replace("::china-kafka", "::china-msk");
    cluster.name = "china-msk";
    cluster.options.aliases = [old];
    cluster.inputs = { ...cluster.inputs, tags: { ...(cluster.inputs.tags as Record<string, string>), team: "streaming" } };
    const d = comparePlans(prod, head);
    expect(d.changes).toEqual([expect.objectContaining({ kind: "update", name: "china-msk", movedFrom: old })]);
    expect(diffText("prod", "HEAD", d, [])).toContain(`update  [protected] aws:msk/cluster:Cluster china-msk (moved from ${old})`);
  });

  it("does not follow an alias to a URN the head still has", () => {
    const head = structuredClone(prod);
    const frankfurt = head.find((r) => r.type === "aws:msk/cluster:Cluster" && r.name === "frankfurt-kafka")!;
    const copy = { ...structuredClone(frankfurt), urn: frankfurt.urn.replace("::frankfurt-kafka", "::frankfurt-kafka-2"), name: "frankfurt-kafka-2" };
    copy.options.aliases = [frankfurt.urn];
    head.push(copy);
    const d = comparePlans(prod, head);
    expect(d.changes.map((c) => [c.kind, c.name])).toEqual([["create", "frankfurt-kafka-2"]]);
  });
});

describe("comparePlans follows aliases only as the engine does", () => {
  const STATEFUL = "aws:elasticache/replicationGroup:ReplicationGroup";
  const COMPONENT = "mine:app:App";
  const urn = (type: string, name: string, parent?: string) => urnOf(type, name, parent ?? STACK_URN, "prod", "inference-platform");
  const component = (name: string, aliases?: string[]): PlanResource =>
    ({ urn: urn(COMPONENT, name), type: COMPONENT, name, custom: false, parent: STACK_URN, inputs: {}, options: aliases ? { aliases } : {} });
  const store = (name: string, parent: PlanResource, aliases?: string[]): PlanResource =>
    ({ urn: urn(STATEFUL, name, parent.urn), type: STATEFUL, name, custom: true, parent: parent.urn, inputs: { engine: "redis" }, options: { protect: true, ...(aliases ? { aliases } : {}) } });

  it("does not let a parent found under its own URN pass a stale alias to its children: the old store is deleted", () => {
    const [app, legacy] = [component("app"), component("legacy")];
    const appNow = component("app", [legacy.urn]);
    const d = comparePlans([app, legacy, store("legacy-db", legacy)], [appNow, store("app-db", appNow)]);
    expect(d.changes.map((c) => [c.kind, c.name])).toEqual([["delete", "legacy-db"], ["create", "app-db"]]);
    expect(losesState(d)).toBe(true);
  });

  it("pairs a child renamed with its own alias under a parent renamed with one", () => {
    const old = component("old");
    const renamed = component("new", [old.urn]);
    // What the SDK sends for `aliases: [{ name: "new-db" }]`: the current parent filled in.
    const child = store("new-database", renamed, [urn(STATEFUL, "new-db", renamed.urn)]);
    const d = comparePlans([old, store("old-db", old)], [renamed, child]);
    expect(d.changes).toEqual([]);
    expect(d.summary.same).toBe(1);
  });

  it("reads a plan rendered before the plan kept the engine's URNs (a child named after its parent's own type) as the same plan", async () => {
    const prod = (await renderRealStack("prod")).resources as PlanResource[];
    const byUrn = new Map(prod.map((r) => [r.urn, r]));
    // The mock monitor's old rule: the parent's own type only.
    const mockUrn = (r: PlanResource): string => {
      const parent = r.parent ? byUrn.get(r.parent) : undefined;
      if (!parent || parent.type === "pulumi:pulumi:Stack") return r.urn;
      return `urn:pulumi:prod::inference-platform::${parent.type}$${r.type}::${r.name}`;
    };
    const old = prod.map((r) => ({ ...r, urn: mockUrn(r), parent: r.parent && byUrn.has(r.parent) ? mockUrn(byUrn.get(r.parent)!) : r.parent }));
    expect(old.filter((r, i) => r.urn !== prod[i]!.urn).length).toBeGreaterThan(100);
    expect(parseUrn(old.find((r) => r.type === "aws:msk/cluster:Cluster")!.urn).qualifiedType).toBe("inference:data:KafkaCluster$aws:msk/cluster:Cluster");
    const d = comparePlans(old, prod);
    expect(d.summary).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
  });
});
