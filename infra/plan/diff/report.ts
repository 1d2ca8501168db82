/**
 * What `npm run diff` decides from two rendered plans: the resource changes,
 * the monthly cost before and after with the delta, and the exit code. Pure,
 * so the CLI and the tests run the same decision.
 */
import { costDelta, estimateCost, formatCostDelta, type CostDelta, type CostEstimate } from "../cost";
import { comparePlans, losesState, type PlanDiff } from "./compare";
import type { PlanDocument } from "./base";

export interface DiffReport {
  diff: PlanDiff;
  cost: { before: CostEstimate; after: CostEstimate; delta: CostDelta };
  /** The cost delta as text lines, for the terminal and the pull-request comment. */
  costLines: string[];
  /** 3 when a protected or stateful resource would be deleted or replaced, else 0. */
  exitCode: 0 | 3;
}

/** Compares `base` with `head` (plans of one stack). */
export function diffReport(base: PlanDocument, head: PlanDocument): DiffReport {
  const diff = comparePlans(base.resources, head.resources);
  const before = estimateCost(base);
  const after = estimateCost(head);
  const delta = costDelta(before, after);
  return { diff, cost: { before, after, delta }, costLines: formatCostDelta(delta), exitCode: losesState(diff) ? 3 : 0 };
}
