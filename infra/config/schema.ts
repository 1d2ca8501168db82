import { z } from "zod";
import { geoDnsSettingsSchema } from "../../components/geo-dns";
import { kubernetesVersionSchema } from "../../components/lib/regions";
import { regionSettingsSchema } from "../../components/region";

/**
 * Shape of the stack configuration (keys under `inference-platform:` in
 * Pulumi.<stack>.yaml). Each region is the RegionalPlatform contract and the
 * DNS is the GeoDns contract: their defaults and rules live with the
 * components. Here: the stack-wide keys, whose defaults come from Pulumi.yaml,
 * and the account of the DNS zone. Rules across regions live in `semantics.ts`.
 */

/** Longest AWS tag value. */
const MAX_TAG_VALUE = 256;
/** Characters AWS allows in a tag value (letters, separators, digits, `_ . : / = + - @`). */
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Why `value` cannot be an AWS tag value, in one message (undefined when it can). */
function tagValueProblem(value: string): string | undefined {
  const reasons: string[] = [];
  if (value.length > MAX_TAG_VALUE) reasons.push(`${value.length} characters, at most ${MAX_TAG_VALUE}`);
  const bad = [...new Set([...value].filter((c) => !TAG_VALUE.test(c)))];
  if (bad.length > 0) reasons.push(`${bad.map((c) => JSON.stringify(c)).join(" ")} not allowed`);
  if (reasons.length === 0) return undefined;
  return `an AWS tag value (it lands in the owner tag): ${reasons.join("; ")}; allowed: up to ${MAX_TAG_VALUE} letters, digits, spaces and _ . : / = + - @`;
}

/** Pulumi hands top-level scalars to the program as text: accept "20" as 20, refuse "abc". */
const topLevelNumber = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)], { error: "a number such as 20" });

/**
 * Top-level `dns`: the GeoDns contract plus the account that holds the zone
 * (the stack builds the DNS's AWS provider from it). Absent: the stack has no
 * public DNS name (each region's NLB hostname stays reachable).
 */
const dnsSectionSchema = geoDnsSettingsSchema.safeExtend({
  /** Named AWS profile of the account holding the zone (Route 53 lives in the global partition). */
  profile: z.string().min(1).optional(),
  /** Role to assume in the account holding the zone. */
  assumeRoleArn: z.string().min(1).optional(),
}).optional();

/** The whole stack configuration. */
export const stackConfigSchema = z.strictObject({
  /** Team that owns the stack; lands in the `owner` tag, so AWS's tag-value rules apply. */
  owner: z.string().min(1, "a team name, which lands in the owner tag").superRefine((owner, ctx) => {
    const problem = tagValueProblem(owner);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  /** dev relaxes cost (single NAT, spot); prod protects stateful resources. */
  environment: z.enum(["dev", "prod"]),
  /** EKS Kubernetes version. */
  kubernetesVersion: kubernetesVersionSchema,
  /** Demand growth per month, percent (seed: 20). */
  monthlyGrowthPercent: topLevelNumber.pipe(z.number().min(0, "must be ≥ 0").max(100, "at most 100")),
  /** Spare capacity above the forecast, percent (seed: 30). */
  headroomPercent: topLevelNumber.pipe(z.number().min(0, "must be ≥ 0").max(200, "at most 200")),
  /** Surge multiple of today's peak (seed: 10). */
  surgeFactor: topLevelNumber.pipe(z.number().min(1, "must be ≥ 1").max(100, "at most 100")),
  /** Months ahead the GPU pools are sized for. */
  planningHorizonMonths: topLevelNumber.pipe(z.number().int("a whole number").min(1, "must be ≥ 1").max(24, "at most 24")),
  /** The regions, each a RegionalPlatform. */
  regions: z.array(regionSettingsSchema).min(1, "at least one region"),
  /** Global geo-DNS routing users to the nearest healthy region. */
  dns: dnsSectionSchema,
});

/** Top-level keys that are numbers (Pulumi hands them over as text). */
export const TOP_LEVEL_NUMBERS: ReadonlySet<string> = new Set(Object.entries(stackConfigSchema.shape)
  .filter(([, schema]) => schema instanceof z.ZodPipe && schema.in === topLevelNumber)
  .map(([key]) => key));

/** The stack-wide figures a region is planned with (what planRegion needs besides the region). */
export const planningSchema = stackConfigSchema.pick({
  environment: true, monthlyGrowthPercent: true, headroomPercent: true, surgeFactor: true, planningHorizonMonths: true,
}).loose();

/** Validated stack configuration. */
export type StackConfig = z.infer<typeof stackConfigSchema>;
