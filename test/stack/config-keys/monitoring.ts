// Stack-file keys of each region's monitoring: Prometheus, Alertmanager, alert thresholds and metric names.
import type { RenderedStack } from "../../../infra/plan/harness";
import { alertRule, find, helmValues, inputs, inRegion, named, type Doc, type Reaches, type Unreached } from "../../support/config-keys";
import { T } from "./shared";

const prometheus = (r: RenderedStack): Doc => helmValues(r, "china-monitoring-kps").prometheus.prometheusSpec;
const frankfurtReceiver = (r: RenderedStack): Doc => named(helmValues(r, "frankfurt-monitoring-kps").alertmanager.config.receivers, "platform");
/** The threshold one of China's alerts compares with (the number after its last `>` or `<`). */
const ruleThreshold = (r: RenderedStack, alert: string): number => Number(/[<>] (\S+)$/.exec(alertRule(r, "china", alert).expr)![1]);
const alarmThreshold = (r: RenderedStack, alarm: string): number => inputs(r, T.alarm, `china-monitoring-${alarm}`).threshold;
/** Names of China's alert rules and dashboards that mention `text`. */
const mentions = (r: RenderedStack, text: string): string[] =>
  r.resources.filter((x) => /^china-monitoring-(rules|dashboard-)/.test(x.name) && JSON.stringify(x.inputs).includes(text)).map((x) => x.name);
const RULES_AND_BOARD = ["china-monitoring-dashboard-inference", "china-monitoring-rules"];
const BOARD = ["china-monitoring-dashboard-inference"];
const metric = (key: string, name: string, readers: string[], text = name): Reaches =>
  ({ ...inRegion("prod", "china", `monitoring.metrics.${key}`, name), found: (r) => mentions(r, text), expected: readers });

const WEBHOOK_KEY = "alerting:frankfurtWebhookUrl";
/** Alerts need a receiver: the webhook, from a secret config key, stands in for SNS. */
const withWebhook = (r: Doc, c: Doc) => {
  r.monitoring.alerting.webhookUrlSecret = WEBHOOK_KEY;
  c[WEBHOOK_KEY] = "https://hooks.example.com/services/frankfurt";
};

