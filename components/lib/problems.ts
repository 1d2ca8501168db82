import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { parseSettings, propertyPath, settingsOf } from "./contract";

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

/**
 * The component's settings from its Args, parsed by its contract schema with
 * defaults applied; refuses (one InputPropertiesError) with every schema
 * problem plus `more` (rules on the wiring the schema cannot see). Runs
 * before the component registers any child. `args` mixes settings and wiring
 * (TypeScript refuses unknown keys there); pass `{ settingsOnly: true }` when
 * it is the settings alone, so a misspelt key is refused too. Rules on the
 * wiring alone go in `options.wiring`: they are listed even when the settings
 * are malformed, so one error still names every problem.
 */
export function settingsOrRefuse<S extends z.ZodObject>(
  component: string,
  name: string,
  schema: S,
  args: object,
  more: (settings: z.output<S>) => InputProblem[] = () => [],
  options: { settingsOnly?: boolean; wiring?: () => InputProblem[] } = {},
): z.output<S> {
  const parsed = parseSettings(schema, options.settingsOnly ? args : settingsOf(schema.shape, args));
  const wiring = options.wiring?.() ?? [];
  if (!parsed.ok) {
    refuseInputs(component, name, [...parsed.problems.map((p) => ({ property: propertyPath(p.path), reason: p.message })), ...wiring]);
    throw new Error("unreachable");
  }
  refuseInputs(component, name, [...more(parsed.value), ...wiring]);
  return parsed.value;
}
