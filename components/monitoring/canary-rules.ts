/**
 * Canary against stable, from the model servers' own metrics: recording rules
 * putting each server's two tracks side by side (p99 latency, 5xx ratio,
 * requests per second: the seed's "compare QPS and P99 before and after"),
 * and alerts when the canary is worse than stable while it gets traffic.
 * Pulumi-free.
 */
import type { ModelServerMetricNames } from "./metric-names";
import type { AlertRule, RecordingRule } from "./rule-types";
import type { AlertThresholds } from "./thresholds";

/**
 * Series labels naming one model server across its tracks, copied from its
 * pods by its PodMonitors (components/model-server/labels.ts,
 * podTargetLabels). Not `app_kubernetes_io_instance`: that is the Deployment,
 * `<model>-<tier>` for stable and `<model>-<tier>-canary` for the canary.
 */
const SERVER_LABELS = ["inference_platform_model", "inference_platform_tier"] as const;
/** Series label holding the pod's track, `stable` or `canary`. */
const TRACK_LABEL = "inference_platform_track";

/** Names of the recorded series (`<aggregation level>:<metric>:<operation>`, Prometheus's convention), one per server and track. */
const TRACK_SERIES = {
  latencyP99: "track:model_server_latency_seconds:p99",
  errorRatio: "track:model_server_http_5xx:ratio",
  requestRate: "track:model_server_http_requests:rate5m",
} as const;

/** Per server and track: p99 latency, the 5xx share of HTTP requests (0–1), and HTTP requests per second. */
export function trackRecordingRules(m: ModelServerMetricNames): RecordingRule[] {
  const by = [...SERVER_LABELS, TRACK_LABEL].join(", ");
  // Every request the server answered, failures included (vLLM leaves /health and /metrics out): a canary that only fails still gets traffic.
  const requests = `sum by (${by}) (rate(${m.httpRequests}[5m]))`;
  return [
    { record: TRACK_SERIES.latencyP99, group: "canary", expr: `histogram_quantile(0.99, sum by (le, ${by}) (rate(${m.latencyHistogram}_bucket[5m])))` },
    // A track that never failed has no 5xx series: `or … * 0` makes its ratio 0 instead of absent, so a failing canary still has a stable to compare with.
    { record: TRACK_SERIES.errorRatio, group: "canary", expr: `(sum by (${by}) (rate(${m.httpRequests}{${m.httpStatusLabel}=~"5.."}[5m])) or ${requests} * 0) / ${requests}` },
    { record: TRACK_SERIES.requestRate, group: "canary", expr: requests },
  ];
}

/** `series` of one track. */
const ofTrack = (series: string, track: "stable" | "canary") => `${series}{${TRACK_LABEL}="${track}"}`;

/**
 * The canary of a server is worse than its stable track for 10 min: slower at
 * p99 by more than the ratio, or failing by more than the margin. Only while
 * the canary gets requests: without them its figures are not there (or NaN).
 */
export function canaryAlerts(t: AlertThresholds): AlertRule[] {
  const sameServer = `on (${SERVER_LABELS.join(", ")})`;
  const whileServing = `and ${sameServer} ${ofTrack(TRACK_SERIES.requestRate, "canary")} > 0`;
  const server = "{{ $labels.inference_platform_model }} ({{ $labels.inference_platform_tier }})";
  const p99 = TRACK_SERIES.latencyP99;
  const errors = TRACK_SERIES.errorRatio;
  return [
    {
      alert: "CanaryLatencyWorseThanStable", group: "canary", severity: "warning", for: "10m",
      expr: `${ofTrack(p99, "canary")} > ${sameServer} (${ofTrack(p99, "stable")} * ${t.canaryLatencyP99Ratio}) ${whileServing}`,
      summary: `Canary of ${server} answers in {{ $value | humanizeDuration }} at p99, over ${t.canaryLatencyP99Ratio} × stable's`,
      condition: `canary p99 > ${t.canaryLatencyP99Ratio} × stable p99 while the canary gets traffic, for 10m`,
    },
    {
      alert: "CanaryErrorsWorseThanStable", group: "canary", severity: "warning", for: "10m",
      expr: `${ofTrack(errors, "canary")} > ${sameServer} (${ofTrack(errors, "stable")} + ${Number((t.canaryErrorMarginPercent / 100).toFixed(8))}) ${whileServing}`,
      summary: `Canary of ${server} fails {{ $value | humanizePercentage }} of requests with 5xx, over stable's + ${t.canaryErrorMarginPercent} percentage points`,
      condition: `canary 5xx % > stable 5xx % + ${t.canaryErrorMarginPercent} while the canary gets traffic, for 10m`,
    },
  ];
}
