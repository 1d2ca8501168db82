/** Checks of the Monitoring inputs, run before any resource registers. */
import type { InputProblem } from "../lib/problems";
import { describePromQLErrors, isMetricName, parsePromQL } from "./promql";
import { alertRules, type AlertThresholds, type ModelServerMetricNames } from "./rules";
import { runbookBaseUrlProblem } from "./runbooks";

/** What validation looks at, with defaults already applied. */
export interface ResolvedMonitoringInputs {
  retention: string;
  storageGiB: number;
  prometheusReplicas: number;
  alertmanagerReplicas: number;
  snsReceiver: boolean;
  hasWebhook: boolean;
  thresholds: AlertThresholds;
  metrics: ModelServerMetricNames;
  requestTopic: string;
  runbookBaseUrl: string;
  redisNodeCount?: number;
  kafkaBrokerCount?: number;
}

const PERCENT_FIELDS: ReadonlyArray<keyof AlertThresholds> = [
  "errorRatioPercent", "gpuUtilHighPercent", "gpuUtilLowPercent", "redisMemoryPercent", "redisCpuPercent", "kafkaDiskUsedPercent",
];

/** Every problem of the inputs (empty when they are fine). */
export function monitoringProblems(i: ResolvedMonitoringInputs): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (property: string, reason: string) => problems.push({ property, reason });

  if (!/^\d+(ms|s|m|h|d|w|y)$/.test(i.retention)) add("retention", `"${i.retention}" is not a Prometheus duration such as 15d`);
  if (!Number.isInteger(i.storageGiB) || i.storageGiB < 10) add("storageGiB", "a whole number of GiB, at least 10");
  if (!Number.isInteger(i.prometheusReplicas) || i.prometheusReplicas < 1 || i.prometheusReplicas > 3) add("prometheusReplicas", "1 to 3");
  if (!Number.isInteger(i.alertmanagerReplicas) || i.alertmanagerReplicas < 1 || i.alertmanagerReplicas > 5) add("alertmanagerReplicas", "1 to 5");
  if (!i.snsReceiver && !i.hasWebhook) add("snsReceiver", "alerts would reach no one: keep the SNS receiver or give a webhookUrl");

  for (const [k, v] of Object.entries(i.thresholds) as Array<[keyof AlertThresholds, number]>) {
    if (!Number.isFinite(v) || v < 0) add(`thresholds.${k}`, `${v} must be a number ≥ 0`);
    else if (PERCENT_FIELDS.includes(k) && v > 100) add(`thresholds.${k}`, `${v} is a percentage: at most 100`);
  }
  if (i.thresholds.gpuUtilLowPercent >= i.thresholds.gpuUtilHighPercent) {
    add("thresholds.gpuUtilLowPercent", `${i.thresholds.gpuUtilLowPercent} must be below gpuUtilHighPercent (${i.thresholds.gpuUtilHighPercent})`);
  }
  if (i.thresholds.latencyP99Seconds <= 0) add("thresholds.latencyP99Seconds", "must be > 0");

  for (const [k, v] of Object.entries(i.metrics) as Array<[keyof ModelServerMetricNames, string]>) {
    if (k === "httpStatusLabel") {
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(v)) add(`metrics.${k}`, `"${v}" is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)`);
    } else if (!isMetricName(v)) {
      add(`metrics.${k}`, `"${v}" is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)`);
    }
  }
  const runbook = runbookBaseUrlProblem(i.runbookBaseUrl);
  if (runbook) add("runbookBaseUrl", runbook);
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(i.requestTopic)) add("requestTopic", `"${i.requestTopic}" is not a Kafka topic name (letters, digits, '.', '_', '-')`);

  // Only when the names are sound: then a parse error is a rule of ours, reported by alert name.
  if (problems.length === 0) {
    for (const rule of alertRules({ thresholds: i.thresholds, metrics: i.metrics, kafkaRequestTopic: i.requestTopic, redisExporter: true })) {
      const check = parsePromQL(rule.expr);
      if (!check.ok) add(`rules.${rule.alert}`, `PromQL does not parse: ${describePromQLErrors(check)}`);
    }
  }
  if (i.redisNodeCount !== undefined && (!Number.isInteger(i.redisNodeCount) || i.redisNodeCount < 1)) add("managedServices.redis.nodeCount", "a whole number ≥ 1");
  if (i.kafkaBrokerCount !== undefined && (!Number.isInteger(i.kafkaBrokerCount) || i.kafkaBrokerCount < 1)) add("managedServices.kafka.brokerCount", "a whole number ≥ 1");
  return problems;
}
