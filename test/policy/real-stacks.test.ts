// Both real stacks pass the pack: no mandatory violation, and the tagging rule
// knows every taggable type they render.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RenderedStack } from "../../infra/plan/harness";
import { TAGGABLE_TYPES } from "../../policy/rules/required-tags";
import type { PolicyViolation } from "../../policy/runner";
import { REPO_ROOT, realStackViolations, renderRealStack } from "../support/render";

const stacks: Partial<Record<"dev" | "prod", RenderedStack>> = {};
const violations: Partial<Record<"dev" | "prod", readonly PolicyViolation[]>> = {};
beforeAll(async () => {
  for (const stack of ["dev", "prod"] as const) {
    stacks[stack] = await renderRealStack(stack);
    // The global setup ran the whole pack over the unedited stack with the default config.
    violations[stack] = realStackViolations(stacks[stack]!);
  }
});

/** True when @pulumi/aws declares `tags` among the arguments of the resource type `token`. */
function takesTags(token: string): boolean {
  const [, module, file, name] = /^aws:([^/]+)\/([^:]+):(.+)$/.exec(token)!;
  const dts = fs.readFileSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "aws", module!, `${file}.d.ts`), "utf8");
  const args = dts.slice(dts.indexOf(`export interface ${name}Args {`));
  return /^\s+tags\?:/m.test(args.slice(0, args.indexOf("\n}\n")));
}

describe("the real stacks under the whole pack", () => {
  it.each(["dev", "prod"] as const)("%s has no mandatory violation", (stack) => {
    const mandatory = violations[stack]!.filter((v) => v.enforcementLevel === "mandatory");
    expect(mandatory, JSON.stringify(mandatory, null, 2)).toEqual([]);
  });

  it.each(["dev", "prod"] as const)("%s has no advisory violation either (GPU pools stay under the 50-node cap)", (stack) => {
    expect(violations[stack]).toEqual([]);
  });

  it("lists every taggable AWS type the stacks render, and only types @pulumi/aws lets us tag", () => {
    const rendered = new Set(["dev", "prod"].flatMap((s) => stacks[s as "dev" | "prod"]!.resources.map((r) => r.type)).filter((t) => t.startsWith("aws:")));
    expect([...rendered].filter((t) => takesTags(t) && !TAGGABLE_TYPES.includes(t))).toEqual([]);
    expect(TAGGABLE_TYPES.filter((t) => !takesTags(t))).toEqual([]);
  });
});
