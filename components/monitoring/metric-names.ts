/**
 * Metric names the rules and dashboards read: the model server's, which a
 * setting may change (schema with vLLM's names as defaults), and the
 * exporters', which the exporters the stack deploys fix. Pulumi-free; a leaf
 * of the component's imports, so rules, dashboards and sources all read it.
 */
import { z } from "zod";
import { isMetricName } from "./promql";

const metricName = (fallback: string) =>
  z.string().refine(isMetricName, "a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)").default(fallback);

/**
 * Metric names of the model server. Defaults: vLLM's OpenAI server (engine
 * metrics under `vllm:`, HTTP metrics from its FastAPI instrumentator with
 * grouped `status`); another model server fits by setting them.
 */
export const modelServerMetricsSchema = z.strictObject({
  /** Request latency histogram base name (series `<name>_bucket`, `<name>_count`). @default vllm:e2e_request_latency_seconds */
  latencyHistogram: metricName("vllm:e2e_request_latency_seconds"),
  /** Gauge of requests waiting in a model server's queue. @default vllm:num_requests_waiting */
  requestsWaiting: metricName("vllm:num_requests_waiting"),
  /** Gauge of requests being served. @default vllm:num_requests_running */
  requestsRunning: metricName("vllm:num_requests_running"),
  /** Counter of finished requests. @default vllm:request_success_total */
  requestSuccess: metricName("vllm:request_success_total"),
  /** Counter of HTTP requests with a status label. @default http_requests_total */
  httpRequests: metricName("http_requests_total"),
  /** Label of `httpRequests` holding the status code ("503" or grouped "5xx"). @default status */
  httpStatusLabel: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)").default("status"),
  /** Counter of cache hits. @default vllm:prefix_cache_hits_total */
  cacheHits: metricName("vllm:prefix_cache_hits_total"),
  /** Counter of cache lookups. @default vllm:prefix_cache_queries_total */
  cacheQueries: metricName("vllm:prefix_cache_queries_total"),
});

/** The model server's names, every one set. */
export type ModelServerMetricNames = z.output<typeof modelServerMetricsSchema>;

/** vLLM's names: the schema's defaults. */
export const VLLM_METRICS: ModelServerMetricNames = modelServerMetricsSchema.parse({});

/**
 * Consumer lag per consumer group and topic, from the JMX exporter of MSK open
 * monitoring (port 11001 of every broker); label `name` picks the figure
 * (`SumOffsetLag`, `MaxOffsetLag`, `EstimatedMaxTimeLag`, …), with `groupId` and `topic`.
 */
export const MSK_CONSUMER_LAG = "kafka_consumer_group_ConsumerLagMetrics_Value";

/** redis_exporter's names for INFO fields (its default metric namespace `redis`). */
export const REDIS_EXPORTER_METRICS = {
  /** INFO `evicted_keys`, a counter. */
  evictedKeys: "redis_evicted_keys_total",
  /** INFO `used_memory`. */
  memoryUsed: "redis_memory_used_bytes",
  /** INFO `maxmemory`; 0 when no limit is set. */
  memoryMax: "redis_memory_max_bytes",
} as const;

/**
 * Envoy's histogram of the time an upstream cluster takes to answer, in
 * milliseconds (series `<name>_bucket`, `_count`, `_sum`), labelled
 * `envoy_cluster_name`. Envoy Gateway names a route rule's cluster
 * `httproute/<namespace>/<route>/rule/<index>`; its proxies serve it on port
 * `metrics`, path /stats/prometheus.
 */
export const ENVOY_UPSTREAM_TIME_MS = "envoy_cluster_upstream_rq_time";
