/**
 * The seed's timeout rule: "if 90 % of requests finish within 500 ms, set the
 * timeout to 800 ms", i.e. timeout = p90 × 1.6. Pure; the monitoring rule that
 * suggests a timeout from the live p90 uses the same factor.
 */

/** Timeout ÷ p90 in the seed's example (800 ms ÷ 500 ms). */
export const TIMEOUT_PER_P90 = 800 / 500;

/** The timeout the seed's rule gives for a route whose p90 latency is `p90Ms`, rounded up to a whole millisecond. */
export function timeoutFromP90(p90Ms: number): number {
  if (!(p90Ms > 0) || !Number.isFinite(p90Ms)) throw new RangeError(`timeoutFromP90: p90 ${p90Ms} ms is not a positive number`);
  return Math.ceil(Number((p90Ms * TIMEOUT_PER_P90).toFixed(6)));
}

/**
 * `seconds` as a Gateway API Duration (GEP-2257, also Envoy Gateway's): at most four
 * `<1–5 digits><h|m|s|ms>` groups, no decimal point ("0.8s" is refused), so whole
 * seconds and the remaining milliseconds ("800ms", "300s", "90s500ms"). Never "0s",
 * which would turn the timeout off.
 */
export function gatewayDuration(seconds: number): string {
  const ms = Math.max(1, Math.round(seconds * 1000));
  const whole = Math.floor(ms / 1000);
  const rest = ms % 1000;
  return `${whole > 0 ? `${whole}s` : ""}${rest > 0 ? `${rest}ms` : ""}`;
}
