/**
 * PromQL syntax checks with the Prometheus project's own grammar
 * (@prometheus-io/lezer-promql), so a rule or dashboard query that Prometheus
 * would reject is refused here, before anything is deployed.
 */
import { parser } from "@prometheus-io/lezer-promql";

/** One syntax error: where it starts and the text around it. */
export interface PromQLError {
  /** Offset of the error in the expression. */
  at: number;
  /** A short excerpt starting at the error ("end of input" at the end). */
  near: string;
}

/** Result of {@link parsePromQL}. */
export interface PromQLCheck {
  ok: boolean;
  errors: PromQLError[];
}

/** Parses `expr` and reports every error node the grammar produced (none means it parses). */
export function parsePromQL(expr: string): PromQLCheck {
  const errors: PromQLError[] = [];
  if (expr.trim() === "") return { ok: false, errors: [{ at: 0, near: "end of input" }] };
  parser.parse(expr).iterate({
    enter: (node) => {
      if (!node.type.isError) return;
      const near = expr.slice(node.from, node.from + 20);
      errors.push({ at: node.from, near: near === "" ? "end of input" : near });
    },
  });
  return { ok: errors.length === 0, errors };
}

/** Human-readable summary of a failed check, e.g. `syntax error at 12 near "bogus"`. */
export function describePromQLErrors(check: PromQLCheck): string {
  return check.errors.map((e) => `syntax error at ${e.at} near "${e.near}"`).join("; ");
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** True when `name` is a bare Prometheus metric name (it parses, and is nothing but a name). */
export function isMetricName(name: string): boolean {
  return METRIC_NAME.test(name) && parsePromQL(name).ok;
}

/**
 * Metric names `expr` selects, in order of appearance, each once. A selector
 * without a plain name (`{__name__=~"…"}`) is returned as written, so a check
 * against known names flags it rather than passing it unseen.
 */
export function metricNamesIn(expr: string): string[] {
  const names = new Set<string>();
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.name !== "VectorSelector") return;
      const name = node.node.getChild("Identifier");
      names.add(expr.slice(name?.from ?? node.from, name?.to ?? node.to));
    },
  });
  return [...names];
}
