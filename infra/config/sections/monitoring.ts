// Config of monitoring and alerting (issue: monitoring). Stub until that issue lands.
import { z } from "zod";
import type { StackConfig } from "../schema";
import type { SemanticProblem } from "../semantics";

/** `regions[].monitoring`. */
export const monitoringSectionSchema = z.strictObject({}).default({});

/** Cross-field rules of monitoring. */
export function checkMonitoring(_cfg: StackConfig): SemanticProblem[] {
  return [];
}
