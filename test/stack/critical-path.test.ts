import { beforeAll, describe, expect, it } from "vitest";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { criticalPath, formatCriticalPath, prerequisites } from "../../infra/plan/critical-path";
import { createDuration, DEFAULT_MINUTES, type CreateDuration } from "../../infra/plan/create-durations";
import { renderRealStack } from "../support/render";

const TARGET = 1.1;

// --- small hand-made graphs -------------------------------------------------

interface Spec { type?: string; custom?: boolean; parent?: string; provider?: string; deps?: string[] }

const urnOf = (name: string): string => `urn:pulumi:t::p::test:${name}::${name}`;

/** A plan from `name → spec`; names stand for URNs in parent, provider and deps. */
function graph(specs: Record<string, Spec>): RenderedStack {
  const resources: RenderedResource[] = Object.entries(specs).map(([name, s]) => ({
    urn: urnOf(name),
    type: s.type ?? `test:${name}`,
    name,
    custom: s.custom ?? true,
    parent: s.parent ? urnOf(s.parent) : undefined,
    provider: s.provider ? `${urnOf(s.provider)}::${s.provider}-id` : undefined,
    inputs: {},
    options: { protect: false, retainOnDelete: false, dependencies: (s.deps ?? []).map(urnOf), ignoreChanges: [], deleteBeforeReplace: false },
  }));
  return { project: "p", stack: "t", stackFile: "Pulumi.t.yaml", resources, outputs: {} };
}

/** Durations by resource name (minutes); unnamed ones take none. */
const minutes = (m: Record<string, number>) => (r: RenderedResource): CreateDuration =>
  ({ minutes: m[r.name] ?? 0, basis: "test", sources: [], listed: true });

const names = (path: ReturnType<typeof criticalPath>): string[] => path.steps.map((s) => s.name);

describe("criticalPath on hand-made graphs", () => {
  it("adds up a chain and reports each step's start and finish", () => {
    const path = criticalPath(graph({ vpc: {}, subnet: { deps: ["vpc"] }, msk: { deps: ["subnet"] } }), minutes({ vpc: 1, subnet: 2, msk: 30 }));
    expect(names(path)).toEqual(["vpc", "subnet", "msk"]);
    expect(path.steps.map((s) => [s.start, s.finish])).toEqual([[0, 1], [1, 3], [3, 33]]);
    expect(path.total).toBe(33);
    expect(path.slowest).toMatchObject({ name: "msk", minutes: 30 });
    expect(path.ratio).toBeCloseTo(1.1);
  });

  it("takes the slowest branch of a fan-out, not the sum of the branches", () => {
    const g = graph({ root: {}, a: { deps: ["root"] }, b: { deps: ["root"] }, c: { deps: ["root"] } });
    const path = criticalPath(g, minutes({ root: 1, a: 10, b: 3, c: 5 }));
    expect(names(path)).toEqual(["root", "a"]);
    expect(path.total).toBe(11);
    expect(path.ratio).toBeCloseTo(1.1);
  });

  it("holds a resource back until its provider and the provider's own dependencies are created", () => {
    const specs: Record<string, Spec> = { eks: {}, k8s: { type: "pulumi:providers:kubernetes", deps: ["eks"] }, ns: { provider: "k8s" } };
    const path = criticalPath(graph(specs), minutes({ eks: 12, ns: 0.1 }));
    expect(names(path)).toEqual(["eks", "k8s", "ns"]);
    expect(path.total).toBeCloseTo(12.1);
    // Without the provider reference, the namespace would start at once.
    const free = criticalPath(graph({ ...specs, ns: {} }), minutes({ eks: 12, ns: 0.1 }));
    expect(free.steps.find((s) => s.name === "ns")).toBeUndefined();
    expect(free.total).toBe(12);
  });

  it("ignores a provider reference the plan does not hold (a default provider)", () => {
    const path = criticalPath(graph({ pw: { provider: "default" } }), minutes({ pw: 1 }));
    expect(path.total).toBe(1);
  });

  it("makes a dependency on a component wait for every custom resource below it", () => {
    const specs: Record<string, Spec> = {
      data: { custom: false },
      store: { custom: false, parent: "data" },
      fast: { parent: "data" },
      slow: { parent: "store" },
      app: { deps: ["data"] },
    };
    const path = criticalPath(graph(specs), minutes({ fast: 1, slow: 25, app: 2 }));
    expect(names(path)).toEqual(["slow", "app"]);
    expect(path.total).toBe(27);
    // Waiting on the fast child alone finishes early.
    expect(criticalPath(graph({ ...specs, app: { deps: ["fast"] } }), minutes({ fast: 1, slow: 25, app: 2 })).total).toBe(25);
  });

  it("does not make a child wait for what its component parent depends on, but does for a custom parent", () => {
    const specs: Record<string, Spec> = { msk: {}, mon: { custom: false, deps: ["msk"] }, chart: { parent: "mon" } };
    const under = criticalPath(graph(specs), minutes({ msk: 35, chart: 4 }));
    expect(names(under)).toEqual(["msk"]);
    expect(under.total).toBe(35);
    const customParent = criticalPath(graph({ ...specs, chart: { parent: "msk" } }), minutes({ msk: 35, chart: 4 }));
    expect(names(customParent)).toEqual(["msk", "chart"]);
    expect(customParent.total).toBe(39);
  });

  it("refuses a dependency outside the plan and a dependency cycle", () => {
    expect(() => criticalPath(graph({ a: { deps: ["ghost"] } }), minutes({}))).toThrow(/ghost.*not in the plan/);
    expect(() => criticalPath(graph({ a: { deps: ["b"] }, b: { deps: ["a"] } }), minutes({}))).toThrow(/cycle/);
  });

  it("prints the figures, the verdict, the chain and the numbered sources", () => {
    const d = (m: number, source: string): CreateDuration => ({ minutes: m, basis: "b", sources: [source], listed: true });
    const g = graph({ vpc: {}, msk: { deps: ["vpc"] } });
    const fast = formatCriticalPath("t", criticalPath(g, (r) => (r.name === "msk" ? d(35, "https://x/msk") : d(0.4, "https://x/vpc"))), TARGET);
    expect(fast[0]).toMatch(/35\.4 min = 1\.01 × .*msk.*meets the target ≤ 1\.10×/);
    expect(fast.join("\n")).toMatch(/msk \(test:msk\): b \[2\][\s\S]*\[1\] https:\/\/x\/vpc\n {2}\[2\] https:\/\/x\/msk/);
    const slow = formatCriticalPath("t", criticalPath(g, (r) => d(r.name === "msk" ? 35 : 10, "https://x")), TARGET);
    expect(slow[0]).toMatch(/1\.29 × .*MISSES the target/);
  });
});

