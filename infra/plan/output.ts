// What `npm run plan` prints for a rendered stack and its policy run: the text plan with its monthly
// cost, one JSON document, or a Mermaid flowchart. Pure, so tests check it without a process.
import { resourceRules, stackRules } from "../../policy/rules";
import type { PolicyViolation } from "../../policy/runner";
import { estimateCost, formatCost, type CostEstimate } from "./cost";
import { formatPlan } from "./format";
import type { RenderedStack } from "./harness";
import { mermaidFromPlan } from "./mermaid";
import { formatViolations } from "./policy";

/** The plan's output formats. */
export type PlanFormat = "text" | "json" | "mermaid";

function toJson(r: RenderedStack, violations: PolicyViolation[], cost: CostEstimate): string {
  return JSON.stringify({
    project: r.project,
    stack: r.stack,
    resources: r.resources.map((x) => ({
      urn: x.urn, type: x.type, name: x.name, custom: x.custom, parent: x.parent ?? null, provider: x.provider ?? null,
      inputs: x.inputs, options: x.options,
    })),
    outputs: r.outputs,
    cost,
    policy: { violations },
  }, null, 2);
}

/** The plan as `format`: its whole stdout. */
export function planOutput(format: PlanFormat, rendered: RenderedStack, violations: PolicyViolation[]): string {
  if (format === "mermaid") return mermaidFromPlan(rendered);
  const cost = estimateCost(rendered);
  if (format === "json") return `${toJson(rendered, violations, cost)}\n`;
  return `${formatPlan(rendered)}\n${formatCost(cost).join("\n")}\n\n${formatViolations(violations, resourceRules.length + stackRules.length)}`;
}
