// Registers one vitest test per case of a table, against both real stacks rendered once.
import { beforeAll, expect, it } from "vitest";
import type { RenderedStack } from "../../infra/plan/harness";
import { renderRealStack } from "../support/render";
import { runCase, type PolicyCase } from "./support";

/** Declares the cases of `table` as tests: each asserts exactly the rules it lists fire. */
export function testCases(table: readonly PolicyCase[]): void {
  const stacks: Partial<Record<PolicyCase["stack"], RenderedStack>> = {};
  beforeAll(async () => {
    const needed = new Set(table.map((c) => c.stack));
    for (const stack of ["dev", "prod"] as const) if (needed.has(stack)) stacks[stack] = await renderRealStack(stack);
  });
  it.each(table.map((c) => [`${c.rule} ${c.fires.length === 0 ? "passes" : "fires"}: ${c.title}`, c] as const))("%s", async (_name, c) => {
    const { fired, violations } = await runCase(stacks[c.stack]!, c);
    expect(fired, JSON.stringify(violations, null, 2)).toEqual([...c.fires].sort());
  });
}
