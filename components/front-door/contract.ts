/**
 * The contract of FrontDoor: the settings of a region's public API gateway
 * (Envoy Gateway), their defaults and their rules, defined once. A region's
 * `frontDoor:` section in the stack file is this schema. Pulumi-free.
 */
import { z } from "zod";
import { SEED } from "../lib/seed";
import { timeoutFromP90 } from "./timeouts";

const wholeNumber = z.number().int("a whole number");
const positiveWhole = wholeNumber.min(1, "a whole number ≥ 1");

/** QoS weights of the two client tiers (the seed: premium/payment 100, free/recommendation 10). */
const tierWeightsSchema = z.strictObject({
  /** @default 100 */
  premium: z.number().gt(0, "must be > 0: a tier with no weight could never be served").default(100),
  /** @default 10 */
  free: z.number().gt(0, "must be > 0: a tier with no weight could never be served").default(10),
});

/** Who the caller is: a JWT from the platform's identity provider, whose claims name the client and its tier. */
const authSchema = z.strictObject({
  /** Expected `iss` of the tokens. */
  issuer: z.url({ protocol: /^https$/, error: "an https URL (the token issuer)" }),
  /** Where Envoy fetches the issuer's signing keys (reachable from the region: China cannot reach every host). */
  jwksUri: z.url({ protocol: /^https$/, error: "an https URL serving the issuer's JWKS" }),
  /** Accepted `aud` values. @default any */
  audiences: z.array(z.string().min(1)).default(() => []),
  /** Claim holding the client's tier: `premium`; anything else (or nothing) is free. @default "tier" */
  tierClaim: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, "a claim name such as tier or plan").default("tier"),
  /** Claim naming the client, the unit of the per-client limits. @default "sub" */
  clientClaim: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, "a claim name such as sub or client_id").default("sub"),
});

/** Retries on connect failures and 503, with the seed's exponential back-off (1 s doubling to 30 s). */
const retrySchema = z.strictObject({
  /** Retries after the first attempt. @default 3 */
  attempts: wholeNumber.min(0, "a whole number ≥ 0").max(10, "at most 10").default(3),
  /** First back-off, seconds. @default 1 (the seed) */
  backoffBaseSeconds: z.number().gt(0, "must be > 0").default(1),
  /** Longest back-off, seconds. @default 30 (the seed) */
  backoffMaxSeconds: z.number().gt(0, "must be > 0").default(SEED.backoffCapSeconds),
  /** Retries allowed in flight, percent of active requests (Envoy's retry budget): a failing region is not retried into collapse. @default 20 */
  budgetPercent: wholeNumber.min(1, "a whole percent, 1 to 100").max(100, "a whole percent, 1 to 100").default(20),
}).superRefine((r, ctx) => {
  // In the schema, not after it: listed with every other malformed setting of the section.
  if (r.backoffMaxSeconds < r.backoffBaseSeconds) {
    ctx.addIssue({ code: "custom", path: ["backoffMaxSeconds"], message: `below backoffBaseSeconds (${r.backoffBaseSeconds}): the cap must be at least the first back-off` });
  }
});

/** Per-route timeouts: generation may stream for minutes; the rest of the API answers in the seed's time. */
const timeoutsSchema = z.strictObject({
  /** `/v1/chat/completions`, `/v1/completions` (streaming or not): the whole response, seconds. @default 300 */
  generationSeconds: z.number().gt(0, "must be > 0").max(3600, "at most 3600").default(300),
  /** Every other `/v1/*` call, milliseconds. @default 800 (the seed: p90 500 ms × 1.6) */
  apiMilliseconds: z.number().gt(0, "must be > 0").max(60_000, "at most 60000").default(timeoutFromP90(500)),
});

/** Caps per backend before Envoy answers 503 at once instead of queueing without end. */
const circuitBreakerSchema = z.strictObject({
  /** Requests waiting for a connection. @default 1024 */
  maxPendingRequests: positiveWhole.default(1024),
  /** Requests in flight. @default 1024 */
  maxParallelRequests: positiveWhole.default(1024),
});

/** Passive health: a replica that keeps failing is taken out for a while. */
const outlierDetectionSchema = z.strictObject({
  /** 5xx answers in a row that eject a replica. @default 5 */
  consecutive5xx: positiveWhole.default(5),
  /** Seconds between ejection sweeps. @default 10 */
  intervalSeconds: positiveWhole.default(10),
  /** Seconds a replica stays out the first time (longer each time). @default 30 */
  baseEjectionSeconds: positiveWhole.default(30),
  /** Most replicas out at once, percent. @default 50 */
  maxEjectionPercent: wholeNumber.min(1, "1 to 100").max(100, "1 to 100").default(50),
});

/** Settings of a region's front door. */
export const frontDoorSettingsSchema = z.strictObject({
  /** Who the caller is and which tier it pays for. */
  auth: authSchema,
  /** QoS weights; each client may send `weight × requestsPerWeightPerMinute` requests a minute. @default premium 100, free 10 */
  tierWeights: tierWeightsSchema.default(() => tierWeightsSchema.parse({})),
  /** Requests a minute per unit of weight and client. @default 1 (premium 100/min, free 10/min per client) */
  requestsPerWeightPerMinute: z.number().gt(0, "must be > 0").default(1),
  timeouts: timeoutsSchema.default(() => timeoutsSchema.parse({})),
  retry: retrySchema.default(() => retrySchema.parse({})),
  circuitBreaker: circuitBreakerSchema.default(() => circuitBreakerSchema.parse({})),
  outlierDetection: outlierDetectionSchema.default(() => outlierDetectionSchema.parse({})),
  /** Envoy proxy replicas (a PDB keeps all but one up). @default 2 */
  proxyReplicas: wholeNumber.min(2, "at least 2: one proxy is a single point of failure for the region").max(50, "at most 50 (a typo guard: scale proxies with an HPA beyond that)").default(2),
});

/** What a caller may set (defaulted keys optional). */
export type FrontDoorSettings = z.input<typeof frontDoorSettingsSchema>;
/** Settings with every default applied. */
export type ResolvedFrontDoorSettings = z.output<typeof frontDoorSettingsSchema>;

