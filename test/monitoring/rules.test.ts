import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { managedServiceAlarmSpecs } from "../../components/monitoring/alarms";
import { parsePromQL } from "../../components/monitoring/promql";
import { runbookBaseUrlProblem } from "../../components/monitoring/runbooks";
import { VLLM_METRICS } from "../../components/monitoring/metric-names";
import { alertRules, prometheusRuleGroups, recordingRules, type PrometheusAlertingRule } from "../../components/monitoring/rules";
import { DEFAULT_THRESHOLDS, seedDerivedThresholds } from "../../components/monitoring/thresholds";
import { REPO_ROOT } from "../support/render";

const ALERTS = [
  "InferenceLatencyP99High", "InferenceErrorRatioHigh", "InferenceQueueDepthHigh", "ModelServerMetricsAbsent",
  "GpuUtilisationHigh", "GpuUtilisationLow", "GpuXidError", "GpuPodsPending",
  "NodeNotReady", "KafkaRequestConsumerLagHigh", "RedisEvictions", "RedisMemoryHigh",
  "CanaryLatencyWorseThanStable", "CanaryErrorsWorseThanStable", "RouteTimeoutBelowSuggested",
];

/** Anchors of docs/runbooks.md headings, as GitHub renders them. */
function runbookAnchors(): Set<string> {
  const text = fs.readFileSync(path.join(REPO_ROOT, "docs", "runbooks.md"), "utf8");
  return new Set([...text.matchAll(/^#{2,4} (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-")));
}

describe("seed-derived thresholds", () => {
  it("derives the seed's example region (500 QPS, 30 % headroom)", () => {
    expect(seedDerivedThresholds({ headroomPercent: 30, peakQps: 500 })).toEqual({
      latencyP99Seconds: 0.8, errorRatioPercent: 1, queueDepthPerServer: 20,
      gpuUtilHighPercent: 77, gpuUtilLowPercent: 19, gpuPodsPendingMinutes: 10, nodeNotReadyMinutes: 5,
      kafkaConsumerLag: 15000, redisMemoryPercent: 80, redisEvictionsPerMinute: 0,
      redisCpuPercent: 90, redisReplicationLagSeconds: 3, kafkaDiskUsedPercent: 85,
      canaryLatencyP99Ratio: 1.2, canaryErrorMarginPercent: 1,
    });
  });

  it("follows the region's headroom and load", () => {
    const t = seedDerivedThresholds({ headroomPercent: 50, peakQps: 5 });
    expect([t.gpuUtilHighPercent, t.gpuUtilLowPercent, t.kafkaConsumerLag]).toEqual([67, 17, 150]);
  });
});

describe("alert rules", () => {
  const rules = alertRules({
    thresholds: DEFAULT_THRESHOLDS, metrics: VLLM_METRICS, kafkaRequestTopic: "inference-requests", redisExporter: true,
    frontDoorTimeouts: { generationSeconds: 300, apiMilliseconds: 800 },
  });
  const recordings = recordingRules({ metrics: VLLM_METRICS, frontDoorNamespace: "inference" });
  const groups = prometheusRuleGroups(rules, "https://git.example.com/platform/inference-platform/blob/main/docs/runbooks.md", recordings);
  const alerting = groups.flatMap((g) => g.rules).filter((r): r is PrometheusAlertingRule => "alert" in r);

  it("cover every alert the issues ask for", () => {
    expect(rules.map((r) => r.alert)).toEqual(ALERTS);
    expect(groups.map((g) => g.name)).toEqual([
      "inference-platform.inference", "inference-platform.gpu", "inference-platform.cluster", "inference-platform.data-plane",
      "inference-platform.canary", "inference-platform.front-door",
    ]);
  });

  it("put each group's recordings before its alerts, which read them in the same evaluation", () => {
    const order = (name: string) => groups.find((g) => g.name === name)!.rules.map((r) => ("record" in r ? `record ${r.record}` : `alert ${r.alert}`));
    expect(order("inference-platform.canary")).toEqual([
      "record track:model_server_latency_seconds:p99", "record track:model_server_http_5xx:ratio", "record track:model_server_http_requests:rate5m",
      "alert CanaryLatencyWorseThanStable", "alert CanaryErrorsWorseThanStable",
    ]);
    expect(order("inference-platform.front-door")).toEqual([
      "record route:envoy_upstream_latency_seconds:p90", "record route:envoy_upstream_latency_seconds:p90",
      "record route:front_door_timeout_seconds:suggested", "alert RouteTimeoutBelowSuggested",
    ]);
    // Groups without recordings hold alerts only, as before.
    expect(groups.find((g) => g.name === "inference-platform.gpu")!.rules.every((r) => "alert" in r)).toBe(true);
  });

  it("give every alert a severity, a summary and a runbook link that exists", () => {
    const anchors = runbookAnchors();
    for (const rule of alerting) {
      expect(["critical", "warning", "info"]).toContain(rule.labels.severity);
      expect(rule.annotations.summary.length).toBeGreaterThan(10);
      expect(rule.annotations.runbook_url).toBe(`https://git.example.com/platform/inference-platform/blob/main/docs/runbooks.md#${rule.alert.toLowerCase()}`);
      expect(anchors.has(rule.alert.toLowerCase()), rule.alert).toBe(true);
    }
  });

  it("put the thresholds into the expressions", () => {
    const byName = Object.fromEntries(rules.map((r) => [r.alert, r]));
    expect(byName.InferenceLatencyP99High!.expr).toBe("histogram_quantile(0.99, sum by (le) (rate(vllm:e2e_request_latency_seconds_bucket[5m]))) > 0.8");
    expect(byName.InferenceErrorRatioHigh!.expr).toBe('sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) * 100 > 1');
    expect(byName.InferenceQueueDepthHigh!.expr).toBe("max by (namespace, pod) (vllm:num_requests_waiting) > 20");
    expect(byName.KafkaRequestConsumerLagHigh!.expr).toBe(
      'max by (groupId) (kafka_consumer_group_ConsumerLagMetrics_Value{name="SumOffsetLag", topic="inference-requests"}) > 15000',
    );
    expect(byName.RedisEvictions!.expr).toBe("sum(rate(redis_evicted_keys_total[5m])) * 60 > 0");
    expect(byName.GpuPodsPending!.for).toBe("10m");
  });

  it("leave the GPU headroom placeholders, Pending by design, out of GpuPodsPending", () => {
    const expr = rules.find((r) => r.alert === "GpuPodsPending")!.expr;
    expect(expr).toBe(
      'count(sum by (namespace, pod) (kube_pod_container_resource_requests{resource="nvidia_com_gpu", pod!~"gpu-headroom-.*"})' +
      ' and on (namespace, pod) (kube_pod_status_phase{phase="Pending"} == 1)) > 0',
    );
    expect(parsePromQL(expr).ok).toBe(true);
    expect(rules.find((r) => r.alert === "GpuPodsPending")!.condition).toBe("pods requesting GPUs (headroom placeholders aside) Pending for 10m");
    // Prometheus anchors regex matchers: placeholder pods match, a workload merely containing the words does not.
    const placeholder = /^(?:gpu-headroom-.*)$/;
    expect(placeholder.test("gpu-headroom-china-gpu-g5-12xl-7d9c8b6f5-x2k4p")).toBe(true);
    expect(placeholder.test("llama-gpu-headroom-test-0")).toBe(false);
  });

  it("fit another model server by config", () => {
    const tgi = alertRules({
      thresholds: { ...DEFAULT_THRESHOLDS, latencyP99Seconds: 1.5 },
      metrics: { ...VLLM_METRICS, latencyHistogram: "tgi_request_duration", requestsWaiting: "tgi_queue_size" },
      kafkaRequestTopic: "requests",
      redisExporter: true,
    });
    const byName = Object.fromEntries(tgi.map((r) => [r.alert, r.expr]));
    expect(byName.InferenceLatencyP99High).toBe("histogram_quantile(0.99, sum by (le) (rate(tgi_request_duration_bucket[5m]))) > 1.5");
    expect(byName.InferenceQueueDepthHigh).toBe("max by (namespace, pod) (tgi_queue_size) > 20");
  });
});

describe("data-plane alerts come only with the exporters they read", () => {
  const names = (o: { kafkaRequestTopic?: string; redisExporter: boolean }) =>
    alertRules({ thresholds: DEFAULT_THRESHOLDS, metrics: VLLM_METRICS, ...o }).map((r) => r.alert).filter((a) => /^(Kafka|Redis)/.test(a));

  it("adds the consumer-lag alert with MSK open monitoring and the Redis alerts with the redis_exporter", () => {
    expect(names({ kafkaRequestTopic: "inference-requests", redisExporter: true })).toEqual(["KafkaRequestConsumerLagHigh", "RedisEvictions", "RedisMemoryHigh"]);
  });

  it("leaves them out without their source", () => {
    expect(names({ redisExporter: false })).toEqual([]);
    expect(names({ kafkaRequestTopic: "inference-requests", redisExporter: false })).toEqual(["KafkaRequestConsumerLagHigh"]);
  });

  it("guards the memory ratio against maxmemory 0 (no limit)", () => {
    const memory = alertRules({ thresholds: DEFAULT_THRESHOLDS, metrics: VLLM_METRICS, redisExporter: true }).find((r) => r.alert === "RedisMemoryHigh")!;
    expect(memory.expr).toBe("max(redis_memory_used_bytes / (redis_memory_max_bytes > 0)) * 100 > 80");
  });
});

describe("runbook base URL", () => {
  it("accepts absolute http(s) URLs of the document", () => {
    expect(runbookBaseUrlProblem("https://github.com/example-org/inference-platform/blob/main/docs/runbooks.md")).toBeUndefined();
    expect(runbookBaseUrlProblem("http://git.corp.example.cn/platform/inference-platform/-/blob/main/docs/runbooks.md")).toBeUndefined();
  });

  it("refuses relative paths, other schemes and fragments, saying what is allowed", () => {
    expect(runbookBaseUrlProblem("docs/runbooks.md")).toBe(
      '"docs/runbooks.md" is not an absolute URL: give an http(s) URL such as https://github.com/example-org/inference-platform/blob/main/docs/runbooks.md',
    );
    expect(runbookBaseUrlProblem("file:///srv/docs/runbooks.md")).toBe(
      '"file:///srv/docs/runbooks.md" is not an http(s) URL: give one such as https://github.com/example-org/inference-platform/blob/main/docs/runbooks.md',
    );
    expect(runbookBaseUrlProblem("https://example.com/runbooks.md#top")).toBe(
      '"https://example.com/runbooks.md#top" has a fragment: give the document only, each alert appends #<alert>',
    );
  });
});

describe("managed-service alarms", () => {
  it("watch every Redis node and every broker, each with a runbook section", () => {
    const specs = managedServiceAlarmSpecs({ redis: { replicationGroupId: "rg", nodeCount: 2 }, kafka: { clusterName: "msk", brokerCount: 3 } }, DEFAULT_THRESHOLDS);
    expect(specs.map((s) => s.key)).toEqual([
      "redis-1-cpu", "redis-1-engine-cpu", "redis-1-memory", "redis-1-evictions", "redis-1-replication-lag",
      "redis-2-cpu", "redis-2-engine-cpu", "redis-2-memory", "redis-2-evictions", "redis-2-replication-lag",
      "kafka-broker-1-disk", "kafka-broker-1-under-replicated", "kafka-broker-2-disk", "kafka-broker-2-under-replicated",
      "kafka-broker-3-disk", "kafka-broker-3-under-replicated", "kafka-offline-partitions", "kafka-active-controller",
    ]);
    const anchors = runbookAnchors();
    for (const s of specs) expect(anchors.has(s.runbook), s.runbook).toBe(true);
    const controller = specs.find((s) => s.key === "kafka-active-controller")!;
    expect([controller.metricName, controller.expression, controller.threshold, controller.comparisonOperator]).toEqual(["ActiveControllerCount", "ABS(m1 - 1)", 0, "GreaterThanThreshold"]);
  });

  it("make none without managed services", () => {
    expect(managedServiceAlarmSpecs({}, DEFAULT_THRESHOLDS)).toEqual([]);
  });
});
