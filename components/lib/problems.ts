import * as pulumi from "@pulumi/pulumi";

/** One refused input: which property, what was wrong with it. */
export interface InputProblem {
  /** Dotted path of the offending property, e.g. `gpuPools[0].instanceTypes`. */
  property: string;
  /** What is wrong and what is allowed. */
  reason: string;
}

/**
 * Throws one `pulumi.InputPropertiesError` listing every problem, so a user fixes
 * all of them in one round instead of one per `pulumi up`. Does nothing when the
 * list is empty.
 */
export function refuseInputs(component: string, name: string, problems: InputProblem[]): void {
  if (problems.length === 0) return;
  const lines = problems.map((p) => `  - ${p.property}: ${p.reason}`);
  throw new pulumi.InputPropertiesError({
    message: `${component} "${name}": ${problems.length} invalid input(s):\n${lines.join("\n")}`,
    errors: problems.map((p) => ({ propertyPath: p.property, reason: p.reason })),
  });
}
