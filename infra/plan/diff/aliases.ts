/**
 * Which base resource a head resource is, by URN or through an alias, as the
 * engine decides it (pulumi/pulumi pkg/resource/deploy/step_generator.go,
 * generateAliases and collapseAliasToUrn): a resource found under its own URN
 * uses no alias; otherwise its aliases are tried, and, when its parent was
 * itself found through an alias, the same names under that one old parent URN.
 * Plans rendered before the plan kept the engine's URNs are renamed first.
 */
import { inheritedChildAlias, parseUrn, urnOf } from "../urn";
import type { PlanResource } from "./plan-resource";

/**
 * The plan with every URN as the engine makes it, from each resource's type,
 * name and parent (a plan rendered before 06f50ca named a child after its
 * parent's own type only). Idempotent on a current plan.
 */
export function withEngineUrns(resources: readonly PlanResource[]): PlanResource[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const renamed = new Map<string, string>();
  const engineUrn = (r: PlanResource): string => {
    const known = renamed.get(r.urn);
    if (known) return known;
    const parent = r.parent ? byUrn.get(r.parent) : undefined;
    const { stack, project } = parseUrn(r.urn);
    const urn = urnOf(r.type, r.name, parent ? engineUrn(parent) : undefined, stack, project);
    renamed.set(r.urn, urn);
    return urn;
  };
  return resources.map((r) => {
    const parent = r.parent ? byUrn.get(r.parent) : undefined;
    return { ...r, urn: engineUrn(r), parent: parent ? engineUrn(parent) : r.parent };
  });
}

/** For each head resource found only through an alias, the base resource it is. */
export function pairedByAlias(base: readonly PlanResource[], head: readonly PlanResource[]): Map<string, PlanResource> {
  const olds = new Map(base.map((r) => [r.urn, r]));
  const current = new Map(head.map((r) => [r.urn, r]));
  // Head URN → the one old URN it was found under through an alias; null when found under its own or not at all.
  const oldUrn = new Map<string, string | null>();
  const claimed = new Set<string>();

  const resolve = (r: PlanResource): string | null => {
    const known = oldUrn.get(r.urn);
    if (known !== undefined) return known;
    oldUrn.set(r.urn, null); // a parent loop, however unlikely, ends here
    if (olds.has(r.urn)) return null;
    const parent = r.parent ? current.get(r.parent) : undefined;
    const parentOld = parent ? resolve(parent) : null;
    const own = r.options.aliases ?? [];
    const candidates = [...own];
    if (parent && parentOld) {
      candidates.push(inheritedChildAlias(r.type, r.name, parent.name, parentOld));
      for (const alias of own) {
        const named = parseUrn(alias);
        // The SDK sends the current parent with a spec that names none; the engine puts the parent's old URN there.
        if (named.qualifiedType === `${parseUrn(parent.urn).qualifiedType}$${named.type}`) {
          candidates.push(urnOf(named.type, named.name, parentOld, named.stack, named.project));
        }
        candidates.push(inheritedChildAlias(named.type, named.name, parent.name, parentOld));
      }
    }
    // An old URN the head still has is that resource's own; one already taken stays with its first claimant.
    const found = candidates.find((urn) => urn !== r.urn && olds.has(urn) && !current.has(urn) && !claimed.has(urn)) ?? null;
    if (found) claimed.add(found);
    oldUrn.set(r.urn, found);
    return found;
  };

  const paired = new Map<string, PlanResource>();
  for (const r of head) {
    const found = resolve(r);
    if (found) paired.set(r.urn, olds.get(found)!);
  }
  return paired;
}
