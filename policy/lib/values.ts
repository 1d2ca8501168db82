// Readers for resource properties as policies receive them: plain JSON, where a
// provider may send booleans as "true"/"false" strings and nested objects as
// JSON text. Rules read through these instead of casting.

/** A JSON object of resource properties. */
export type PropertyMap = Record<string, unknown>;

/** `v` as an object, or undefined when it is not one. */
export function record(v: unknown): PropertyMap | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as PropertyMap) : undefined;
}

/** `v` as an array (empty when it is not one). */
export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** `v` as a string, or undefined. */
export function text(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** Strings of a list, skipping anything else. */
export function texts(v: unknown): string[] {
  return list(v).filter((x): x is string => typeof x === "string");
}

/** `v` as a number (numeric strings included), or undefined. */
export function numeric(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return undefined;
}

/** `v` as a boolean: launch templates and providers carry booleans as "true"/"false". */
export function flag(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (v === "true") return true;
  if (v === "false") return false;
  return undefined;
}

/** Calls `visit` for every string inside `v`, with its dotted path. */
export function eachString(v: unknown, visit: (path: string, value: string) => void, path = ""): void {
  if (typeof v === "string") visit(path, v);
  else if (Array.isArray(v)) v.forEach((x, i) => eachString(x, visit, `${path}[${i}]`));
  else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) eachString(x, visit, path ? `${path}.${k}` : k);
  }
}
