// Config of the global geo-DNS (issue: global traffic). Stub until that issue lands.
import { z } from "zod";
import type { StackConfig } from "../schema";
import type { SemanticProblem } from "../semantics";

/** Top-level `dns`. */
export const dnsSectionSchema = z.strictObject({}).default({});

/** Cross-field rules of the DNS routing. */
export function checkDns(_cfg: StackConfig): SemanticProblem[] {
  return [];
}
