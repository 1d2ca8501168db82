// The front door's timeouts against its live p90: the per-route recordings and the alert, with the seed's factor.
import { describe, expect, it } from "vitest";
import { TIMEOUT_PER_P90 } from "../../components/front-door/timeouts";
import { routeRecordingRules, timeoutAlert } from "../../components/monitoring/front-door-rules";
import { VLLM_METRICS } from "../../components/monitoring/metric-names";
import { parsePromQL } from "../../components/monitoring/promql";
import { alertRules, recordingRules } from "../../components/monitoring/rules";
import { DEFAULT_THRESHOLDS } from "../../components/monitoring/thresholds";

/** The regex of a recording's `envoy_cluster_name` matcher, anchored as Prometheus anchors it. */
const clusterPattern = (expr: string) => new RegExp(`^(?:${/envoy_cluster_name=~"([^"]+)"/.exec(expr)![1]})$`);

describe("route recordings", () => {
  const recordings = routeRecordingRules("inference");

  it("record each serving route's p90 from Envoy's upstream histogram, in seconds, and the suggested timeout p90 × TIMEOUT_PER_P90", () => {
    expect(recordings.map((r) => [r.record, r.labels])).toEqual([
      ["route:envoy_upstream_latency_seconds:p90", { route: "generation" }],
      ["route:envoy_upstream_latency_seconds:p90", { route: "api" }],
      ["route:front_door_timeout_seconds:suggested", undefined],
    ]);
    expect(recordings[0]!.expr).toBe(
      'histogram_quantile(0.9, sum by (le) (rate(envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name=~"httproute/inference/generation/rule/.*"}[5m]))) / 1000',
    );
    expect(recordings[2]!.expr).toBe(`route:envoy_upstream_latency_seconds:p90 * ${TIMEOUT_PER_P90}`);
    expect(recordings[2]!.expr).toBe("route:envoy_upstream_latency_seconds:p90 * 1.6");
    for (const r of recordings) expect([r.group, parsePromQL(r.expr).ok]).toEqual(["front-door", true]);
  });

  it("match every rule of the route's own HTTPRoute in the app namespace, and nothing else", () => {
    const generation = clusterPattern(recordings[0]!.expr);
    for (const name of ["httproute/inference/generation/rule/0", "httproute/inference/generation/rule/3"]) expect(generation.test(name), name).toBe(true);
    for (const name of ["httproute/inference/api/rule/0", "httproute/inference/healthz/rule/0", "httproute/other/generation/rule/0", "httproute/inference/generation-v2/rule/0"]) {
      expect(generation.test(name), name).toBe(false);
    }
    expect(clusterPattern(routeRecordingRules("serving")[1]!.expr).test("httproute/serving/api/rule/2")).toBe(true);
  });

  it("come only with the front door's namespace", () => {
    const records = (frontDoorNamespace?: string) => recordingRules({ metrics: VLLM_METRICS, frontDoorNamespace }).map((r) => r.record).filter((r) => r.startsWith("route:"));
    expect(records("inference")).toHaveLength(3);
    expect(records(undefined)).toEqual([]);
  });
});

describe("RouteTimeoutBelowSuggested", () => {
  it("fires when a route's suggested timeout stays above its configured one for 30m", () => {
    const alert = timeoutAlert({ generationSeconds: 300, apiMilliseconds: 800 });
    expect(alert.expr).toBe('route:front_door_timeout_seconds:suggested{route="generation"} > 300 or route:front_door_timeout_seconds:suggested{route="api"} > 0.8');
    expect([alert.group, alert.severity, alert.for, parsePromQL(alert.expr).ok]).toEqual(["front-door", "warning", "30m", true]);
    expect(alert.summary).toBe("Route {{ $labels.route }}: timeout below p90 × 1.6 (suggested {{ $value | humanizeDuration }})");
    expect(alert.condition).toBe("p90 × 1.6 > the configured timeout (generation 300 s, api 0.8 s) for 30m");
  });

  it("compares with the timeouts the region configured", () => {
    expect(timeoutAlert({ generationSeconds: 120, apiMilliseconds: 1250 }).expr).toBe(
      'route:front_door_timeout_seconds:suggested{route="generation"} > 120 or route:front_door_timeout_seconds:suggested{route="api"} > 1.25',
    );
  });

  it("comes only with the front door's timeouts", () => {
    const alerts = (frontDoorTimeouts?: { generationSeconds: number; apiMilliseconds: number }) =>
      alertRules({ thresholds: DEFAULT_THRESHOLDS, metrics: VLLM_METRICS, redisExporter: false, frontDoorTimeouts }).map((r) => r.alert).filter((a) => a.startsWith("Route"));
    expect(alerts({ generationSeconds: 300, apiMilliseconds: 800 })).toEqual(["RouteTimeoutBelowSuggested"]);
    expect(alerts(undefined)).toEqual([]);
  });
});
