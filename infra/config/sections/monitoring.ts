// Config of monitoring and alerting (issue: monitoring).
import { z } from "zod";
import { describePromQLErrors, isMetricName, parsePromQL } from "../../../components/monitoring/promql";
import { DEFAULT_RUNBOOK_BASE_URL, runbookBaseUrlProblem } from "../../../components/monitoring/runbooks";
import { alertRules, seedDerivedThresholds, VLLM_METRICS, type AlertThresholds } from "../../../components/monitoring/rules";
import type { RegionConfig, StackConfig } from "../schema";
import type { SemanticProblem } from "../semantics";

const metricName = (fallback: string) =>
  z.string().refine(isMetricName, "a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)").default(fallback);
const threshold = z.number().min(0, "must be ≥ 0").optional();
const percent = z.number().min(0, "must be ≥ 0").max(100, "a percentage: at most 100").optional();

/** Overrides of the seed-derived thresholds (components/monitoring/rules.ts `seedDerivedThresholds`); unset keeps the default. */
const thresholdsSchema = z.strictObject({
  /** p99 latency SLO, seconds. @default 0.8 (the seed's 800 ms timeout) */
  latencyP99Seconds: z.number().gt(0, "must be > 0").optional(),
  /** 5xx ratio, percent. @default 1 (10× the 0.1 % error budget) */
  errorRatioPercent: percent,
  /** Requests waiting per model server. @default 20 (two batches of 10) */
  queueDepthPerServer: threshold,
  /** Average GPU utilisation, percent, sustained 30 min. @default 100 / (1 + headroom) */
  gpuUtilHighPercent: percent,
  /** Average GPU utilisation, percent, sustained 2 h. @default a quarter of gpuUtilHighPercent's default */
  gpuUtilLowPercent: percent,
  /** Minutes a GPU pod may stay Pending. @default 10 */
  gpuPodsPendingMinutes: threshold,
  /** Minutes a node may stay NotReady. @default 5 */
  nodeNotReadyMinutes: threshold,
  /** Consumer lag on the request topic, messages. @default peakQps × 30 s (the backoff cap) */
  kafkaConsumerLag: threshold,
  /** Redis memory, percent. @default 80 */
  redisMemoryPercent: percent,
  /** Redis evictions per minute. @default 0 */
  redisEvictionsPerMinute: threshold,
  /** ElastiCache CPU and engine CPU, percent. @default 90 */
  redisCpuPercent: percent,
  /** ElastiCache replica lag, seconds. @default 3 (a tenth of the 30 s cache TTL) */
  redisReplicationLagSeconds: threshold,
  /** MSK data-log disk used, percent. @default 85 */
  kafkaDiskUsedPercent: percent,
}).prefault({});

/**
 * Metric names of the model server. @default vLLM's (components/monitoring/rules.ts VLLM_METRICS).
 * The exporters' names are fixed by the exporters the stack deploys.
 */
const metricsSchema = z.strictObject({
  latencyHistogram: metricName(VLLM_METRICS.latencyHistogram),
  requestsWaiting: metricName(VLLM_METRICS.requestsWaiting),
  requestsRunning: metricName(VLLM_METRICS.requestsRunning),
  requestSuccess: metricName(VLLM_METRICS.requestSuccess),
  httpRequests: metricName(VLLM_METRICS.httpRequests),
  httpStatusLabel: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)").default(VLLM_METRICS.httpStatusLabel),
  cacheHits: metricName(VLLM_METRICS.cacheHits),
  cacheQueries: metricName(VLLM_METRICS.cacheQueries),
}).prefault({});

/** Where alerts go. */
const alertingSchema = z.strictObject({
  /** Alertmanager also publishes to the region's alarm topic. @default true */
  sns: z.boolean().default(true),
  /**
   * Full config key (`namespace:key`, outside `inference-platform:`) of a Pulumi secret
   * holding a webhook URL, e.g. `alerting:chinaWebhookUrl` set with
   * `pulumi config set --secret alerting:chinaWebhookUrl https://…`. @default none
   */
  webhookUrlSecret: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]*:[a-zA-Z][a-zA-Z0-9_.-]*$/, "a config key such as alerting:chinaWebhookUrl").optional(),
  /** Emails subscribed to the alarm topic. @default [] */
  notifyEmails: z.array(z.email("an email address")).default([]),
}).prefault({});

