/**
 * The front door's timeouts against its live latency. Per serving route: the
 * p90 of the time Envoy waits for the model servers, and the timeout the
 * seed's rule would set from it (p90 × TIMEOUT_PER_P90, the factor the front
 * door's own defaults come from); an alert when a route's configured timeout
 * stays below that suggestion, i.e. when more than a few requests would be
 * cut off. Pulumi-free.
 */
import type { ResolvedFrontDoorSettings } from "../front-door/contract";
import { SERVING_ROUTES } from "../front-door/routes";
import { TIMEOUT_PER_P90 } from "../front-door/timeouts";
import { ENVOY_UPSTREAM_TIME_MS } from "./metric-names";
import type { AlertRule, RecordingRule } from "./rule-types";

/** The front door's configured per-route timeouts (its `timeouts` setting). */
export type FrontDoorTimeouts = ResolvedFrontDoorSettings["timeouts"];

/** Names of the recorded series (`<aggregation level>:<metric>:<operation>`, Prometheus's convention), labelled `route`. */
const ROUTE_SERIES = {
  /** p90 of Envoy's upstream time on the route, seconds. */
  latencyP90: "route:envoy_upstream_latency_seconds:p90",
  /** That p90 × TIMEOUT_PER_P90: the timeout the seed's rule suggests, seconds. */
  suggestedTimeout: "route:front_door_timeout_seconds:suggested",
} as const;


/** A serving route's configured timeout, seconds. */
function timeoutSeconds(t: FrontDoorTimeouts, route: (typeof SERVING_ROUTES)[number]): number {
  return route === "generation" ? t.generationSeconds : Number((t.apiMilliseconds / 1000).toFixed(6));
}

/**
 * Per serving route in `namespace`: Envoy's upstream p90 (one cluster per
 * route rule, all matched by the route's name) and the suggested timeout.
 * Envoy records milliseconds; the series are in seconds like the timeouts.
 */
export function routeRecordingRules(namespace: string): RecordingRule[] {
  return [
    ...SERVING_ROUTES.map((route): RecordingRule => ({
      record: ROUTE_SERIES.latencyP90, group: "front-door", labels: { route },
      expr: `histogram_quantile(0.9, sum by (le) (rate(${ENVOY_UPSTREAM_TIME_MS}_bucket{envoy_cluster_name=~"httproute/${namespace}/${route}/rule/.*"}[5m]))) / 1000`,
    })),
    { record: ROUTE_SERIES.suggestedTimeout, group: "front-door", expr: `${ROUTE_SERIES.latencyP90} * ${TIMEOUT_PER_P90}` },
  ];
}

/** A route whose configured timeout stays below p90 × TIMEOUT_PER_P90 for 30 min (a passing slow spell does not count). */
export function timeoutAlert(t: FrontDoorTimeouts): AlertRule {
  const routes = SERVING_ROUTES.map((route) => ({ route, seconds: timeoutSeconds(t, route) }));
  return {
    alert: "RouteTimeoutBelowSuggested", group: "front-door", severity: "warning", for: "30m",
    expr: routes.map((r) => `${ROUTE_SERIES.suggestedTimeout}{route="${r.route}"} > ${r.seconds}`).join(" or "),
    summary: `Route {{ $labels.route }}: timeout below p90 × ${TIMEOUT_PER_P90} (suggested {{ $value | humanizeDuration }})`,
    condition: `p90 × ${TIMEOUT_PER_P90} > the configured timeout (${routes.map((r) => `${r.route} ${r.seconds} s`).join(", ")}) for 30m`,
  };
}
