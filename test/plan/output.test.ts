// What `npm run plan` prints (infra/plan/output.ts), for the real prod render: the Mermaid picture names both
// regions, the JSON carries each region's cost in its partition's currency, the text ends with the totals.
import { beforeAll, describe, expect, it } from "vitest";
import type { RenderedStack } from "../../infra/plan/harness";
import { planOutput } from "../../infra/plan/output";
import { renderRealStack } from "../support/render";

let prod: RenderedStack;
beforeAll(async () => {
  prod = await renderRealStack("prod");
});

describe("the plan's output", () => {
  it("--mermaid: a flowchart naming both regions", () => {
    const out = planOutput("mermaid", prod, []);
    expect(out).toMatch(/^flowchart /m);
    for (const region of ["china", "frankfurt"]) expect(out).toContain(region);
  });

  it("--json: the cost per region in its currency, and the policy run", () => {
    const doc = JSON.parse(planOutput("json", prod, []));
    expect([doc.cost.regions.china.currency, doc.cost.regions.frankfurt.currency]).toEqual(["CNY", "USD"]);
    expect(doc.policy).toEqual({ violations: [] });
  });

  it("text: the monthly totals per currency, never added across currencies", () => {
    const out = planOutput("text", prod, []);
    expect(out).toMatch(/^  Total CNY: CNY [\d,]+ \/ [\d,]+ \/ [\d,]+/m);
    expect(out).toMatch(/^  Total USD: USD [\d,]+ \/ [\d,]+ \/ [\d,]+/m);
    expect(out).not.toMatch(/Total (CNY|USD): .*(CNY|USD).*(USD|CNY)/);
  });
});
