import { describe, expect, it } from "vitest";
import { renderDashboards } from "../../components/monitoring/dashboards";
import { metricReaders, metricSourceTable, unsourcedMetrics } from "../../components/monitoring/metric-sources";
import { metricNamesIn } from "../../components/monitoring/promql";
import { VLLM_METRICS } from "../../components/monitoring/metric-names";
import { alertRules, recordingRules } from "../../components/monitoring/rules";
import { DEFAULT_THRESHOLDS } from "../../components/monitoring/thresholds";

const recordings = recordingRules({ metrics: VLLM_METRICS, frontDoorNamespace: "inference" });
const everything = { modelServer: VLLM_METRICS, mskOpenMonitoring: true, redisExporter: true, envoyProxies: true, recordings };
const rules = alertRules({
  thresholds: DEFAULT_THRESHOLDS, metrics: VLLM_METRICS, kafkaRequestTopic: "inference-requests", redisExporter: true,
  frontDoorTimeouts: { generationSeconds: 300, apiMilliseconds: 800 },
});
const dashboards = renderDashboards({ metrics: VLLM_METRICS, thresholds: DEFAULT_THRESHOLDS, plan: { minNodes: 1, desiredNodes: 2, maxNodes: 3 } });

describe("metric source table", () => {
  it("maps every metric our rules and dashboards know of to what produces it", () => {
    expect(Object.fromEntries(metricSourceTable(everything))).toEqual({
      "vllm:e2e_request_latency_seconds_bucket": "model server",
      "vllm:e2e_request_latency_seconds_count": "model server",
      "vllm:e2e_request_latency_seconds_sum": "model server",
      "vllm:num_requests_waiting": "model server",
      "vllm:num_requests_running": "model server",
      "vllm:request_success_total": "model server",
      "http_requests_total": "model server",
      "vllm:prefix_cache_hits_total": "model server",
      "vllm:prefix_cache_queries_total": "model server",
      DCGM_FI_DEV_GPU_UTIL: "DCGM exporter",
      DCGM_FI_DEV_XID_ERRORS: "DCGM exporter",
      DCGM_FI_DEV_FB_USED: "DCGM exporter",
      DCGM_FI_DEV_FB_FREE: "DCGM exporter",
      DCGM_FI_DEV_POWER_USAGE: "DCGM exporter",
      DCGM_FI_DEV_GPU_TEMP: "DCGM exporter",
      kube_pod_container_resource_requests: "kube-state-metrics",
      kube_pod_status_phase: "kube-state-metrics",
      kube_node_status_condition: "kube-state-metrics",
      kube_node_status_capacity: "kube-state-metrics",
      kube_node_status_allocatable: "kube-state-metrics",
      kube_node_labels: "kube-state-metrics",
      kube_horizontalpodautoscaler_status_desired_replicas: "kube-state-metrics",
      kube_deployment_status_replicas_available: "kube-state-metrics",
      kafka_consumer_group_ConsumerLagMetrics_Value: "MSK JMX exporter",
      redis_evicted_keys_total: "redis_exporter",
      redis_memory_used_bytes: "redis_exporter",
      redis_memory_max_bytes: "redis_exporter",
      envoy_cluster_upstream_rq_time_bucket: "Envoy proxies",
      envoy_cluster_upstream_rq_time_count: "Envoy proxies",
      envoy_cluster_upstream_rq_time_sum: "Envoy proxies",
      "track:model_server_latency_seconds:p99": "recording rule",
      "track:model_server_http_5xx:ratio": "recording rule",
      "track:model_server_http_requests:rate5m": "recording rule",
      "route:envoy_upstream_latency_seconds:p90": "recording rule",
      "route:front_door_timeout_seconds:suggested": "recording rule",
    });
  });

  it("takes the model server's names from config", () => {
    const table = metricSourceTable({ ...everything, modelServer: { ...VLLM_METRICS, latencyHistogram: "tgi_request_duration", requestsWaiting: "tgi_queue_size" } });
    expect([table.get("tgi_request_duration_bucket"), table.get("tgi_queue_size")]).toEqual(["model server", "model server"]);
    expect(table.has("vllm:num_requests_waiting")).toBe(false);
  });

  it("lists MSK, Redis and Envoy metrics only when their exporter or proxies are scraped, and recorded series only when recorded", () => {
    const table = metricSourceTable({ ...everything, mskOpenMonitoring: false, redisExporter: false, envoyProxies: false, recordings: [] });
    expect([
      "kafka_consumer_group_ConsumerLagMetrics_Value", "redis_evicted_keys_total", "redis_memory_used_bytes", "redis_memory_max_bytes",
      "envoy_cluster_upstream_rq_time_bucket", "track:model_server_latency_seconds:p99", "route:front_door_timeout_seconds:suggested",
    ].filter((m) => table.has(m))).toEqual([]);
  });
});

