// Every leaf key of both real stack files, set to a value of the wrong type and (numbers) to one out of
// range, must be refused by the stack file's check, naming the file and the key. Pure: parseStackConfig
// in-process on the raw config the program would receive; no render, no process.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { propertyPath } from "../../components/lib/contract";
import { parseStackConfig, rawConfigFromPulumi, StackConfigError } from "../../infra/config/load";
import { PROJECT } from "../../infra/config/project";
import { stackConfigMap } from "../../infra/plan/harness";
import { REPO_ROOT } from "../support/render";

type Path = Array<string | number>;
interface Leaf {
  path: Path;
  /** The value the file holds, as YAML typed it. */
  value: unknown;
}

/** Every scalar of `node`, with its path (list elements by index). */
function leavesOf(node: unknown, at: Path = []): Leaf[] {
  if (Array.isArray(node)) return node.flatMap((x, i) => leavesOf(x, [...at, i]));
  if (node !== null && typeof node === "object") return Object.entries(node).flatMap(([k, x]) => leavesOf(x, [...at, k]));
  return [{ path: at, value: node }];
}

/** `raw` with `value` at `at`. */
function withValue(raw: Record<string, unknown>, at: Path, value: unknown): Record<string, unknown> {
  const copy = structuredClone(raw);
  let node: Record<string | number, unknown> = copy;
  for (const seg of at.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  node[at[at.length - 1]!] = value;
  return copy;
}

/**
 * A value of another type than the leaf's. Pulumi hands a top-level scalar
 * over as text, so there a string's wrong type is a structure (it arrives as JSON).
 */
function wrongType({ path: at, value }: Leaf): unknown {
  if (typeof value === "number") return "not a number";
  if (typeof value === "boolean") return "yes";
  return at.length === 1 ? { not: "text" } : 12345;
}

/** A number below every numeric key's minimum (none takes a negative). */
const OUT_OF_RANGE = -1;

/** The problem of the refusal that names `file` and the key at `at`, or why there is none. */
function refusalNaming(raw: Record<string, unknown>, file: string, at: Path): string | undefined {
  try {
    parseStackConfig(raw, file);
  } catch (e) {
    if (!(e instanceof StackConfigError)) return `threw ${String(e)}`;
    const line = e.message.split("\n").find((l) => l.includes(`${file} ${PROJECT}:${propertyPath(at)} (`));
    return line === undefined ? `refused, but not naming the key: ${e.message}` : undefined;
  }
  return "accepted";
}

for (const stack of ["dev", "prod"] as const) {
  const file = `Pulumi.${stack}.yaml`;
  const written = (parse(fs.readFileSync(path.join(REPO_ROOT, file), "utf8")) as { config: Record<string, unknown> }).config;
  const own = Object.fromEntries(Object.entries(written).filter(([k]) => k.startsWith(`${PROJECT}:`)).map(([k, v]) => [k.slice(PROJECT.length + 1), v]));
  const leaves = leavesOf(own);
  const raw = rawConfigFromPulumi(stackConfigMap(REPO_ROOT, stack).config);

  describe(`every leaf key of ${file}`, () => {
    it("is one of many (the walk found the file's keys)", () => {
      expect(leaves.length).toBeGreaterThan(stack === "prod" ? 130 : 100);
      expect(leaves.map((l) => propertyPath(l.path))).toContain("regions[0].kafka.topics[2].retentionHours");
    });

    it("refuses a value of the wrong type, naming the file and the key", () => {
      const missed = leaves.flatMap((leaf) => {
        const why = refusalNaming(withValue(raw, leaf.path, wrongType(leaf)), file, leaf.path);
        return why ? [`${propertyPath(leaf.path)} = ${JSON.stringify(wrongType(leaf))}: ${why}`] : [];
      });
      expect(missed).toEqual([]);
    });

    it("refuses a number out of range, naming the file and the key", () => {
      const numbers = leaves.filter((l) => typeof l.value === "number");
      expect(numbers.length).toBeGreaterThan(30);
      const missed = numbers.flatMap((leaf) => {
        const why = refusalNaming(withValue(raw, leaf.path, OUT_OF_RANGE), file, leaf.path);
        return why ? [`${propertyPath(leaf.path)} = ${OUT_OF_RANGE}: ${why}`] : [];
      });
      expect(missed).toEqual([]);
    });
  });
}
