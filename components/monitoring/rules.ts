/**
 * The platform's alert and recording rules as plain data, rendered from the
 * region's thresholds (thresholds.ts) and the metric names they read
 * (metric-names.ts), and the PrometheusRule groups rendered from them.
 * Canary-against-stable rules live in canary-rules.ts, the front door's
 * timeout rules in front-door-rules.ts.
 */
import { canaryAlerts, trackRecordingRules } from "./canary-rules";
import { routeRecordingRules, timeoutAlert, type FrontDoorTimeouts } from "./front-door-rules";
import { MSK_CONSUMER_LAG, REDIS_EXPORTER_METRICS, type ModelServerMetricNames } from "./metric-names";
import type { AlertRule, RecordingRule, Severity } from "./rule-types";
import type { AlertThresholds } from "./thresholds";

export type { AlertRule, RecordingRule } from "./rule-types";

/**
 * Pods of the GPU headroom placeholders (components/gpu-headroom: Deployments
 * `gpu-headroom-<pool>`). Real work preempts them and they wait Pending by
 * design (that wait makes the autoscaler add a node), so they must not count
 * as starved workloads. Matched by pod name rather than by their
 * `app.kubernetes.io/name` label: kube-state-metrics exports pod labels only
 * when allow-listed, the pod name always. PromQL regex matches are anchored.
 */
const HEADROOM_POD_PATTERN = "gpu-headroom-.*";

/** Inputs of {@link alertRules}. */
export interface AlertRuleOptions {
  thresholds: AlertThresholds;
  metrics: ModelServerMetricNames;
  /** Kafka topic carrying inference requests, when MSK open monitoring is scraped; without it no consumer-lag alert. */
  kafkaRequestTopic?: string;
  /** A redis_exporter watches the region's Redis; without it no Redis alerts (CloudWatch alarms still cover Redis). */
  redisExporter: boolean;
  /** Configured timeouts of the front door's serving routes, whose proxies are scraped; without them no timeout alert. */
  frontDoorTimeouts?: FrontDoorTimeouts;
}

/**
 * Every alert of the platform for one region. Data-plane and front-door alerts
 * come only with the exporters and proxies they read: a rule on a metric
 * nothing produces never fires.
 */
export function alertRules({ thresholds: t, metrics: m, kafkaRequestTopic, redisExporter, frontDoorTimeouts }: AlertRuleOptions): AlertRule[] {
  return [
    ...serverAndClusterRules(t, m),
    ...(kafkaRequestTopic === undefined ? [] : [kafkaLagRule(t, kafkaRequestTopic)]),
    ...(redisExporter ? redisRules(t) : []),
    ...canaryAlerts(t),
    ...(frontDoorTimeouts === undefined ? [] : [timeoutAlert(frontDoorTimeouts)]),
  ];
}

/** Inputs of {@link recordingRules}. */
export interface RecordingRuleOptions {
  metrics: ModelServerMetricNames;
  /** Namespace of the front door's HTTPRoutes, when its proxies are scraped; without it no route recordings. */
  frontDoorNamespace?: string;
}

/** Every recording rule of the region: canary against stable always, the front door's routes with the front door. */
export function recordingRules({ metrics, frontDoorNamespace }: RecordingRuleOptions): RecordingRule[] {
  return [...trackRecordingRules(metrics), ...(frontDoorNamespace === undefined ? [] : routeRecordingRules(frontDoorNamespace))];
}

/** Alerts on the model servers, GPUs and nodes (model server, DCGM exporter, kube-state-metrics). */
function serverAndClusterRules(t: AlertThresholds, m: ModelServerMetricNames): AlertRule[] {
  return [
    {
      alert: "InferenceLatencyP99High", group: "inference", severity: "critical", for: "10m",
      expr: `histogram_quantile(0.99, sum by (le) (rate(${m.latencyHistogram}_bucket[5m]))) > ${t.latencyP99Seconds}`,
      summary: "p99 inference latency {{ $value | humanizeDuration }} is above the SLO",
      condition: `p99 latency > ${t.latencyP99Seconds} s for 10m`,
    },
    {
      alert: "InferenceErrorRatioHigh", group: "inference", severity: "critical", for: "5m",
      expr: `sum(rate(${m.httpRequests}{${m.httpStatusLabel}=~"5.."}[5m])) / sum(rate(${m.httpRequests}[5m])) * 100 > ${t.errorRatioPercent}`,
      summary: "{{ $value | humanize }} % of inference requests fail with 5xx",
      condition: `5xx ratio > ${t.errorRatioPercent} % for 5m`,
    },
    {
      alert: "InferenceQueueDepthHigh", group: "inference", severity: "warning", for: "5m",
      expr: `max by (namespace, pod) (${m.requestsWaiting}) > ${t.queueDepthPerServer}`,
      summary: "{{ $value }} requests waiting on {{ $labels.namespace }}/{{ $labels.pod }}",
      condition: `requests waiting per server > ${t.queueDepthPerServer} for 5m`,
    },
    {
      // Silence is not health: with no model server reporting, every inference rule above evaluates to nothing.
      alert: "ModelServerMetricsAbsent", group: "inference", severity: "critical", for: "10m",
      expr: `absent(${m.requestsWaiting})`,
      summary: "No model server reports metrics: none is running, or Prometheus does not scrape them",
      condition: "no model-server queue metric for 10m",
    },
    {
      alert: "GpuUtilisationHigh", group: "gpu", severity: "warning", for: "30m",
      expr: `avg(DCGM_FI_DEV_GPU_UTIL) > ${t.gpuUtilHighPercent}`,
      summary: "GPUs {{ $value | humanize }} % busy: the capacity headroom is used up",
      condition: `average GPU utilisation > ${t.gpuUtilHighPercent} % for 30m`,
    },
    {
      alert: "GpuUtilisationLow", group: "gpu", severity: "info", for: "2h",
      expr: `avg(DCGM_FI_DEV_GPU_UTIL) < ${t.gpuUtilLowPercent}`,
      summary: "GPUs only {{ $value | humanize }} % busy: the pools are larger than the load",
      condition: `average GPU utilisation < ${t.gpuUtilLowPercent} % for 2h`,
    },
    {
      alert: "GpuXidError", group: "gpu", severity: "critical", for: "0m",
      expr: "max by (Hostname, gpu) (max_over_time(DCGM_FI_DEV_XID_ERRORS[5m])) > 0",
      summary: "GPU {{ $labels.gpu }} on {{ $labels.Hostname }} reported XID {{ $value }}",
      condition: "any XID error in the last 5m",
    },
    {
      alert: "GpuPodsPending", group: "gpu", severity: "critical", for: `${t.gpuPodsPendingMinutes}m`,
      expr: `count(sum by (namespace, pod) (kube_pod_container_resource_requests{resource="nvidia_com_gpu", pod!~"${HEADROOM_POD_PATTERN}"}) and on (namespace, pod) (kube_pod_status_phase{phase="Pending"} == 1)) > 0`,
      summary: "{{ $value }} pods asking for GPUs cannot be scheduled: GPU capacity is exhausted",
      condition: `pods requesting GPUs (headroom placeholders aside) Pending for ${t.gpuPodsPendingMinutes}m`,
    },
    {
      alert: "NodeNotReady", group: "cluster", severity: "warning", for: `${t.nodeNotReadyMinutes}m`,
      expr: 'kube_node_status_condition{condition="Ready", status="true"} == 0',
      summary: "Node {{ $labels.node }} is not Ready",
      condition: `node NotReady for ${t.nodeNotReadyMinutes}m`,
    },
  ];
}

