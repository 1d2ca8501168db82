// Case tables for the policy pack: each case edits a copy of a real rendered
// stack and names the rules that must fire because of the edit, and no other.
// Comparing against the unedited stack keeps each case about its own edit.
import type { PolicyPackConfig } from "@pulumi/policy";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { runPolicyPack, type PolicyViolation } from "../../policy/runner";
import { resourceRules } from "../../policy/rules";
import { realStackViolations } from "../support/render";

/** One compliant or violating case of a rule. */
export interface PolicyCase {
  /** The rule the case is about. */
  rule: string;
  /** What the edit does. */
  title: string;
  /** Real stack the edit starts from. */
  stack: "dev" | "prod";
  /** Changes the copy of the rendered stack in place. */
  edit: (s: RenderedStack) => void;
  /** Rules the edit must make fire (empty for a compliant case). */
  fires: string[];
  /** Pack config of the edited run (the real stack runs with the defaults). */
  config?: PolicyPackConfig;
}

const key = (v: PolicyViolation): string => `${v.policy}\u0000${v.urn ?? ""}\u0000${v.message}`;

/** Rule names of the pack's resource rules: their violations belong to one resource. */
const RESOURCE_RULES = new Set(resourceRules.map((r) => r.name));

/**
 * The violations of a run of the pack over `edited`, as far as they can differ from `base`'s with the
 * default config: resource rules only over the resources the edit changed or added (and the providers
 * they resolve), stack rules over the whole stack. A resource rule sees one resource and its provider,
 * so an unchanged resource gives what it gave in `base`. Returns also the base's matching violations.
 */
async function changedRuns(base: RenderedStack, edited: RenderedStack, baseViolations: readonly PolicyViolation[]): Promise<[PolicyViolation[], PolicyViolation[]]> {
  const before = new Map(base.resources.map((r) => [r.urn, JSON.stringify(r)]));
  const isProvider = (r: RenderedResource) => r.type.startsWith("pulumi:providers:");
  const changed = edited.resources.filter((r) => before.get(r.urn) !== JSON.stringify(r));
  const scope = new Set([...changed, ...edited.resources.filter(isProvider)].map((r) => r.urn));
  const [resourceSide, stackSide] = await Promise.all([
    runPolicyPack({ ...edited, resources: edited.resources.filter((r) => scope.has(r.urn)) }, { stackRules: [] }),
    runPolicyPack(edited, { resourceRules: [] }),
  ]);
  const baseSide = baseViolations.filter((v) => !RESOURCE_RULES.has(v.policy) || (v.urn !== undefined && scope.has(v.urn)));
  return [[...resourceSide, ...stackSide], baseSide];
}

/**
 * Violations of `edited` that `base` does not have (as a multiset); `base` runs with the default config,
 * or for an unedited real stack is the global setup's run of the pack. Without a config of its own, only
 * what the edit touched is validated again (changedRuns); with one, the whole pack runs.
 */
export async function newViolations(base: RenderedStack, edited: RenderedStack, config?: PolicyPackConfig): Promise<PolicyViolation[]> {
  const baseAll = realStackViolations(base) ?? await runPolicyPack(base);
  const providerChanged = edited.resources.some((r) => r.type.startsWith("pulumi:providers:")
    && JSON.stringify(r) !== JSON.stringify(base.resources.find((b) => b.urn === r.urn)));
  const [after, baseSide] = config === undefined && !providerChanged
    ? await changedRuns(base, edited, baseAll)
    : [await runPolicyPack(edited, { config }), [...baseAll]];
  const before = new Map<string, number>();
  for (const v of baseSide) before.set(key(v), (before.get(key(v)) ?? 0) + 1);
  const added: PolicyViolation[] = [];
  for (const v of after) {
    const left = before.get(key(v)) ?? 0;
    if (left > 0) before.set(key(v), left - 1);
    else added.push(v);
  }
  return added;
}

/**
 * Runs a case: the sorted names of the rules that fire on the edited stack
 * (with the case's config) and not on the real one (default config).
 */
export async function runCase(base: RenderedStack, c: PolicyCase): Promise<{ fired: string[]; violations: PolicyViolation[] }> {
  const edited = structuredClone(base);
  c.edit(edited);
  const violations = await newViolations(base, edited, c.config);
  return { fired: [...new Set(violations.map((v) => v.policy))].sort(), violations };
}

/** The only resource of `type` named `name`; throws when the stack has none, so a renamed resource fails loudly. */
export function find(s: RenderedStack, type: string, name: string): RenderedResource {
  const r = s.resources.find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(`no ${type} named ${name} in stack ${s.stack}`);
  return r;
}

/** A provider reference (`urn::id`) to the provider resource named `name`. */
function providerRef(s: RenderedStack, name: string): string {
  const p = s.resources.find((x) => x.type.startsWith("pulumi:providers:") && x.name === name);
  if (!p) throw new Error(`no provider named ${name} in stack ${s.stack}`);
  return `${p.urn}::${p.name}-id`;
}

/** Adds a custom resource at the stack root, deployed through the provider named `provider`. */
export function add(s: RenderedStack, r: { type: string; name: string; provider: string; inputs: Record<string, unknown>; protect?: boolean; retainOnDelete?: boolean }): RenderedResource {
  const stackUrn = s.resources.find((x) => x.type === "pulumi:pulumi:Stack")!.urn;
  const resource: RenderedResource = {
    urn: `urn:pulumi:${s.stack}::${s.project}::${r.type}::${r.name}`,
    type: r.type,
    name: r.name,
    custom: true,
    parent: stackUrn,
    provider: providerRef(s, r.provider),
    inputs: r.inputs,
    options: { protect: r.protect ?? false, retainOnDelete: r.retainOnDelete ?? false, dependencies: [], ignoreChanges: [], deleteBeforeReplace: false },
  };
  s.resources.push(resource);
  return resource;
}

/** Removes the resources `drop` selects. */
export function remove(s: RenderedStack, drop: (r: RenderedResource) => boolean): void {
  s.resources = s.resources.filter((r) => !drop(r));
}

/** The required tags of a region of the real stacks, for resources a case adds. */
export function tagsOf(stack: "dev" | "prod", awsRegion: string): Record<string, string> {
  return { project: "inference-platform", stack, region: awsRegion, owner: "platform-team" };
}

/** A Kubernetes workload inputs with one container. */
export function workload(kind: "Deployment" | "DaemonSet", container: Record<string, unknown>, podSpec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: "apps/v1",
    kind,
    metadata: { name: "case", namespace: "inference" },
    spec: {
      selector: { matchLabels: { app: "case" } },
      template: { metadata: { labels: { app: "case" } }, spec: { containers: [{ name: "main", ...container }], ...podSpec } },
    },
  };
}

/** Container resources that satisfy k8s-requests-limits. */
export const SIZED = { resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } } };
