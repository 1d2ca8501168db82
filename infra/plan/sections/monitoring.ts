// The plan's monitoring lines of a region: every alert with its threshold, and the managed-service alarms.

interface MonitoringSummary {
  namespace?: string;
  alerts?: Array<{ alert: string; severity: string; condition: string }>;
  cloudwatchAlarms?: number;
  alarmTopicArn?: string;
}

/** Lines for `regions.<name>.monitoring`; none when the region has no monitoring output. */
export function monitoringSection(region: Record<string, unknown>): string[] {
  const m = region.monitoring as MonitoringSummary | undefined;
  if (!m) return [];
  const lines = [`Alerts (PrometheusRule in namespace ${m.namespace ?? "?"}):`];
  for (const a of m.alerts ?? []) lines.push(`  ${a.alert.padEnd(28)} ${a.severity.padEnd(8)} ${a.condition}`);
  lines.push(`CloudWatch alarms: ${m.cloudwatchAlarms ?? 0} (ElastiCache, MSK) → KMS-encrypted topic ${m.alarmTopicArn ?? "?"}`);
  return lines;
}