describe("every metric a rule reads has a source", () => {
  it("reads, per alert, exactly these metrics from these sources", () => {
    const table = metricSourceTable(everything);
    expect(Object.fromEntries(rules.map((r) => [r.alert, metricNamesIn(r.expr).map((m) => `${m} ← ${table.get(m) ?? "nothing"}`)]))).toEqual({
      InferenceLatencyP99High: ["vllm:e2e_request_latency_seconds_bucket ← model server"],
      InferenceErrorRatioHigh: ["http_requests_total ← model server"],
      InferenceQueueDepthHigh: ["vllm:num_requests_waiting ← model server"],
      ModelServerMetricsAbsent: ["vllm:num_requests_waiting ← model server"],
      GpuUtilisationHigh: ["DCGM_FI_DEV_GPU_UTIL ← DCGM exporter"],
      GpuUtilisationLow: ["DCGM_FI_DEV_GPU_UTIL ← DCGM exporter"],
      GpuXidError: ["DCGM_FI_DEV_XID_ERRORS ← DCGM exporter"],
      GpuPodsPending: ["kube_pod_container_resource_requests ← kube-state-metrics", "kube_pod_status_phase ← kube-state-metrics"],
      NodeNotReady: ["kube_node_status_condition ← kube-state-metrics"],
      KafkaRequestConsumerLagHigh: ["kafka_consumer_group_ConsumerLagMetrics_Value ← MSK JMX exporter"],
      RedisEvictions: ["redis_evicted_keys_total ← redis_exporter"],
      RedisMemoryHigh: ["redis_memory_used_bytes ← redis_exporter", "redis_memory_max_bytes ← redis_exporter"],
      CanaryLatencyWorseThanStable: ["track:model_server_latency_seconds:p99 ← recording rule", "track:model_server_http_requests:rate5m ← recording rule"],
      CanaryErrorsWorseThanStable: ["track:model_server_http_5xx:ratio ← recording rule", "track:model_server_http_requests:rate5m ← recording rule"],
      RouteTimeoutBelowSuggested: ["route:front_door_timeout_seconds:suggested ← recording rule"],
    });
  });

  it("reads, per recording, exactly these metrics from these sources", () => {
    const table = metricSourceTable(everything);
    expect(metricReaders([], {}, recordings).map((r) => [r.reader, metricNamesIn(r.expr).map((m) => `${m} ← ${table.get(m) ?? "nothing"}`)])).toEqual([
      ["recording track:model_server_latency_seconds:p99", ["vllm:e2e_request_latency_seconds_bucket ← model server"]],
      ["recording track:model_server_http_5xx:ratio", ["http_requests_total ← model server"]],
      ["recording track:model_server_http_requests:rate5m", ["http_requests_total ← model server"]],
      ['recording route:envoy_upstream_latency_seconds:p90{route="generation"}', ["envoy_cluster_upstream_rq_time_bucket ← Envoy proxies"]],
      ['recording route:envoy_upstream_latency_seconds:p90{route="api"}', ["envoy_cluster_upstream_rq_time_bucket ← Envoy proxies"]],
      ["recording route:front_door_timeout_seconds:suggested", ["route:envoy_upstream_latency_seconds:p90 ← recording rule"]],
    ]);
  });

  it("finds no unsourced metric in the rules and dashboards, with or without the data plane and the front door", () => {
    expect(unsourcedMetrics(metricReaders(rules, dashboards, recordings), metricSourceTable(everything))).toEqual([]);
    const bare = alertRules({ thresholds: DEFAULT_THRESHOLDS, metrics: VLLM_METRICS, redisExporter: false });
    const bareRecordings = recordingRules({ metrics: VLLM_METRICS });
    const bareSources = metricSourceTable({ ...everything, mskOpenMonitoring: false, redisExporter: false, envoyProxies: false, recordings: bareRecordings });
    expect(unsourcedMetrics(metricReaders(bare, dashboards, bareRecordings), bareSources)).toEqual([]);
  });
});

