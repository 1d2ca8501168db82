// Canary against stable: the per-track recordings and the alerts on them, with their thresholds.
import { describe, expect, it } from "vitest";
import { trackRecordingRules } from "../../components/monitoring/canary-rules";
import { VLLM_METRICS } from "../../components/monitoring/metric-names";
import { metricNamesIn, parsePromQL } from "../../components/monitoring/promql";
import { alertRules } from "../../components/monitoring/rules";
import { DEFAULT_THRESHOLDS } from "../../components/monitoring/thresholds";

const BY = "inference_platform_model, inference_platform_tier, inference_platform_track";
const canaryAlertsWith = (thresholds = DEFAULT_THRESHOLDS) => Object.fromEntries(
  alertRules({ thresholds, metrics: VLLM_METRICS, redisExporter: false }).filter((r) => r.group === "canary").map((r) => [r.alert, r]),
);

describe("canary recordings: p99, 5xx ratio and QPS per server and track", () => {
  const recordings = trackRecordingRules(VLLM_METRICS);
  const expr = (record: string) => recordings.find((r) => r.record === record)!.expr;

  it("record the three figures the seed compares, from the model servers' own metrics, each parsing", () => {
    expect(recordings.map((r) => [r.record, r.group])).toEqual([
      ["track:model_server_latency_seconds:p99", "canary"], ["track:model_server_http_5xx:ratio", "canary"], ["track:model_server_http_requests:rate5m", "canary"],
    ]);
    expect(expr("track:model_server_latency_seconds:p99")).toBe(`histogram_quantile(0.99, sum by (le, ${BY}) (rate(vllm:e2e_request_latency_seconds_bucket[5m])))`);
    expect(expr("track:model_server_http_requests:rate5m")).toBe(`sum by (${BY}) (rate(http_requests_total[5m]))`);
    for (const r of recordings) expect(parsePromQL(r.expr).ok, r.expr).toBe(true);
  });

  it("give a track without any 5xx series a ratio of 0, not none, so a failing canary still compares with a clean stable", () => {
    expect(expr("track:model_server_http_5xx:ratio")).toBe(
      `(sum by (${BY}) (rate(http_requests_total{status=~"5.."}[5m])) or sum by (${BY}) (rate(http_requests_total[5m])) * 0)` +
      ` / sum by (${BY}) (rate(http_requests_total[5m]))`,
    );
  });

  it("group by model and tier, never by the Deployment, whose name differs between the tracks", () => {
    for (const r of recordings) expect(r.expr, r.record).not.toContain("app_kubernetes_io_instance");
  });

  it("follow another model server's metric names and status label", () => {
    const tgi = trackRecordingRules({ ...VLLM_METRICS, latencyHistogram: "tgi_request_duration", httpRequests: "tgi_http_requests_total", httpStatusLabel: "code" });
    expect(tgi.flatMap((r) => metricNamesIn(r.expr))).toEqual(["tgi_request_duration_bucket", "tgi_http_requests_total", "tgi_http_requests_total"]);
    expect(tgi[1]!.expr).toContain('tgi_http_requests_total{code=~"5.."}');
  });
});

describe("canary alerts", () => {
  it("fire when the canary's p99 is over 1.2 × stable's, or its 5xx ratio over stable's + 1 point, for 10m while it gets traffic", () => {
    const alerts = canaryAlertsWith();
    const traffic = ' and on (inference_platform_model, inference_platform_tier) track:model_server_http_requests:rate5m{inference_platform_track="canary"} > 0';
    expect(alerts.CanaryLatencyWorseThanStable!.expr).toBe(
      'track:model_server_latency_seconds:p99{inference_platform_track="canary"} > on (inference_platform_model, inference_platform_tier)' +
      ` (track:model_server_latency_seconds:p99{inference_platform_track="stable"} * 1.2)${traffic}`,
    );
    expect(alerts.CanaryErrorsWorseThanStable!.expr).toBe(
      'track:model_server_http_5xx:ratio{inference_platform_track="canary"} > on (inference_platform_model, inference_platform_tier)' +
      ` (track:model_server_http_5xx:ratio{inference_platform_track="stable"} + 0.01)${traffic}`,
    );
    for (const a of Object.values(alerts)) {
      expect([a.for, a.severity, parsePromQL(a.expr).ok]).toEqual(["10m", "warning", true]);
    }
    expect(alerts.CanaryErrorsWorseThanStable!.condition).toBe("canary 5xx % > stable 5xx % + 1 while the canary gets traffic, for 10m");
  });

  it("take the region's thresholds, not the defaults", () => {
    const alerts = canaryAlertsWith({ ...DEFAULT_THRESHOLDS, canaryLatencyP99Ratio: 1.5, canaryErrorMarginPercent: 0.7 });
    expect(alerts.CanaryLatencyWorseThanStable!.expr).toContain('{inference_platform_track="stable"} * 1.5)');
    // 0.7 / 100 in floating point is 0.006999…: the margin is rounded to what was meant.
    expect(alerts.CanaryErrorsWorseThanStable!.expr).toContain('{inference_platform_track="stable"} + 0.007)');
    expect(alerts.CanaryLatencyWorseThanStable!.condition).toBe("canary p99 > 1.5 × stable p99 while the canary gets traffic, for 10m");
  });

  it("read only the recorded series, which the recordings above produce", () => {
    const recorded = new Set(trackRecordingRules(VLLM_METRICS).map((r) => r.record));
    for (const a of Object.values(canaryAlertsWith())) for (const m of metricNamesIn(a.expr)) expect(recorded.has(m), `${a.alert}: ${m}`).toBe(true);
  });
});
