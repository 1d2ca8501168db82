// Pulumi's URN rules (the engine's, sdk/go/common/resource/urn and the deployment's step generator):
// the plan names resources as the engine does, records their aliases, and the diff follows them.

const STACK_TYPE = "pulumi:pulumi:Stack";

/** The parts of `urn:pulumi:<stack>::<project>::<qualified type>::<name>`; a name may itself hold "::". */
export function parseUrn(urn: string): { stack: string; project: string; qualifiedType: string; type: string; name: string } {
  const [head = "", project = "", qualifiedType = "", ...name] = urn.split("::");
  return { stack: head.replace(/^urn:pulumi:/, ""), project, qualifiedType, type: qualifiedType.split("$").pop()!, name: name.join("::") };
}

/**
 * `urn:pulumi:<stack>::<project>::<parent types$><type>::<name>`: the parent's
 * whole qualified type prefixes the child's, except the stack's own type (a
 * child of the stack is named as if it had no parent).
 */
export function urnOf(type: string, name: string, parentUrn: string | undefined, stack: string, project: string): string {
  const parent = parentUrn ? parseUrn(parentUrn) : undefined;
  if (!parent || parent.qualifiedType === STACK_TYPE) return `urn:pulumi:${stack}::${project}::${type}::${name}`;
  return `urn:pulumi:${parent.stack}::${parent.project}::${parent.qualifiedType}$${type}::${name}`;
}

/**
 * The engine's alias for a child of a parent that was matched under `parentOldUrn`: its
 * type and name under that URN, a name that starts with the parent's name taking the
 * parent's old name there (`new-db` of `new`, once `old`, was `old-db`).
 */
export function inheritedChildAlias(childType: string, childName: string, parentName: string, parentOldUrn: string): string {
  const old = parseUrn(parentOldUrn);
  const name = childName.startsWith(parentName) ? old.name + childName.slice(parentName.length) : childName;
  return urnOf(childType, name, parentOldUrn, old.stack, old.project);
}

/** What a registration says about one alias: a URN, or a spec whose blanks mean "as the resource". */
export interface WireAlias {
  getUrn(): string;
  getSpec(): { getName(): string; getType(): string; getStack(): string; getProject(): string; getParenturn(): string; getNoparent(): boolean } | undefined;
}

/** The URN each alias names, for a resource registered as `type` `name` under `parentUrn`. */
export function aliasUrns(aliases: readonly WireAlias[], self: { type: string; name: string; parentUrn?: string; stack: string; project: string }): string[] {
  return aliases.map((alias) => {
    const spec = alias.getSpec();
    if (!spec) return alias.getUrn();
    const parent = spec.getNoparent() ? undefined : spec.getParenturn() || self.parentUrn;
    return urnOf(spec.getType() || self.type, spec.getName() || self.name, parent, spec.getStack() || self.stack, spec.getProject() || self.project);
  });
}
