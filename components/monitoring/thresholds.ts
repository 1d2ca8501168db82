/**
 * Alert thresholds: which a setting may override (schema, every field
 * optional) and the seed-derived values the others keep, which follow the
 * region's load. Pulumi-free; a leaf of the component's imports.
 */
import { z } from "zod";
import { SEED, WAITING_REQUESTS_PER_REPLICA } from "../lib/seed";

const atLeastZero = z.number().min(0, "must be ≥ 0").optional();
/** How long a condition must last before it alerts (a rule's `for:`): whole minutes, as Prometheus durations take no fractions; 0 would alert on every blip. */
const minutes = z.number().int("a whole number of minutes (Prometheus durations take no fractions)").gt(0, "a duration in minutes above zero").optional();
const percent = z.number().min(0, "must be ≥ 0").max(100, "a percentage: at most 100").optional();

/** Overrides of the seed-derived thresholds ({@link seedDerivedThresholds}); an unset field keeps its derived value. */
export const thresholdOverridesSchema = z.strictObject({
  /** p99 end-to-end latency above which the region breaks its SLO, seconds. @default 0.8 (the seed's 800 ms timeout) */
  latencyP99Seconds: z.number().gt(0, "must be > 0").optional(),
  /** 5xx share of HTTP requests, percent. @default 1 (10× the 0.1 % error budget) */
  errorRatioPercent: percent,
  /** Requests waiting in one model server's queue. @default 20 (two batches of 10, the autoscaler's target) */
  queueDepthPerServer: atLeastZero,
  /** Average GPU utilisation above which capacity runs out, percent (sustained 30 min). @default 100 / (1 + headroom) */
  gpuUtilHighPercent: percent,
  /** Average GPU utilisation below which GPUs are wasted, percent (sustained 2 h); below gpuUtilHighPercent. @default a quarter of 100 / (1 + headroom) */
  gpuUtilLowPercent: percent,
  /** Minutes a pod asking for GPUs may stay Pending. @default 10 */
  gpuPodsPendingMinutes: minutes,
  /** Minutes a node may stay NotReady. @default 5 */
  nodeNotReadyMinutes: minutes,
  /** Messages the request topic's consumers may lag behind. @default peak QPS × 30 s (the backoff cap) */
  kafkaConsumerLag: atLeastZero,
  /** Redis memory use, percent of maxmemory (Prometheus) or DatabaseMemoryUsagePercentage (CloudWatch). @default 80 */
  redisMemoryPercent: percent,
  /** Redis evictions per minute tolerated. @default 0 */
  redisEvictionsPerMinute: atLeastZero,
  /** ElastiCache CPU and engine CPU, percent (CloudWatch). @default 90 */
  redisCpuPercent: percent,
  /** ElastiCache replica lag, seconds (CloudWatch). @default 3 (a tenth of the 30 s cache TTL) */
  redisReplicationLagSeconds: atLeastZero,
  /** MSK broker data-log disk used, percent (CloudWatch). @default 85 */
  kafkaDiskUsedPercent: percent,
  /** Canary p99 latency ÷ stable p99 of the same server above which the canary is worse (sustained 10 min). @default 1.2 */
  canaryLatencyP99Ratio: z.number().min(1, "at least 1: below it a canary faster than stable would count as worse").optional(),
  /** Percentage points of 5xx the canary may exceed stable by (sustained 10 min). @default 1 */
  canaryErrorMarginPercent: percent,
});

/** Overrides as parsed (unset fields absent). */
export type ThresholdOverrides = z.output<typeof thresholdOverridesSchema>;
/** Every threshold of a region, set. */
export type AlertThresholds = Required<ThresholdOverrides>;

/** What a region contributes to its thresholds. */
export interface RegionLoad {
  /** Spare GPU capacity the region plans above its forecast, percent. */
  headroomPercent: number;
  /** Today's peak QPS of the region. */
  peakQps: number;
}

/** The seed's own example region: 500 QPS today, 30 % headroom. */
const SEED_EXAMPLE_LOAD: RegionLoad = { headroomPercent: 30, peakQps: 500 };

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

/**
 * Thresholds derived from the seed and the region's load (docs/runbooks.md
 * explains each):
 * - p99 latency: the 800 ms timeout set from the 500 ms p90; a p99 above it means > 1 % of requests time out.
 * - 5xx ratio: 10× the 0.1 % error budget of 99.9 % availability.
 * - queue: two batches of 10; a request behind them waits past the timeout.
 * - GPU high: the planned operating point 100 / (1 + headroom) (77 % at 30 % headroom).
 * - GPU low: a quarter of that operating point.
 * - Kafka lag: what today's peak produces in one 30 s backoff cap.
 * - Redis replica lag: a tenth of the 30 s cache TTL; any eviction (sessions live there).
 * - Redis memory 80 %, CPU 90 %, MSK disk 85 %: AWS guidance for those services.
 * - Canary: 20 % slower at p99, or one percentage point more 5xx, than stable (the tolerance).
 */
export function seedDerivedThresholds(load: RegionLoad): AlertThresholds {
  const operatingPoint = 100 / (1 + load.headroomPercent / 100);
  return {
    latencyP99Seconds: SEED.timeoutMs / 1000,
    errorRatioPercent: round((100 - SEED.availabilityPercent) * 10),
    queueDepthPerServer: WAITING_REQUESTS_PER_REPLICA,
    gpuUtilHighPercent: Math.round(operatingPoint),
    gpuUtilLowPercent: Math.round(operatingPoint / 4),
    gpuPodsPendingMinutes: 10,
    nodeNotReadyMinutes: 5,
    kafkaConsumerLag: Math.ceil(load.peakQps * SEED.backoffCapSeconds),
    redisMemoryPercent: 80,
    redisEvictionsPerMinute: 0,
    redisCpuPercent: 90,
    redisReplicationLagSeconds: SEED.cacheTtlSeconds / 10,
    kafkaDiskUsedPercent: 85,
    canaryLatencyP99Ratio: 1.2,
    canaryErrorMarginPercent: 1,
  };
}

/** Thresholds of the seed's example region (500 QPS, 30 % headroom). */
export const DEFAULT_THRESHOLDS: AlertThresholds = seedDerivedThresholds(SEED_EXAMPLE_LOAD);

/**
 * A region's thresholds: derived from its load (the seed's example region when
 * none is given), then its overrides.
 */
export function resolveThresholds(overrides: ThresholdOverrides, load: RegionLoad = SEED_EXAMPLE_LOAD): AlertThresholds {
  const set = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...seedDerivedThresholds(load), ...set };
}
