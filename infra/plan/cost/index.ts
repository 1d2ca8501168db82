// Monthly cost of a rendered plan: the functions the plan and the diff call.
export { estimateCost } from "./estimate";
export { costDelta, type CostDelta } from "./delta";
export { formatCost, formatCostDelta } from "./format";
export type { CostEstimate } from "./lines";
