/**
 * The contract of Monitoring: its settings, their defaults and their rules,
 * defined once. `MonitoringArgs` extends `MonitoringSettings`, the component
 * validates with this schema, and a region's `monitoring:` section in the
 * stack file is this schema. The thresholds and the model server's metric
 * names are sub-schemas of their own modules (thresholds.ts, metric-names.ts),
 * which the alert rules read without importing this file. Pulumi-free.
 */
import { z } from "zod";
import type { SettingsProblem } from "../lib/contract";
import { modelServerMetricsSchema } from "./metric-names";
import { describePromQLErrors, parsePromQL } from "./promql";
import { alertRules, recordingRules } from "./rules";
import { DEFAULT_RUNBOOK_BASE_URL, runbookBaseUrlProblem } from "./runbooks";
import { DEFAULT_THRESHOLDS, thresholdOverridesSchema, type AlertThresholds } from "./thresholds";

const wholeNumber = z.number().int("a whole number");

/** Where alerts go; at least one receiver. */
const alertingSchema = z.strictObject({
  /** Alertmanager also publishes to the region's alarm topic. @default true */
  sns: z.boolean().default(true),
  /**
   * Full config key (`namespace:key`) of a Pulumi secret holding a webhook URL
   * alerts are posted to, e.g. `alerting:chinaWebhookUrl` set with
   * `pulumi config set --secret alerting:chinaWebhookUrl https://…`. The URL
   * lands only in a Kubernetes Secret. @default none
   */
  webhookUrlSecret: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]*:[a-zA-Z][a-zA-Z0-9_.-]*$/, "a config key such as alerting:chinaWebhookUrl").optional(),
  /** Email addresses subscribed to the alarm topic (each confirms once). @default [] */
  notifyEmails: z.array(z.email("an email address")).default([]),
});

/** Settings of one region's monitoring. */
export const monitoringSettingsSchema = z.strictObject({
  /** Namespace of Prometheus, Alertmanager, Grafana and the DCGM exporter. @default monitoring */
  namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "a Kubernetes namespace name").default("monitoring"),
  /** How long Prometheus keeps samples. @default 15d */
  retention: z.string().regex(/^\d+(ms|s|m|h|d|w|y)$/, "a Prometheus duration such as 15d or 720h")
    .refine((d) => parseInt(d, 10) > 0, { message: "a duration above zero such as 15d or 720h: 0 would keep no samples", when: (payload) => payload.issues.length === 0 })
    .default("15d"),
  /** Prometheus volume per replica, GiB (encrypted gp3; retention size is 90 % of it). @default 50 */
  storageGiB: wholeNumber.min(10, "at least 10 GiB").max(16384, "at most 16384 GiB").default(50),
  /** Prometheus replicas (each scrapes everything). @default 1 */
  prometheusReplicas: wholeNumber.min(1, "at least 1").max(3, "at most 3").default(1),
  /** Alertmanager replicas (they gossip to deduplicate). @default 1 */
  alertmanagerReplicas: wholeNumber.min(1, "at least 1").max(5, "at most 5").default(1),
  alerting: alertingSchema.prefault({}),
  /** Overrides of the seed-derived thresholds (thresholds.ts); unset ones follow the region's load. */
  thresholds: thresholdOverridesSchema.prefault({}),
  /** Metric names of the model server. @default vLLM's (metric-names.ts) */
  metrics: modelServerMetricsSchema.prefault({}),
  /**
   * Kafka topic of inference requests whose consumer lag is alerted on (when
   * MSK is scraped). A region sets it from its Kafka cluster's request topic.
   * @default none: no consumer-lag alert
   */
  requestTopic: z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, "a Kafka topic name (letters, digits, '.', '_', '-')").optional(),
  /**
   * Absolute http(s) URL of docs/runbooks.md as readers of an alert can open it
   * (each alert appends `#<alert>`). @default a placeholder repository URL
   * (README.md): set it to your repository's.
   */
  runbookBaseUrl: z.string().default(DEFAULT_RUNBOOK_BASE_URL).superRefine((url, ctx) => {
    const problem = runbookBaseUrlProblem(url);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  /** Install the aws-ebs-csi-driver add-on the Prometheus volumes need (off when the cluster has it). @default true */
  installEbsCsiDriver: z.boolean().default(true),
}).superRefine((s, ctx) => {
  if (!s.alerting.sns && !s.alerting.webhookUrlSecret) {
    ctx.addIssue({ code: "custom", path: ["alerting", "sns"], message: "alerts would reach no one: keep sns true or set alerting.webhookUrlSecret" });
  }
}).superRefine((s, ctx) => {
  // Names can be valid one by one and still break a rule (an HTTP counter named `inf` reads as a number).
  // Thresholds only add numbers, so the seed's example values stand for any.
  // Every rule must parse, the lag rule included: a stand-in topic when none is set (the name does not change the syntax).
  // The front door's rules read Envoy's names, not these: they parse whatever is set here.
  const rules = [
    ...recordingRules({ metrics: s.metrics }).map((r) => ({ rule: `recording ${r.record}`, expr: r.expr })),
    ...alertRules({ thresholds: DEFAULT_THRESHOLDS, metrics: s.metrics, kafkaRequestTopic: s.requestTopic ?? "requests", redisExporter: true })
      .map((r) => ({ rule: `alert ${r.alert}`, expr: r.expr })),
  ];
  for (const { rule, expr } of rules) {
    const check = parsePromQL(expr);
    if (!check.ok) ctx.addIssue({ code: "custom", path: ["metrics"], message: `${rule} would not parse (${describePromQLErrors(check)}); fix the metric names` });
  }
}, { when: (payload) => payload.issues.length === 0 });

/** What a caller may set (defaulted keys optional). */
export type MonitoringSettings = z.input<typeof monitoringSettingsSchema>;
/** Settings with every default applied. */
export type ResolvedMonitoringSettings = z.output<typeof monitoringSettingsSchema>;

/**
 * Rules on a region's thresholds once resolved (thresholds.ts
 * `resolveThresholds`): they follow the region's load, so the schema alone
 * cannot see them. Paths are relative to the settings.
 */
export function thresholdProblems(t: AlertThresholds): SettingsProblem[] {
  if (t.gpuUtilLowPercent < t.gpuUtilHighPercent) return [];
  return [{ path: ["thresholds", "gpuUtilLowPercent"], message: `${t.gpuUtilLowPercent} must be below gpuUtilHighPercent (${t.gpuUtilHighPercent})` }];
}
