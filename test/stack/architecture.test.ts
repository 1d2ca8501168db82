// The house's import rules, read from the source with TypeScript's own import scanner:
// imports point one way (infra → components' index.ts → components/lib), components/ and
// policy/ never reach into infra/, and no files import each other, directly or in a loop.
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/render";

const SOURCE_DIRS = ["infra", "components", "policy"];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(rel);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [rel] : [];
  });
}

/** Resolves a relative import to a repository file, or undefined for packages. */
function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    if (fs.existsSync(path.join(REPO_ROOT, candidate)) && candidate.endsWith(".ts")) return candidate;
  }
  return undefined;
}

/** file → the repository files it imports (type-only imports count: they tie the files together too). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of SOURCE_DIRS.flatMap(sourceFiles)) {
    const info = ts.preProcessFile(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"), true, true);
    const targets = info.importedFiles.map((i) => resolveImport(file, i.fileName)).filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every import cycle, each as the loop of files (Tarjan's strongly connected components). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return found;
}

const componentOf = (file: string): string | undefined => (file.startsWith("components/") ? file.split("/")[1] : undefined);

const graph = importGraph();
const edges = [...graph].flatMap(([from, targets]) => targets.map((to) => ({ from, to })));

describe("import rules", () => {
  it("reads the whole source tree", () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(edges.length).toBeGreaterThan(200);
  });

  it("has no import cycles, direct or in a loop", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("finds a cycle when there is one (the checker itself)", () => {
    const loop = new Map([["a.ts", ["b.ts"]], ["b.ts", ["c.ts"]], ["c.ts", ["a.ts"]], ["d.ts", ["a.ts"]]]);
    expect(cycles(loop)).toEqual([["a.ts", "b.ts", "c.ts"]]);
    expect(cycles(new Map([["a.ts", ["b.ts"]], ["b.ts", []]]))).toEqual([]);
  });

  it("never imports infra/ from components/ or policy/", () => {
    expect(edges.filter((e) => !e.from.startsWith("infra/") && e.to.startsWith("infra/"))).toEqual([]);
  });

  it("keeps policy/ standing alone: it imports only itself and Pulumi-free facts in components/lib", () => {
    const outside = edges.filter((e) => e.from.startsWith("policy/") && !e.to.startsWith("policy/"));
    expect(outside.filter((e) => !e.to.startsWith("components/lib/") && !/^components\/[^/]+\/(taint|offerings|contract)\.ts$/.test(e.to))).toEqual([]);
  });

  it("lets infra/ use a component only through its index.ts (components/lib is shared)", () => {
    const deep = edges.filter((e) => e.from.startsWith("infra/") && componentOf(e.to) !== undefined
      && componentOf(e.to) !== "lib" && !/^components\/([^/]+\/)?index\.ts$/.test(e.to));
    expect(deep).toEqual([]);
  });

  it("keeps components/lib below the components: lib imports no component", () => {
    expect(edges.filter((e) => componentOf(e.from) === "lib" && componentOf(e.to) !== undefined && componentOf(e.to) !== "lib")).toEqual([]);
  });
});