describe("create-duration table", () => {
  const res = (type: string, inputs: Record<string, unknown> = {}) => ({ type, inputs });

  it("lists the slow AWS resources with sources, and charts by name", () => {
    expect(createDuration(res("aws:msk/cluster:Cluster"))).toMatchObject({ minutes: 35, listed: true });
    expect(createDuration(res("aws:msk/cluster:Cluster")).sources.length).toBeGreaterThan(0);
    expect(createDuration(res("kubernetes:helm.sh/v3:Release", { chart: "oci://mirror/charts/kube-prometheus-stack" })).minutes).toBe(4);
    expect(createDuration(res("kubernetes:helm.sh/v3:Release", { chart: "some-other-chart" })).minutes).toBe(3);
  });

  it("counts a skipAwait Kubernetes object as a plain write, and an awaited one as its type", () => {
    const skip = { metadata: { annotations: { "pulumi.com/skipAwait": "true" } } };
    expect(createDuration(res("kubernetes:apps/v1:Deployment", skip)).minutes).toBe(0.1);
    expect(createDuration(res("kubernetes:apps/v1:Deployment")).minutes).toBe(1);
  });

  it("falls back to the stated default for a type it does not list", () => {
    expect(createDuration(res("aws:made/up:Thing"))).toMatchObject({ minutes: DEFAULT_MINUTES, listed: false, sources: [] });
  });
});

// --- the real stacks --------------------------------------------------------

const stacks: Record<string, RenderedStack> = {};

/** Everything each custom resource waits for, directly or not. */
function transitiveWaits(stack: RenderedStack): (urn: string) => Set<string> {
  const direct = prerequisites(stack);
  const memo = new Map<string, Set<string>>();
  const all = (urn: string): Set<string> => {
    let out = memo.get(urn);
    if (!out) {
      out = new Set<string>();
      memo.set(urn, out);
      for (const w of direct.get(urn) ?? []) for (const x of [w, ...all(w)]) out.add(x);
    }
    return out;
  };
  return all;
}

const WAIT_FREE_TYPES = ["kubernetes:core/v1:Namespace", "kubernetes:core/v1:Secret", "kubernetes:core/v1:ConfigMap"];

/** "namespace → node group" pairs where a Namespace, Secret or ConfigMap waits on an EKS node group. */
function waitsOnNodeGroups(stack: RenderedStack): string[] {
  const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
  const waits = transitiveWaits(stack);
  return stack.resources
    .filter((r) => WAIT_FREE_TYPES.includes(r.type))
    .flatMap((r) => [...waits(r.urn)].filter((u) => byUrn.get(u)?.type === "aws:eks/nodeGroup:NodeGroup").map((u) => `${r.name} → ${byUrn.get(u)!.name}`));
}

