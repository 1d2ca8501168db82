// Config of the data plane (issue: managed Redis and Kafka). Stub until that issue lands.
import { z } from "zod";
import type { StackConfig } from "../schema";
import type { SemanticProblem } from "../semantics";

/** `regions[].redis`. */
export const redisSectionSchema = z.strictObject({}).default({});
/** `regions[].kafka`. */
export const kafkaSectionSchema = z.strictObject({}).default({});

/** Cross-field rules of the data plane. */
export function checkDataPlane(_cfg: StackConfig): SemanticProblem[] {
  return [];
}
