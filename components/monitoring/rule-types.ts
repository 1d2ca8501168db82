/**
 * The shapes of the platform's rules as plain data: alerts and recordings.
 * A leaf: rules.ts and the rule modules it gathers (canary-rules.ts,
 * front-door-rules.ts) all read it, so none imports another's types.
 */

/** How urgent an alert is; Alertmanager routes on it. */
export type Severity = "critical" | "warning" | "info";

/** A rule group: one concern. Prometheus evaluates a group's rules in order, so recordings come before the alerts reading them. */
export type RuleGroup = "inference" | "gpu" | "cluster" | "data-plane" | "canary" | "front-door";

/** One alert of the platform. */
export interface AlertRule {
  /** Alert name, also the runbook section. */
  alert: string;
  /** Rule group it belongs to. */
  group: RuleGroup;
  /** PromQL condition. */
  expr: string;
  /** How long the condition must hold. */
  for: string;
  severity: Severity;
  /** One-line summary (Prometheus template). */
  summary: string;
  /** The condition in words, with its threshold (for the plan). */
  condition: string;
}

/** A recording rule: a query Prometheus evaluates every interval and stores as a series of its own. */
export interface RecordingRule {
  /** Name of the recorded series (`level:metric:operation`). */
  record: string;
  /** Rule group it belongs to, with the alerts that read it. */
  group: RuleGroup;
  expr: string;
  /** Labels set on the recorded series. @default none */
  labels?: Record<string, string>;
}