export const MONITORING_KEYS: Record<string, Reaches | Unreached> = {
  "regions[].monitoring.namespace": {
    ...inRegion("prod", "china", "monitoring.namespace", "observability"),
    found: (r) => inputs(r, "kubernetes:core/v1:Namespace", "china-monitoring-ns").metadata.name,
  },
  "regions[].monitoring.retention": { ...inRegion("prod", "china", "monitoring.retention", "45d"), found: (r) => prometheus(r).retention },
  "regions[].monitoring.storageGiB": {
    ...inRegion("prod", "china", "monitoring.storageGiB", 300),
    found: (r) => prometheus(r).storageSpec.volumeClaimTemplate.spec.resources.requests.storage,
    expected: "300Gi",
  },
  "regions[].monitoring.prometheusReplicas": { ...inRegion("prod", "china", "monitoring.prometheusReplicas", 3), found: (r) => prometheus(r).replicas },
  "regions[].monitoring.alertmanagerReplicas": {
    ...inRegion("prod", "china", "monitoring.alertmanagerReplicas", 5),
    found: (r) => helmValues(r, "china-monitoring-kps").alertmanager.alertmanagerSpec.replicas,
  },
  "regions[].monitoring.alerting.sns": {
    ...inRegion("prod", "frankfurt", "monitoring.alerting.sns", false, withWebhook),
    found: (r) => "sns_configs" in frankfurtReceiver(r),
  },
  // The URL lands only in a Secret, masked in the plan, which Alertmanager reads by file.
  "regions[].monitoring.alerting.webhookUrlSecret": {
    ...inRegion("prod", "frankfurt", "monitoring.alerting.webhookUrlSecret", WEBHOOK_KEY, withWebhook),
    found: (r) => [inputs(r, "kubernetes:core/v1:Secret", "frankfurt-monitoring-alert-webhook").stringData, frankfurtReceiver(r).webhook_configs[0].url_file],
    expected: ["[secret]", "/etc/alertmanager/secrets/alert-webhook/url"],
  },
  "regions[].monitoring.alerting.notifyEmails": {
    ...inRegion("prod", "frankfurt", "monitoring.alerting.notifyEmails", ["oncall@example.com"]),
    found: (r) => [inputs(r, T.subscription, "frankfurt-monitoring-alarms-email-0").endpoint],
  },
  "regions[].monitoring.thresholds.latencyP99Seconds": {
    ...inRegion("prod", "china", "monitoring.thresholds.latencyP99Seconds", 1.2),
    found: (r) => ruleThreshold(r, "InferenceLatencyP99High"),
  },
  "regions[].monitoring.thresholds.errorRatioPercent": {
    ...inRegion("prod", "china", "monitoring.thresholds.errorRatioPercent", 2.5),
    found: (r) => ruleThreshold(r, "InferenceErrorRatioHigh"),
  },
  "regions[].monitoring.thresholds.queueDepthPerServer": {
    ...inRegion("prod", "china", "monitoring.thresholds.queueDepthPerServer", 35),
    found: (r) => ruleThreshold(r, "InferenceQueueDepthHigh"),
  },
  "regions[].monitoring.thresholds.gpuUtilHighPercent": {
    ...inRegion("prod", "china", "monitoring.thresholds.gpuUtilHighPercent", 85),
    found: (r) => ruleThreshold(r, "GpuUtilisationHigh"),
  },
  "regions[].monitoring.thresholds.gpuUtilLowPercent": {
    ...inRegion("prod", "china", "monitoring.thresholds.gpuUtilLowPercent", 15),
    found: (r) => ruleThreshold(r, "GpuUtilisationLow"),
  },
  "regions[].monitoring.thresholds.gpuPodsPendingMinutes": {
    ...inRegion("prod", "china", "monitoring.thresholds.gpuPodsPendingMinutes", 20),
    found: (r) => alertRule(r, "china", "GpuPodsPending").for,
    expected: "20m",
  },
  "regions[].monitoring.thresholds.nodeNotReadyMinutes": {
    ...inRegion("prod", "china", "monitoring.thresholds.nodeNotReadyMinutes", 7),
    found: (r) => alertRule(r, "china", "NodeNotReady").for,
    expected: "7m",
  },
  "regions[].monitoring.thresholds.kafkaConsumerLag": {
    ...inRegion("prod", "china", "monitoring.thresholds.kafkaConsumerLag", 25000),
    found: (r) => ruleThreshold(r, "KafkaRequestConsumerLagHigh"),
  },
  "regions[].monitoring.thresholds.redisMemoryPercent": {
    ...inRegion("prod", "china", "monitoring.thresholds.redisMemoryPercent", 70),
    found: (r) => [ruleThreshold(r, "RedisMemoryHigh"), alarmThreshold(r, "redis-1-memory")],
    expected: [70, 70],
  },
  // The alarm counts the evictions of its 5-minute period.
  "regions[].monitoring.thresholds.redisEvictionsPerMinute": {
    ...inRegion("prod", "china", "monitoring.thresholds.redisEvictionsPerMinute", 3),
    found: (r) => [ruleThreshold(r, "RedisEvictions"), alarmThreshold(r, "redis-1-evictions")],
    expected: [3, 15],
  },
  "regions[].monitoring.thresholds.redisCpuPercent": {
    ...inRegion("prod", "china", "monitoring.thresholds.redisCpuPercent", 75),
    found: (r) => [alarmThreshold(r, "redis-1-cpu"), alarmThreshold(r, "redis-1-engine-cpu")],
    expected: [75, 75],
  },
  "regions[].monitoring.thresholds.redisReplicationLagSeconds": {
    ...inRegion("prod", "china", "monitoring.thresholds.redisReplicationLagSeconds", 6),
    found: (r) => alarmThreshold(r, "redis-1-replication-lag"),
  },
  "regions[].monitoring.thresholds.kafkaDiskUsedPercent": {
    ...inRegion("prod", "china", "monitoring.thresholds.kafkaDiskUsedPercent", 70),
    found: (r) => alarmThreshold(r, "kafka-broker-1-disk"),
  },
  // The canary is compared with its stable track: a ratio of p99s, a margin of 5xx ratios (percentage points as a fraction).
  "regions[].monitoring.thresholds.canaryLatencyP99Ratio": {
    ...inRegion("prod", "china", "monitoring.thresholds.canaryLatencyP99Ratio", 1.5),
    found: (r) => Number(/ \* (\S+)\)/.exec(alertRule(r, "china", "CanaryLatencyWorseThanStable").expr)![1]),
  },
  "regions[].monitoring.thresholds.canaryErrorMarginPercent": {
    ...inRegion("prod", "china", "monitoring.thresholds.canaryErrorMarginPercent", 2.5),
    found: (r) => Number(/ \+ (\S+)\)/.exec(alertRule(r, "china", "CanaryErrorsWorseThanStable").expr)![1]),
    expected: 0.025,
  },
  "regions[].monitoring.metrics.latencyHistogram": metric("latencyHistogram", "tgi_request_duration_seconds", RULES_AND_BOARD, "tgi_request_duration_seconds_bucket"),
  "regions[].monitoring.metrics.requestsWaiting": metric("requestsWaiting", "tgi_queue_size", RULES_AND_BOARD),
  "regions[].monitoring.metrics.requestsRunning": metric("requestsRunning", "tgi_batch_current_size", BOARD),
  "regions[].monitoring.metrics.requestSuccess": {
    reason: "no alert rule or dashboard reads it (metric-sources.ts only lists it among the model server's metrics), so no resource carries it",
  },
  "regions[].monitoring.metrics.httpRequests": metric("httpRequests", "tgi_http_requests_total", RULES_AND_BOARD),
  "regions[].monitoring.metrics.httpStatusLabel": metric("httpStatusLabel", "code", RULES_AND_BOARD, "{code=~"),
  "regions[].monitoring.metrics.cacheHits": metric("cacheHits", "tgi_cache_hits_total", BOARD),
  "regions[].monitoring.metrics.cacheQueries": metric("cacheQueries", "tgi_cache_queries_total", BOARD),
  "regions[].monitoring.requestTopic": {
    reason: "a Monitoring setting the region sets itself from kafka.topics[] (purpose requests): a region's stack file refuses it " +
      "(test/stack/config.test.ts), so the lag alert can never watch a topic other than the one Kafka creates",
  },
  "regions[].monitoring.runbookBaseUrl": {
    ...inRegion("prod", "china", "monitoring.runbookBaseUrl", "https://runbooks.example.com/inference.md"),
    found: (r) => [alertRule(r, "china", "NodeNotReady").annotations.runbook_url, inputs(r, T.alarm, "china-monitoring-redis-1-cpu").alarmDescription.split("Runbook: ")[1]],
    expected: ["https://runbooks.example.com/inference.md#nodenotready", "https://runbooks.example.com/inference.md#elasticachecpuhigh"],
  },
  "regions[].monitoring.installEbsCsiDriver": {
    ...inRegion("prod", "china", "monitoring.installEbsCsiDriver", false),
    found: (r) => find(r, "aws:eks/addon:Addon", "china-monitoring-ebs-csi") !== undefined,
  },
};
