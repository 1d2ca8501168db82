/**
 * The contract of WorkloadPriorities: the three serving tiers' PriorityClass
 * names and values, and the rule that orders them, defined once. Pulumi-free:
 * the floor the tiers must stay above (the GPU headroom placeholders'
 * priority) comes in as a parameter, and `index.ts` binds it.
 */
import { z } from "zod";
import { HEADROOM_PRIORITY } from "../gpu-headroom/contract";

/** Serving tiers, highest priority first. */
export const PRIORITY_TIERS = ["premium", "standard", "batch"] as const;
/** One serving tier. */
export type PriorityTier = (typeof PRIORITY_TIERS)[number];

/** Kubernetes keeps values above one billion for its own system classes. */
const MAX_USER_PRIORITY = 1_000_000_000;

const className = z.string()
  .max(253, "at most 253 characters")
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, "a Kubernetes object name (lower-case letters, digits, '-' and '.')")
  .refine((n) => !n.startsWith("system-"), "names starting with system- are Kubernetes' own");

/** One tier's class; the defaults are the tier's name and a value an order of magnitude apart. */
const tierClass = (name: PriorityTier, value: number) => z.strictObject({
  /** PriorityClass name pods set as `priorityClassName`. */
  name: className.default(name),
  /** Priority value: higher schedules first and may preempt lower. */
  value: z.number().int("a whole number").max(MAX_USER_PRIORITY, `at most ${MAX_USER_PRIORITY} (higher values are reserved for system classes)`).default(value),
}).prefault({});

/**
 * The settings schema, with every tier required to stay above `floor` (the
 * priority of the GPU headroom placeholders, which every real pod must be
 * able to preempt).
 */
function workloadPrioritiesSchemaAbove(floor: number) {
  return z.strictObject({
    /** Interactive and paid requests. @default { name: "premium", value: 1000 } */
    premium: tierClass("premium", 1000),
    /** Paid requests that can wait a little. @default { name: "standard", value: 100 } */
    standard: tierClass("standard", 100),
    /** Async and free requests; preemptible, never preempting. @default { name: "batch", value: 10 } */
    batch: tierClass("batch", 10),
  }).superRefine((s, ctx) => {
    const order = "premium > standard > batch";
    if (s.premium.value <= s.standard.value) {
      ctx.addIssue({ code: "custom", path: ["premium", "value"], message: `${s.premium.value} must be above standard's ${s.standard.value} (${order})` });
    }
    if (s.batch.value >= s.standard.value) {
      ctx.addIssue({ code: "custom", path: ["batch", "value"], message: `${s.batch.value} must be below standard's ${s.standard.value} (${order})` });
    }
    for (const tier of PRIORITY_TIERS) {
      if (s[tier].value <= floor) {
        ctx.addIssue({ code: "custom", path: [tier, "value"], message: `${s[tier].value} must be above ${floor}, the GPU headroom placeholders' priority, or its pods could not take their GPUs` });
      }
      const first = PRIORITY_TIERS.find((t) => s[t].name === s[tier].name);
      if (first !== tier) {
        ctx.addIssue({ code: "custom", path: [tier, "name"], message: `"${s[tier].name}" is ${first}'s class already: each tier needs its own` });
      }
    }
  });
}

/** The settings schema: the tiers' names and values, ordered, all above the headroom placeholders. */
export const workloadPrioritiesSettingsSchema = workloadPrioritiesSchemaAbove(HEADROOM_PRIORITY);

export type WorkloadPrioritiesSchema = ReturnType<typeof workloadPrioritiesSchemaAbove>;
/** What a caller may set (every key optional). */
export type WorkloadPrioritiesSettings = z.input<WorkloadPrioritiesSchema>;
/** Settings with every default applied. */
export type ResolvedWorkloadPrioritiesSettings = z.output<WorkloadPrioritiesSchema>;
