// Config of the regional ingress (issue: global traffic). Stub until that issue lands.
import { z } from "zod";
import type { StackConfig } from "../schema";
import type { SemanticProblem } from "../semantics";

/** `regions[].ingress`. */
export const ingressSectionSchema = z.strictObject({}).default({});

/** Cross-field rules of the ingress. */
export function checkIngress(_cfg: StackConfig): SemanticProblem[] {
  return [];
}
