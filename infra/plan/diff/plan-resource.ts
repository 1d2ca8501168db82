// A resource as the diff reads it from a plan, shared by the comparison and its alias pairing.

/** A resource as the plan JSON holds it (`npm run plan -- --json`). */
export interface PlanResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent?: string | null;
  /** Provider reference (`urn::id`) of a custom resource. */
  provider?: string;
  inputs: Record<string, unknown>;
  options: { protect?: boolean; ignoreChanges?: string[]; aliases?: string[] };
}
