/**
 * A component's contract: its settings defined once, as a zod schema with
 * defaults and rules, in a Pulumi-free file. From that one schema come the
 * component's `Args` type (`z.input`), its input validation (`parseSettings`,
 * then one InputPropertiesError listing every problem) and the section of the
 * stack file that configures it (the stack schema embeds the same schema).
 */
import type { z } from "zod";

/** One problem a settings schema found, at a path relative to the settings. */
export interface SettingsProblem {
  path: Array<string | number>;
  message: string;
}

/** Property path as users write it: `topics[0].name`. */
export function propertyPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((seg, i) => (typeof seg === "number" ? `[${seg}]` : `${i === 0 ? "" : "."}${String(seg)}`)).join("");
}

/** Every problem in a zod error; an unknown key is one problem each, at its own path. */
export function settingsProblems(error: z.ZodError): SettingsProblem[] {
  return error.issues.flatMap((issue): SettingsProblem[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    if (issue.code === "unrecognized_keys") return issue.keys.map((k) => ({ path: [...path, k], message: "unknown key (misspelt?)" }));
    return [{ path, message: issue.message }];
  });
}

/** The settings with defaults applied, or every problem. Never throws. */
export function parseSettings<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | { ok: false; problems: SettingsProblem[] } {
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: settingsProblems(parsed.error) };
}

/** The keys of `args` that `shape` declares (a component's Args also carry wiring the schema does not know). */
export function settingsOf(shape: Readonly<Record<string, unknown>>, args: object): Record<string, unknown> {
  const source = args as Record<string, unknown>;
  return Object.fromEntries(Object.keys(shape).filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}
