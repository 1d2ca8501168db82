import { describe, expect, it } from "vitest";
import { isMetricName, metricNamesIn, parsePromQL } from "../../components/monitoring/promql";
import { VLLM_METRICS } from "../../components/monitoring/metric-names";
import { alertRules, recordingRules } from "../../components/monitoring/rules";
import { DEFAULT_THRESHOLDS } from "../../components/monitoring/thresholds";

// Every rule: alerts with every source on, and the recordings they read.
const rules = [
  ...recordingRules({ metrics: VLLM_METRICS, frontDoorNamespace: "inference" }).map((r) => ({ name: `recording ${r.record}`, expr: r.expr })),
  ...alertRules({
    thresholds: DEFAULT_THRESHOLDS, metrics: VLLM_METRICS, kafkaRequestTopic: "inference-requests", redisExporter: true,
    frontDoorTimeouts: { generationSeconds: 300, apiMilliseconds: 800 },
  }).map((r) => ({ name: `alert ${r.alert}`, expr: r.expr })),
];

describe("parsePromQL (lezer-promql)", () => {
  it.each(rules.map((r) => [r.name, r.expr]))("parses the %s rule", (_name, expr) => {
    expect(parsePromQL(expr)).toEqual({ ok: true, errors: [] });
  });

  it("fails a deliberately broken copy of every rule (unclosed range)", () => {
    for (const r of rules) {
      const broken = r.expr.includes("[5m]") ? r.expr.replace("[5m]", "[5m") : `${r.expr} )`;
      const check = parsePromQL(broken);
      expect(check.ok, broken).toBe(false);
      expect(check.errors.length).toBeGreaterThan(0);
    }
  });

  it("reports where a broken expression fails", () => {
    expect(parsePromQL("sum(rate(vllm:num_requests_waiting[5m]) >").errors[0]).toEqual({ at: 41, near: "end of input" });
    expect(parsePromQL('rate(x[5m]) bogus').errors[0]).toEqual({ at: 12, near: "bogus" });
    expect(parsePromQL("   ").ok).toBe(false);
  });

  it("tells metric names from other text", () => {
    expect(isMetricName("vllm:num_requests_waiting")).toBe(true);
    expect(isMetricName("DCGM_FI_DEV_GPU_UTIL")).toBe(true);
    expect(isMetricName("vllm:num requests")).toBe(false);
    expect(isMetricName("rate(x[5m])")).toBe(false);
    expect(isMetricName("9lives")).toBe(false);
    expect(isMetricName("")).toBe(false);
  });
});

describe("metricNamesIn", () => {
  it("finds every selected metric once, in order, and nothing else (functions, labels, label values)", () => {
    expect(metricNamesIn('max(redis_memory_used_bytes / (redis_memory_max_bytes > 0)) * 100 > 80')).toEqual(["redis_memory_used_bytes", "redis_memory_max_bytes"]);
    expect(metricNamesIn('sum by (le) (rate(vllm:e2e_request_latency_seconds_bucket{status="rate"}[5m])) / sum(rate(vllm:e2e_request_latency_seconds_bucket[5m:1m]))'))
      .toEqual(["vllm:e2e_request_latency_seconds_bucket"]);
    expect(metricNamesIn("vector(9) + time()")).toEqual([]);
  });

  it("returns a selector without a plain name as written, so no table of names can pass it", () => {
    expect(metricNamesIn('sum(rate({__name__=~"redis_.*"}[5m]))')).toEqual(['{__name__=~"redis_.*"}']);
  });
});
