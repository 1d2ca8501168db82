import type { z } from "zod";
import { propertyPath as keyPath } from "../../components/lib/contract";
import { planRegion, regionSettingsSchema } from "../../components/region";
import { PROJECT } from "./project";
import { planningSchema, stackConfigSchema, type StackConfig } from "./schema";
import { checkSemantics } from "./semantics";

/** One refused config value. */
export interface ConfigProblem {
  /** Full key with its path, e.g. `inference-platform:regions[0].awsRegion`. */
  key: string;
  /** The offending value as written, or undefined when the key is missing. */
  value: unknown;
  /** What is wrong and what is allowed. */
  message: string;
}

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
  const value = p.value === undefined ? "missing" : `got ${JSON.stringify(p.value)}`;
  return `${stackFile} ${p.key} (${value}): ${p.message}`;
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
    const message = value === undefined && issue.code === "invalid_type" ? "required key is missing" : issue.message;
    return [{ key: `${PROJECT}:${keyPath(issue.path)}`, value, message }];
  });
}

/**
 * When the file fails its schema, the rules of each region that passes its own
 * schema (capacity, serving, ...) are still checked, so one run lists every problem
 * a person must fix, not the schema's first and the plan's later.
 */
function validRegionsProblems(raw: Record<string, unknown>): ConfigProblem[] {
  const planning = planningSchema.safeParse(raw);
  if (!planning.success || !Array.isArray(raw.regions)) return [];
  return raw.regions.flatMap((region: unknown, i) => {
    const r = regionSettingsSchema.safeParse(region);
    if (!r.success) return [];
    return planRegion(r.data, planning.data, planning.data.environment).problems.map((p) => ({
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
export function parseStackConfig(raw: Record<string, unknown>, stackFile: string): StackConfig {
  const parsed = stackConfigSchema.safeParse(raw);
  if (!parsed.success) throw new StackConfigError(stackFile, [...zodProblems(raw, parsed.error), ...validRegionsProblems(raw)]);
  const problems = checkSemantics(parsed.data).map((p) => ({
    key: `${PROJECT}:${keyPath(p.path)}`,
    value: valueAt(raw, p.path) ?? p.value,
    message: p.message,
  }));
  if (problems.length > 0) throw new StackConfigError(stackFile, problems);
  return parsed.data;
}

/**
 * Turns Pulumi's flat config map (`project:key` → string) into raw values for
 * `parseStackConfig`. Structured values arrive as JSON text, numbers as their
 * decimal text.
 */
export function rawConfigFromPulumi(all: Record<string, string>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [fullKey, text] of Object.entries(all)) {
    if (!fullKey.startsWith(`${PROJECT}:`)) continue;
    const key = fullKey.slice(PROJECT.length + 1);
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
