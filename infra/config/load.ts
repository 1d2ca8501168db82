import type { z } from "zod";
import { propertyPath as keyPath } from "../../components/lib/contract";
import { regionFieldProblems, regionSettingsSchema } from "../../components/region";
import { regionProblemsPlanned } from "./inputs";
import { foreignKeyProblems, withoutForeignKeys } from "./namespaces";
import { PROJECT } from "./project";
import { planningSchema, stackConfigSchema, TOP_LEVEL_NUMBERS, type StackConfig } from "./schema";
import type { ConfigProblem } from "./problem";
import { checkSemantics } from "./semantics";

export type { ConfigProblem } from "./problem";

/** Thrown when a stack file holds invalid configuration; lists every problem. */
export class StackConfigError extends Error {
  constructor(
    /** Stack file the values came from, e.g. `Pulumi.prod.yaml`. */
    readonly stackFile: string,
    /** Every problem found. */
    readonly problems: ConfigProblem[],
  ) {
    super(
      `${stackFile}: ${problems.length} invalid configuration value(s):\n` +
        problems.map((p) => `  - ${describe(stackFile, p)}`).join("\n"),
    );
    this.name = "StackConfigError";
  }
}

function describe(stackFile: string, p: ConfigProblem): string {
  const value = p.shown ?? (p.value === undefined ? "missing" : `got ${showValue(p.value)}`);
  return `${stackFile} ${p.key} (${value}): ${p.message}`;
}

/** YAML's spellings of the numbers JSON has none for. */
const NON_FINITE_TEXT = /^[-+]?\.(nan|NaN|NAN|inf|Inf|INF)$/;

/** A value as the stack file wrote it: JSON, but YAML's `.nan` / `.inf` for the numbers JSON cannot show. */
function showValue(v: unknown): string {
  if (typeof v === "number" && !Number.isFinite(v)) return Number.isNaN(v) ? ".nan" : v > 0 ? ".inf" : "-.inf";
  return JSON.stringify(v, (_, x: unknown) => (typeof x === "number" && !Number.isFinite(x) ? showValue(x) : x));
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg as string];
  }
  return cur;
}

function zodProblems(raw: Record<string, unknown>, error: z.ZodError): ConfigProblem[] {
  return error.issues.flatMap((issue): ConfigProblem[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((k) => ({
        key: `${PROJECT}:${keyPath([...issue.path, k])}`,
        value: valueAt(raw, [...issue.path, k]),
        message: "unknown key (misspelt?)",
      }));
    }
    const value = valueAt(raw, issue.path);
    const key = `${PROJECT}:${keyPath(issue.path)}`;
    if (value === undefined && issue.code === "invalid_type") return [{ key, value, message: "required key is missing" }];
    return [{ key, value, ...typeMistake(issue, value) }];
  });
}

/** Version-like text YAML reads as a number when unquoted (1.30 becomes 1.3). */
const VERSION_TEXT = /^\d+\.\d+$/;
const QUOTE_VERSIONS = "quote versions: unquoted, YAML reads 1.30 as the number 1.3";

/**
 * The message of a zod issue, clearer where YAML typed the value: a number
 * where text belongs (quote it; versions lose their trailing zeros), YAML's
 * `.nan` / `.inf` where a number belongs. Pulumi hands top-level scalars over
 * as text, a number as its JSON (1.30 as "1.3"), so a refused version-like
 * text there gets the quoting hint too.
 */
function typeMistake(issue: z.core.$ZodIssue, value: unknown): { message: string; shown?: string } {
  if (issue.code === "invalid_type" && issue.expected === "string" && typeof value === "number") {
    const quoted = `"${showValue(value)}"`;
    return { message: Number.isInteger(value) ? `a number where text belongs: quote it (${quoted})` : `a number where text belongs: ${QUOTE_VERSIONS} (e.g. ${quoted})` };
  }
  const topLevel = issue.path.length === 1 ? String(issue.path[0]) : undefined;
  const expectsNumber = (issue.code === "invalid_type" && issue.expected === "number") || (topLevel !== undefined && TOP_LEVEL_NUMBERS.has(topLevel));
  const nonFinite = "not a finite number: write a number (YAML's .nan and .inf are none)";
  if (typeof value === "number" && !Number.isFinite(value)) return { message: nonFinite };
  if (expectsNumber && typeof value === "string" && NON_FINITE_TEXT.test(value)) return { message: nonFinite, shown: `got ${value}` };
  const versionAsNumber = topLevel !== undefined && !TOP_LEVEL_NUMBERS.has(topLevel) && typeof value === "string" && VERSION_TEXT.test(value);
  return { message: versionAsNumber ? `${issue.message}; written as a number? ${QUOTE_VERSIONS}` : issue.message };
}

/**
 * When the file fails its schema, the rules of each region that passes its own
 * schema (capacity, serving, ...) are still checked, and those on single inputs
 * of the others, so one run lists every problem a person must fix, not the
 * schema's first and the plan's later.
 */
function validRegionsProblems(raw: Record<string, unknown>): ConfigProblem[] {
  const planning = planningSchema.safeParse(raw);
  if (!Array.isArray(raw.regions)) return [];
  return raw.regions.flatMap((region: unknown, i) => {
    const r = regionSettingsSchema.safeParse(region);
    const problems = r.success && planning.success ? regionProblemsPlanned(r.data, planning.data, planning.data.environment) : regionFieldProblems(region);
    return problems.map((p) => ({
      key: `${PROJECT}:${keyPath(["regions", i, ...p.path])}`,
      value: valueAt(raw, ["regions", i, ...p.path]),
      message: p.message,
    }));
  });
}

/**
 * Validates raw configuration (keys without the project namespace, values
 * already parsed from YAML/JSON; top-level numbers may arrive as text) and returns it typed, or throws one
 * StackConfigError naming the stack file, every bad key, its value and what is
 * allowed. Pure: no Pulumi runtime needed.
 */
export function parseStackConfig(rawWithForeign: Record<string, unknown>, stackFile: string): StackConfig {
  const raw = withoutForeignKeys(rawWithForeign);
  const foreign = foreignKeyProblems(rawWithForeign);
  const parsed = stackConfigSchema.safeParse(raw);
  if (!parsed.success) throw new StackConfigError(stackFile, [...foreign, ...zodProblems(raw, parsed.error), ...validRegionsProblems(raw)]);
  const problems = [...foreign, ...checkSemantics(parsed.data).map((p) => ({
    key: `${PROJECT}:${keyPath(p.path)}`,
    value: valueAt(raw, p.path),
    message: p.message,
    ...(p.shown ? { shown: p.shown } : {}),
  }))];
  if (problems.length > 0) throw new StackConfigError(stackFile, problems);
  return parsed.data;
}

/**
 * Turns Pulumi's flat config map (`project:key` → string) into raw values for
 * `parseStackConfig`. Structured values arrive as JSON text, numbers as their
 * decimal text. Keys of the project lose their namespace; keys of other
 * namespaces stay whole (with their `:`), for parseStackConfig to check.
 */
export function rawConfigFromPulumi(all: Record<string, string>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [fullKey, text] of Object.entries(all)) {
    const key = fullKey.startsWith(`${PROJECT}:`) ? fullKey.slice(PROJECT.length + 1) : fullKey;
    raw[key] = parseConfigText(text);
  }
  return raw;
}

function parseConfigText(text: string): unknown {
  // Only structured values are JSON; "1.34" must stay the string it was written as.
  if (!/^\s*[[{]/.test(text)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
