/**
 * The deploy critical path of a rendered plan: the longest chain of create
 * times through the plan's own dependency graph, as `pulumi up` would walk it
 * with unbounded parallelism (the engine's default, pulumi/pulumi#11116).
 *
 * When a custom resource can start:
 * - every resource in its `options.dependencies` is created; a component there
 *   stands for all the custom resources below it;
 * - its provider is created (so a Kubernetes provider's own dependency, the EKS
 *   cluster its kubeconfig comes from, holds back every object it manages);
 * - a custom parent is created (the parent's URN resolves only then). A
 *   component parent holds nothing back: its URN is known at once, and a
 *   component's dependsOn reaches its children only through their own lists.
 * Providers and components take no time of their own.
 */
import type { RenderedResource, RenderedStack } from "../../policy/plan";
import { createDuration, DEFAULT_MINUTES, RECORDED, type CreateDuration } from "./create-durations";

/** One resource on the path, in minutes from the start of the deploy. */
interface PathStep {
  urn: string;
  name: string;
  type: string;
  start: number;
  finish: number;
  duration: CreateDuration;
}

interface CriticalPath {
  /** From the first resource to start to the last to finish. */
  steps: PathStep[];
  /** Minutes until the last resource is created. */
  total: number;
  /** The longest single create. */
  slowest: { urn: string; name: string; type: string; minutes: number };
  /** total ÷ slowest.minutes. */
  ratio: number;
}

/** URN of a provider reference (`urn::id`). */
const providerUrn = (ref: string): string => ref.slice(0, ref.lastIndexOf("::"));

/**
 * What each custom resource waits for before its create starts (custom
 * resources only, by URN). A provider reference to a provider the plan does not
 * hold (a default provider) holds nothing back.
 */
export function prerequisites(stack: RenderedStack): Map<string, string[]> {
  const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
  const children = new Map<string, RenderedResource[]>();
  for (const r of stack.resources) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);

  const below = new Map<string, string[]>();
  const customBelow = (urn: string): string[] => {
    let out = below.get(urn);
    if (!out) {
      out = (children.get(urn) ?? []).flatMap((c) => [...(c.custom ? [c.urn] : []), ...customBelow(c.urn)]);
      below.set(urn, out);
    }
    return out;
  };

  const result = new Map<string, string[]>();
  for (const r of stack.resources) {
    if (!r.custom) continue;
    const waits = new Set<string>();
    for (const dep of r.options.dependencies) {
      const d = byUrn.get(dep);
      if (!d) throw new Error(`${r.urn} depends on ${dep}, which is not in the plan`);
      for (const u of d.custom ? [dep] : customBelow(dep)) waits.add(u);
    }
    if (r.provider && byUrn.has(providerUrn(r.provider))) waits.add(providerUrn(r.provider));
    if (r.parent && byUrn.get(r.parent)?.custom) waits.add(r.parent);
    waits.delete(r.urn);
    result.set(r.urn, [...waits]);
  }
  return result;
}

/** Longest path of create times; `durationOf` defaults to the table in create-durations.ts. */
export function criticalPath(stack: RenderedStack, durationOf: (r: RenderedResource) => CreateDuration = createDuration): CriticalPath {
  const waits = prerequisites(stack);
  const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
  const timing = new Map<string, { start: number; finish: number; after?: string; duration: CreateDuration }>();
  const open = new Set<string>();

  const time = (urn: string): { start: number; finish: number } => {
    const done = timing.get(urn);
    if (done) return done;
    if (open.has(urn)) throw new Error(`dependency cycle through ${urn}`);
    open.add(urn);
    let start = 0;
    let after: string | undefined;
    for (const w of waits.get(urn) ?? []) {
      const f = time(w).finish;
      // Ties keep the first; a wait that ends at 0 (a provider) is not a step.
      if (f > start) [start, after] = [f, w];
    }
    open.delete(urn);
    const duration = durationOf(byUrn.get(urn)!);
    const t = { start, finish: start + duration.minutes, after, duration };
    timing.set(urn, t);
    return t;
  };

  const custom = stack.resources.filter((r) => r.custom);
  if (custom.length === 0) throw new Error("the plan has no custom resources");
  let last = custom[0]!;
  let slowest = custom[0]!;
  for (const r of custom) {
    if (time(r.urn).finish > time(last.urn).finish) last = r;
    if (timing.get(r.urn)!.duration.minutes > timing.get(slowest.urn)!.duration.minutes) slowest = r;
  }

  const steps: PathStep[] = [];
  for (let urn: string | undefined = last.urn; urn; urn = timing.get(urn)!.after) {
    const r = byUrn.get(urn)!;
    const t = timing.get(urn)!;
    steps.unshift({ urn, name: r.name, type: r.type, start: t.start, finish: t.finish, duration: t.duration });
  }
  const total = timing.get(last.urn)!.finish;
  const slowestMinutes = timing.get(slowest.urn)!.duration.minutes;
  return {
    steps,
    total,
    slowest: { urn: slowest.urn, name: slowest.name, type: slowest.type, minutes: slowestMinutes },
    ratio: slowestMinutes > 0 ? total / slowestMinutes : 1,
  };
}

const min = (m: number): string => m.toFixed(1).padStart(5);

/** The path as `npm run bench` prints it: figures, the chain, then the sources of its durations. */
export function formatCriticalPath(stack: string, path: CriticalPath, target: number): string[] {
  const sources: string[] = [];
  const ref = (d: CreateDuration): string => d.sources.map((s) => {
    if (!sources.includes(s)) sources.push(s);
    return `[${sources.indexOf(s) + 1}]`;
  }).join("");
  const verdict = path.ratio <= target ? "meets" : "MISSES";
  const lines = [
    `deploy critical path (${stack}): ${path.total.toFixed(1)} min = ${path.ratio.toFixed(2)} × the slowest single resource ` +
      `(${path.slowest.name}, ${path.slowest.type}, ${path.slowest.minutes.toFixed(1)} min); ${verdict} the target ≤ ${target.toFixed(2)}×`,
    `  start finish  min  resource`,
    ...path.steps.map((s) =>
      `  ${min(s.start)} ${min(s.finish)} ${min(s.duration.minutes)}  ${s.name} (${s.type}): ${s.duration.basis} ${ref(s.duration)}`),
    `  durations: infra/plan/create-durations.ts, recorded ${RECORDED}; types it does not list count ${DEFAULT_MINUTES} min`,
    ...sources.map((s, i) => `  [${i + 1}] ${s}`),
  ];
  return lines;
}
