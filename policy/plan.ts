/**
 * A rendered stack as the policy runner reads it: every registration as the
 * engine received it. The offline plan (infra/plan/harness.ts) produces it; the
 * pack defines it so that it depends on nothing above it.
 */

/** Resource options as the engine sees them in the registration. */
export interface RegisteredOptions {
  protect: boolean;
  retainOnDelete: boolean;
  dependencies: string[];
  /** The resources each input waits for (input name → URNs); absent when none does. */
  propertyDependencies?: Record<string, string[]>;
  ignoreChanges: string[];
  deleteBeforeReplace: boolean;
  customTimeouts?: { create?: string; update?: string; delete?: string };
  /** URNs the resource was known by (its `aliases`, resolved); absent when it has none. */
  aliases?: string[];
}

/** One registered resource. */
export interface RenderedResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent?: string;
  /** Provider reference (`urn::id`) for custom resources. */
  provider?: string;
  /** Inputs with secret values replaced by "[secret]". */
  inputs: Record<string, unknown>;
  options: RegisteredOptions;
}

/** A rendered stack. */
export interface RenderedStack {
  project: string;
  stack: string;
  stackFile: string;
  resources: RenderedResource[];
  /** Stack outputs with secret values replaced by "[secret]". */
  outputs: Record<string, unknown>;
}
