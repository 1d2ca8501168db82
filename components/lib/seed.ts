/**
 * The design article's figures (shared/seed/NOTES.md) that more than one
 * component derives a default from, so each default has one source.
 */

/** The seed's figures. */
export const SEED = {
  /** "90 % of requests finish within 500 ms → timeout 800 ms". */
  timeoutMs: 800,
  /** Target availability, percent ("> 99.9 %"). */
  availabilityPercent: 99.9,
  /** Requests merged into one batch call. */
  batchSize: 10,
  /** Retry backoff cap, seconds (1 → 30 s). */
  backoffCapSeconds: 30,
  /** Response-cache TTL in Redis, seconds. */
  cacheTtlSeconds: 30,
} as const;

/**
 * Requests waiting per model-server replica that mean "add a replica": two
 * of the seed's batches. The autoscaler's target and the queue alert's
 * threshold both default to it, so scaling starts where the alert would.
 */
export const WAITING_REQUESTS_PER_REPLICA = 2 * SEED.batchSize;