/** The region (its logical name) a resource belongs to; undefined for stack-wide resources such as the DNS. */
function regionOf(stack: RenderedStack): (r: RenderedResource) => string | undefined {
  const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
  const regions = stack.outputs.regions as Record<string, { awsRegion: string }>;
  const byAwsRegion = new Map(Object.entries(regions).map(([name, x]) => [x.awsRegion, name]));
  return (res) => {
    for (let cur: RenderedResource | undefined = res; cur; cur = cur.parent ? byUrn.get(cur.parent) : undefined) {
      if (cur.type === "inference:region:RegionalPlatform") return cur.name;
      if (cur.type === "pulumi:providers:aws") return byAwsRegion.get(cur.inputs.region as string);
    }
    return undefined;
  };
}

/** "resource (region) → resource (other region)" waits. */
function crossRegionWaits(stack: RenderedStack): string[] {
  const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
  const region = regionOf(stack);
  const waits = transitiveWaits(stack);
  return stack.resources.filter((r) => r.custom && region(r)).flatMap((r) =>
    [...waits(r.urn)].map((u) => byUrn.get(u)!).filter((w) => region(w) && region(w) !== region(r))
      .map((w) => `${r.name} (${region(r)}) → ${w.name} (${region(w)})`));
}

/** A copy of `stack` where `from` also depends on `to` (names repeat across types, so by URN). */
function withEdge(stack: RenderedStack, from: RenderedResource, to: RenderedResource): RenderedStack {
  return {
    ...stack,
    resources: stack.resources.map((r) => (r.urn === from.urn
      ? { ...r, options: { ...r.options, dependencies: [...r.options.dependencies, to.urn] } }
      : r)),
  };
}

describe("the real stacks", () => {
  beforeAll(async () => {
    stacks.prod = await renderRealStack("prod");
    stacks.dev = await renderRealStack("dev");
  });

  describe("the prod deploy critical path", () => {
    it(`is at most ${TARGET} × the slowest single resource`, () => {
      const path = criticalPath(stacks.prod!);
      expect(path.ratio, formatCriticalPath("prod", path, TARGET).join("\n")).toBeLessThanOrEqual(TARGET);
    });

    it("has the MSK cluster as its slowest single resource, and would miss the target if monitoring waited for MSK", () => {
      const prod = stacks.prod!;
      expect(criticalPath(prod).slowest.type).toBe("aws:msk/cluster:Cluster");
      const kps = prod.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name.endsWith("-monitoring-kps"))!;
      const msk = prod.resources.find((r) => r.type === "aws:msk/cluster:Cluster" && regionOf(prod)(r) === regionOf(prod)(kps))!;
      expect(criticalPath(withEdge(prod, kps, msk)).ratio).toBeGreaterThan(TARGET);
    });

    it.each(["prod", "dev"])("finds every resource type of %s in the duration table", (stack) => {
      const unlisted = new Set(stacks[stack]!.resources.filter((r) => r.custom && !createDuration(r).listed).map((r) => r.type));
      expect([...unlisted]).toEqual([]);
    });
  });

  describe.each(["prod", "dev"])("what %s's resources wait for", (stack) => {
    it("no Namespace, Secret or ConfigMap waits on an EKS node group", () => {
      expect(waitsOnNodeGroups(stacks[stack]!)).toEqual([]);
    });

    it("a namespace that dependsOn a node group is caught", () => {
      const s = stacks[stack]!;
      const ns = s.resources.find((r) => r.type === "kubernetes:core/v1:Namespace")!;
      const group = s.resources.find((r) => r.type === "aws:eks/nodeGroup:NodeGroup" && regionOf(s)(r) === regionOf(s)(ns))!;
      expect(waitsOnNodeGroups(withEdge(s, ns, group))).toContain(`${ns.name} → ${group.name}`);
    });

    it("no region waits on another region; the global DNS may wait on the regions", () => {
      const s = stacks[stack]!;
      expect(crossRegionWaits(s)).toEqual([]);
      const region = regionOf(s);
      const dns = s.resources.filter((r) => r.custom && !region(r) && r.type.startsWith("aws:route53/"));
      expect(dns.some((r) => [...transitiveWaits(s)(r.urn)].some((u) => region(s.resources.find((x) => x.urn === u)!)))).toBe(true);
    });

    it("a region that waits on another region's resource is caught", () => {
      const s = stacks[stack]!;
      const region = regionOf(s);
      const [a, b] = Object.keys(s.outputs.regions as Record<string, unknown>);
      const from = s.resources.find((r) => r.type === "aws:eks/cluster:Cluster" && region(r) === a)!;
      const to = s.resources.find((r) => r.type === "aws:msk/cluster:Cluster" && region(r) === b)!;
      expect(crossRegionWaits(withEdge(s, from, to))).toContain(`${from.name} (${a}) → ${to.name} (${b})`);
    });
  });
});
