/**
 * The semantic diff of two rendered plans: resources paired by URN, each
 * change a create, update, replace or delete with one line per changed leaf.
 * JSON and YAML held in strings (dashboards, configs) are compared as
 * structures; paths under a resource's `ignoreChanges` are left out, as a real
 * preview would. Pure.
 */
import { parse as parseYaml } from "yaml";
import { pairedByAlias, withEngineUrns } from "./aliases";
import type { PlanResource } from "./plan-resource";
import { forcesReplacement, STATEFUL_TYPES } from "./replace-on-change";

export type { PlanResource } from "./plan-resource";

/** One changed leaf. `undefined` stands for absent. */
export interface PropertyChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

export type ChangeKind = "create" | "update" | "replace" | "delete";

/** One changed resource. */
export interface ResourceChange {
  urn: string;
  type: string;
  name: string;
  kind: ChangeKind;
  /** Protected (`protect`) or stateful (REPLACE_ON_CHANGE's types): a delete or replace of one loses data or an endpoint. */
  protected: boolean;
  /** Why it is replaced, when it is. */
  reason?: string;
  /** The base URN it had, followed through an alias (its own or its parent's): the same resource, moved. */
  movedFrom?: string;
  properties: PropertyChange[];
}

export interface PlanDiff {
  summary: Record<ChangeKind | "same", number>;
  changes: ResourceChange[];
}

type Leaf = [path: string, value: unknown];

/** Strings held as documents, by path, as written: a change the parse hides (a comment) still shows. */
type Documents = Map<string, string>;

/** A string that holds a JSON or YAML document, parsed; undefined for plain text. */
function structured(s: string): unknown {
  const t = s.trim();
  if (t.startsWith("{") || t.startsWith("[")) {
    try {
      return JSON.parse(t);
    } catch {
      return undefined;
    }
  }
  if (!t.includes("\n") || !/^[\w.-]+:\s/m.test(t)) return undefined;
  try {
    const doc: unknown = parseYaml(t);
    return doc !== null && typeof doc === "object" ? doc : undefined;
  } catch {
    return undefined;
  }
}

const join = (path: string, key: string | number): string =>
  typeof key === "number" ? `${path}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;

/** Every leaf of `value` with its path; documents in strings are walked into. */
function leaves(value: unknown, path = "", documents?: Documents): Leaf[] {
  if (typeof value === "string") {
    const doc = structured(value);
    if (doc === undefined) return [[path, value]];
    documents?.set(path, value);
    return leaves(doc, path, documents);
  }
  if (Array.isArray(value)) return value.length === 0 ? [[path, []]] : value.flatMap((v, i) => leaves(v, join(path, i), documents));
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? [[path, {}]] : entries.flatMap(([k, v]) => leaves(v, join(path, k), documents));
  }
  return [[path, value]];
}

const under = (path: string, prefix: string): boolean => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

/** The changed leaves between two input objects, minus `ignored` paths. */
export function propertyChanges(before: Record<string, unknown>, after: Record<string, unknown>, ignored: readonly string[] = []): PropertyChange[] {
  const docsA: Documents = new Map();
  const docsB: Documents = new Map();
  const a = new Map(leaves(before, "", docsA));
  const b = new Map(leaves(after, "", docsB));
  const changes: PropertyChange[] = [];
  for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    if (ignored.some((p) => under(path, p))) continue;
    const x = a.get(path);
    const y = b.get(path);
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    changes.push({ path, ...(a.has(path) ? { before: x } : {}), ...(b.has(path) ? { after: y } : {}) });
  }
  // A document whose text changed but whose parsed leaves did not (a comment, quoting): the text itself.
  for (const [path, text] of docsA) {
    const now = docsB.get(path);
    if (now !== undefined && now !== text && !ignored.some((p) => under(path, p)) && !changes.some((c) => under(c.path, path))) {
      changes.push({ path, before: text, after: now });
    }
  }
  return changes;
}

const isProtected = (r: PlanResource): boolean => r.options.protect === true || STATEFUL_TYPES.has(r.type);
const allLeaves = (r: PlanResource, side: "before" | "after"): PropertyChange[] =>
  leaves(r.inputs).map(([path, value]) => ({ path, [side]: value }));

/** Compares two plans of the same stack. Only custom resources (what the engine creates) are listed. */
export function comparePlans(basePlan: readonly PlanResource[], headPlan: readonly PlanResource[]): PlanDiff {
  const [base, head] = [withEngineUrns(basePlan), withEngineUrns(headPlan)];
  const custom = (rs: readonly PlanResource[]) => new Map(rs.filter((r) => r.custom).map((r) => [r.urn, r]));
  const before = custom(base);
  const after = custom(head);
  const changes: ResourceChange[] = [];
  let same = 0;

  // A gone resource that a new one is through an alias is that resource, moved: the engine updates it in place.
  const aliased = pairedByAlias(base, head);
  const pairedBase = new Set(aliased.values());

  // A resource whose URN changed but whose type and name did not was re-parented without an alias: replaced.
  const key = (r: PlanResource) => `${r.type}::${r.name}`;
  const goneByKey = new Map([...before.values()].filter((r) => !after.has(r.urn) && !pairedBase.has(r)).map((r) => [key(r), r]));
  const moved = new Map<string, PlanResource>();

  for (const [urn, h] of after) {
    const viaAlias = aliased.get(urn);
    const b = before.get(urn) ?? viaAlias ?? goneByKey.get(key(h));
    // A gone resource pairs with one new resource at most.
    if (b && b.urn !== urn && !viaAlias) goneByKey.delete(key(h));
    if (!b) {
      changes.push({ urn, type: h.type, name: h.name, kind: "create", protected: isProtected(h), properties: allLeaves(h, "after") });
      continue;
    }
    const properties = propertyChanges(b.inputs, h.inputs, h.options.ignoreChanges ?? []);
    if (viaAlias) moved.set(b.urn, b);
    if (b.urn !== urn && !viaAlias) {
      moved.set(b.urn, b);
      changes.push({ urn, type: h.type, name: h.name, kind: "replace", protected: isProtected(h) || isProtected(b), reason: `URN changed from ${b.urn} (re-parented or renamed without an alias)`, properties });
      continue;
    }
    if (properties.length === 0) {
      same++;
      continue;
    }
    const forcing = properties.filter((p) => forcesReplacement(h.type, p.path)).map((p) => p.path);
    changes.push({
      urn, type: h.type, name: h.name, kind: forcing.length > 0 ? "replace" : "update", protected: isProtected(h) || isProtected(b),
      ...(forcing.length > 0 ? { reason: `changing ${forcing.join(", ")} forces a new resource` } : {}),
      ...(viaAlias ? { movedFrom: b.urn } : {}),
      properties,
    });
  }
  for (const [urn, b] of before) {
    if (!after.has(urn) && !moved.has(urn)) changes.push({ urn, type: b.type, name: b.name, kind: "delete", protected: isProtected(b), properties: allLeaves(b, "before") });
  }

  const order: Record<ChangeKind, number> = { delete: 0, replace: 1, update: 2, create: 3 };
  changes.sort((x, y) => Number(y.protected) - Number(x.protected) || order[x.kind] - order[y.kind] || x.urn.localeCompare(y.urn));
  const summary = { create: 0, update: 0, replace: 0, delete: 0, same };
  for (const c of changes) summary[c.kind]++;
  return { summary, changes };
}

/** True when the diff deletes or replaces a protected or stateful resource: the command then exits 3. */
export function losesState(d: PlanDiff): boolean {
  return d.changes.some((c) => c.protected && (c.kind === "delete" || c.kind === "replace"));
}