/** `regions[].monitoring`. */
export const monitoringSectionSchema = z.strictObject({
  /** Namespace of Prometheus, Alertmanager, Grafana and the DCGM exporter. @default monitoring */
  namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "a Kubernetes namespace name").default("monitoring"),
  /** Prometheus retention. @default 15d */
  retention: z.string().regex(/^\d+(ms|s|m|h|d|w|y)$/, "a Prometheus duration such as 15d or 720h").default("15d"),
  /** Prometheus volume per replica, GiB (encrypted gp3). @default 50 */
  storageGiB: z.number().int("a whole number").min(10, "at least 10 GiB").max(16384, "at most 16384 GiB").default(50),
  /** Prometheus replicas. @default 1 */
  prometheusReplicas: z.number().int("a whole number").min(1, "at least 1").max(3, "at most 3").default(1),
  /** Alertmanager replicas. @default 1 */
  alertmanagerReplicas: z.number().int("a whole number").min(1, "at least 1").max(5, "at most 5").default(1),
  alerting: alertingSchema,
  thresholds: thresholdsSchema,
  metrics: metricsSchema,
  /** Kafka topic of inference requests when the data plane does not name one. @default inference-requests */
  requestTopic: z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, "a Kafka topic name (letters, digits, '.', '_', '-')").default("inference-requests"),
  /**
   * Absolute http(s) URL of docs/runbooks.md as readers of an alert can open it
   * (each alert appends `#<alert>`). @default a placeholder repository URL
   * (components/monitoring/README.md): set it to your repository's.
   */
  runbookBaseUrl: z.string().default(DEFAULT_RUNBOOK_BASE_URL).superRefine((url, ctx) => {
    const problem = runbookBaseUrlProblem(url);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
}).prefault({});

/** The region's thresholds: seed-derived from its load, then its overrides. */
export function resolveThresholds(cfg: StackConfig, region: RegionConfig): AlertThresholds {
  const derived = seedDerivedThresholds({
    headroomPercent: region.traffic.headroomPercent ?? cfg.headroomPercent,
    peakQps: region.traffic.peakQps,
  });
  const overrides = Object.fromEntries(Object.entries(region.monitoring.thresholds).filter(([, v]) => v !== undefined));
  return { ...derived, ...overrides };
}

/** Cross-field rules of monitoring. */
export function checkMonitoring(cfg: StackConfig): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  cfg.regions.forEach((r, i) => {
    const at = (...rest: Array<string | number>) => ["regions", i, "monitoring", ...rest];
    const m = r.monitoring;
    if (!m.alerting.sns && !m.alerting.webhookUrlSecret) {
      problems.push({ path: at("alerting", "sns"), message: "alerts would reach no one: keep sns true or set alerting.webhookUrlSecret" });
    }
    if (m.alerting.webhookUrlSecret?.startsWith("inference-platform:")) {
      problems.push({ path: at("alerting", "webhookUrlSecret"), message: "use a key outside the inference-platform namespace (e.g. alerting:…): that namespace only holds the keys of this schema" });
    }
    const t = resolveThresholds(cfg, r);
    if (t.gpuUtilLowPercent >= t.gpuUtilHighPercent) {
      problems.push({ path: at("thresholds", "gpuUtilLowPercent"), message: `${t.gpuUtilLowPercent} must be below gpuUtilHighPercent (${t.gpuUtilHighPercent})` });
    }
    for (const rule of alertRules({ thresholds: t, metrics: m.metrics, kafkaRequestTopic: m.requestTopic, redisExporter: true })) {
      const check = parsePromQL(rule.expr);
      if (!check.ok) problems.push({ path: at("metrics"), message: `alert ${rule.alert} would not parse (${describePromQLErrors(check)}); fix the metric names` });
    }
  });
  return problems;
}