/**
 * Lag of the request topic's consumer groups from MSK open monitoring (the
 * broker's JMX exporter): `SumOffsetLag` is the group's lag summed over the
 * topic's partitions. Max, not sum, over the series: during a coordinator
 * move two brokers may report the same group.
 */
function kafkaLagRule(t: AlertThresholds, requestTopic: string): AlertRule {
  return {
    alert: "KafkaRequestConsumerLagHigh", group: "data-plane", severity: "warning", for: "10m",
    expr: `max by (groupId) (${MSK_CONSUMER_LAG}{name="SumOffsetLag", topic=${JSON.stringify(requestTopic)}}) > ${t.kafkaConsumerLag}`,
    summary: "Consumer group {{ $labels.groupId }} lags {{ $value }} messages on the request topic",
    condition: `consumer lag on ${requestTopic} > ${t.kafkaConsumerLag} messages for 10m`,
  };
}

/** Redis alerts on the redis_exporter's series (INFO of the primary). */
function redisRules(t: AlertThresholds): AlertRule[] {
  const r = REDIS_EXPORTER_METRICS;
  return [
    {
      alert: "RedisEvictions", group: "data-plane", severity: "warning", for: "5m",
      expr: `sum(rate(${r.evictedKeys}[5m])) * 60 > ${t.redisEvictionsPerMinute}`,
      summary: "Redis evicts {{ $value | humanize }} keys a minute: sessions and cached answers are being dropped",
      condition: `evictions > ${t.redisEvictionsPerMinute}/min for 5m`,
    },
    {
      // maxmemory 0 means "no limit": `> 0` drops that series instead of dividing by zero into +Inf.
      alert: "RedisMemoryHigh", group: "data-plane", severity: "warning", for: "15m",
      expr: `max(${r.memoryUsed} / (${r.memoryMax} > 0)) * 100 > ${t.redisMemoryPercent}`,
      summary: "Redis uses {{ $value | humanize }} % of its memory",
      condition: `memory > ${t.redisMemoryPercent} % of maxmemory for 15m`,
    },
  ];
}

/** Anchor of an alert's section in docs/runbooks.md (GitHub heading anchors are lower-case). */
function runbookAnchor(alert: string): string {
  return alert.toLowerCase();
}

/** One rule of a PrometheusRule group, as the CRD takes it. */
export interface PrometheusAlertingRule {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: Severity };
  annotations: { summary: string; description: string; runbook_url: string };
}

/** One recording rule of a PrometheusRule group, as the CRD takes it. */
export interface PrometheusRecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

/** PrometheusRule `spec.groups`: one group per concern, its recordings first (Prometheus evaluates a group in order). */
export function prometheusRuleGroups(
  rules: AlertRule[], runbookBaseUrl: string, recordings: RecordingRule[] = [],
): Array<{ name: string; rules: Array<PrometheusRecordingRule | PrometheusAlertingRule> }> {
  const groups = [...new Set([...rules.map((r) => r.group), ...recordings.map((r) => r.group)])];
  return groups.map((group) => ({
    name: `inference-platform.${group}`,
    rules: [
      ...recordings.filter((r) => r.group === group).map((r): PrometheusRecordingRule => ({ record: r.record, expr: r.expr, ...(r.labels ? { labels: r.labels } : {}) })),
      ...rules.filter((r) => r.group === group).map((r): PrometheusAlertingRule => ({
        alert: r.alert,
        expr: r.expr,
        for: r.for,
        labels: { severity: r.severity },
        annotations: {
          summary: r.summary,
          description: `Fires when ${r.condition}.`,
          runbook_url: `${runbookBaseUrl}#${runbookAnchor(r.alert)}`,
        },
      })),
    ],
  }));
}
