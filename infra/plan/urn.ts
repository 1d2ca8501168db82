// Pulumi's URN rule, for the URNs a resource's aliases name: the plan records them and the diff follows them.

/**
 * `urn:pulumi:<stack>::<project>::<parent types$><type>::<name>`. The parent's
 * qualified type prefixes the child's, except the stack's own type: a child of
 * the stack is named as if it had no parent (as the SDK's createUrn does).
 */
export function urnOf(type: string, name: string, parentUrn: string | undefined, stack: string, project: string): string {
  const root = `urn:pulumi:${stack}::${project}::`;
  if (!parentUrn) return `${root}${type}::${name}`;
  const parentPrefix = parentUrn.slice(0, parentUrn.lastIndexOf("::"));
  if (parentPrefix.endsWith("::pulumi:pulumi:Stack")) return `${parentPrefix.slice(0, -"pulumi:pulumi:Stack".length)}${type}::${name}`;
  return `${parentPrefix}$${type}::${name}`;
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