describe("refused: a rule on a metric nothing deploys", () => {
  it("names the old kafka-exporter lag metric, which no deployed exporter produces", () => {
    const readers = [{ reader: "alert OldLag", expr: 'sum by (consumergroup) (kafka_consumergroup_lag{topic="inference-requests"}) > 15000' }];
    expect(unsourcedMetrics(readers, metricSourceTable(everything))).toEqual([{ reader: "alert OldLag", metric: "kafka_consumergroup_lag" }]);
  });

  it("names the Redis metrics when no redis_exporter runs", () => {
    const redisRules = rules.filter((r) => r.alert.startsWith("Redis"));
    expect(unsourcedMetrics(metricReaders(redisRules, {}), metricSourceTable({ ...everything, redisExporter: false }))).toEqual([
      { reader: "alert RedisEvictions", metric: "redis_evicted_keys_total" },
      { reader: "alert RedisMemoryHigh", metric: "redis_memory_used_bytes" },
      { reader: "alert RedisMemoryHigh", metric: "redis_memory_max_bytes" },
    ]);
  });

  it("names the front door's rules when its proxies are not scraped and its series not recorded", () => {
    const frontDoor = { alerts: rules.filter((r) => r.group === "front-door"), recordings: recordings.filter((r) => r.group === "front-door") };
    const withoutProxies = metricSourceTable({ ...everything, envoyProxies: false, recordings: recordings.filter((r) => r.group !== "front-door") });
    expect(unsourcedMetrics(metricReaders(frontDoor.alerts, {}, frontDoor.recordings), withoutProxies)).toEqual([
      { reader: 'recording route:envoy_upstream_latency_seconds:p90{route="generation"}', metric: "envoy_cluster_upstream_rq_time_bucket" },
      { reader: 'recording route:envoy_upstream_latency_seconds:p90{route="api"}', metric: "envoy_cluster_upstream_rq_time_bucket" },
      { reader: "recording route:front_door_timeout_seconds:suggested", metric: "route:envoy_upstream_latency_seconds:p90" },
      { reader: "alert RouteTimeoutBelowSuggested", metric: "route:front_door_timeout_seconds:suggested" },
    ]);
  });

  it("names a dashboard panel on a series no rule records", () => {
    const dashboard = JSON.stringify({ panels: [{ title: "Canary", targets: [{ expr: "track:model_server_latency_seconds:p99" }] }] });
    expect(unsourcedMetrics(metricReaders([], { canary: dashboard }), metricSourceTable({ ...everything, recordings: [] }))).toEqual([
      { reader: 'dashboard canary, panel "Canary"', metric: "track:model_server_latency_seconds:p99" },
    ]);
  });

  it("names a dashboard panel on an unknown metric", () => {
    const dashboard = JSON.stringify({ panels: [{ title: "Node load", targets: [{ expr: "avg(node_load1)" }] }] });
    expect(unsourcedMetrics(metricReaders([], { nodes: dashboard }), metricSourceTable(everything))).toEqual([
      { reader: 'dashboard nodes, panel "Node load"', metric: "node_load1" },
    ]);
  });
});
