// Config keys outside the project's namespace: only those the program reads are allowed, so a misspelt
// namespace (`inference-platfrom:regions`) is refused instead of silently ignored.
import { PROJECT } from "./project";
import type { ConfigProblem } from "./problem";

/** True for a key of another namespace (rawConfigFromPulumi keeps those whole, with their `:`). */
const isForeign = (key: string): boolean => key.includes(":");

/** The raw config without keys of other namespaces. */
export function withoutForeignKeys(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !isForeign(key)));
}

/** Keys of other namespaces the program reads: the alerting webhook secrets the regions name. */
function readForeignKeys(raw: Record<string, unknown>): Set<string> {
  const regions = Array.isArray(raw.regions) ? (raw.regions as unknown[]) : [];
  return new Set(regions.flatMap((r) => {
    const secret = (r as { monitoring?: { alerting?: { webhookUrlSecret?: unknown } } } | null)?.monitoring?.alerting?.webhookUrlSecret;
    return typeof secret === "string" ? [secret] : [];
  }));
}

/** Edits turning `a` into `b` (Levenshtein distance). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[b.length]!;
}

/**
 * One problem per key of another namespace the program does not read. Its
 * value is not shown: keys of other namespaces may hold secrets.
 */
export function foreignKeyProblems(raw: Record<string, unknown>): ConfigProblem[] {
  const read = readForeignKeys(raw);
  return Object.keys(raw).filter((key) => isForeign(key) && !read.has(key)).map((key) => {
    const namespace = key.slice(0, key.indexOf(":"));
    const misspelt = distance(namespace, PROJECT) <= 3;
    return {
      key,
      value: undefined,
      shown: "value not shown: keys outside the project may hold secrets",
      message: misspelt
        ? `unknown namespace "${namespace}" (misspelt?): this program reads ${PROJECT}:${key.slice(namespace.length + 1)}`
        : `not read by this program: it reads ${PROJECT}:… keys and the alerting webhook secrets the regions name (monitoring.alerting.webhookUrlSecret); remove it or name it there`,
    };
  });
}
