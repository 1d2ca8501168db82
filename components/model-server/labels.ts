/**
 * Labels of the model servers and how Prometheus finds them: the pod labels,
 * the PodMonitor that kube-prometheus-stack selects, and the series labels the
 * autoscaling query filters on. Pulumi-free.
 */
import { RELEASE_LABEL } from "../monitoring/values";
import type { ModelTier } from "./contract";

/** Labels every model-server pod carries, whatever its model and tier. */
export const MODEL_SERVER_LABELS = {
  "app.kubernetes.io/name": "vllm",
  "app.kubernetes.io/component": "model-server",
  "app.kubernetes.io/part-of": "inference-platform",
} as const;

/** Pod label naming the Deployment (`<modelName>-<tier>`): the selector's own key. */
export const INSTANCE_LABEL = "app.kubernetes.io/instance";
/** Pod label holding the tier, copied onto the series so dashboards can split queues by tier. */
const TIER_LABEL = "inference.platform/tier";
/** Pod label holding the model name, copied onto the series. */
const MODEL_LABEL = "inference.platform/model";
/** Pod label holding the track (stable or canary), copied onto the series so canary and stable can be compared. */
export const TRACK_LABEL = "inference.platform/track";

/** A server's release track: the canary takes a configured share of its route's traffic. */
export type ServerTrack = "stable" | "canary";

/**
 * A pod label as Prometheus names it on the scraped series (`podTargetLabels`
 * turns every character outside [a-zA-Z0-9_] into `_`).
 */
export function seriesLabel(podLabel: string): string {
  return podLabel.replace(/[^a-zA-Z0-9_]/g, "_");
}

/** What selects one server's pods (Deployment, Service, PDB, PodMonitor): fixed for the Deployment's life. */
export function selectorLabels(deployment: string): Record<string, string> {
  return { "app.kubernetes.io/name": MODEL_SERVER_LABELS["app.kubernetes.io/name"], [INSTANCE_LABEL]: deployment };
}

/** Labels of one server's pods and objects. */
export function serverLabels(deployment: string, modelName: string, tier: ModelTier, track: ServerTrack): Record<string, string> {
  return { ...MODEL_SERVER_LABELS, ...selectorLabels(deployment), [TIER_LABEL]: tier, [MODEL_LABEL]: modelName, [TRACK_LABEL]: track };
}

/**
 * Labels of the PodMonitor: kube-prometheus-stack's Prometheus selects
 * PodMonitors by `release: <its release name>` (podMonitorSelector in
 * components/monitoring/values.ts); without it the pods are never scraped.
 */
export function podMonitorLabels(prometheusRelease: string): Record<string, string> {
  return { [RELEASE_LABEL]: prometheusRelease, "app.kubernetes.io/part-of": MODEL_SERVER_LABELS["app.kubernetes.io/part-of"] };
}

/** Name of the container port serving the OpenAI API, /health and /metrics. */
export const HTTP_PORT_NAME = "http";
/** vLLM's port. */
export const HTTP_PORT = 8000;

/** `monitoring.coreos.com/v1` PodMonitor spec, as far as this component sets it. */
export interface PodMonitorSpec {
  selector: { matchLabels: Record<string, string> };
  podTargetLabels: string[];
  podMetricsEndpoints: Array<{ port: string; path: string; interval: string }>;
}

/** Scrapes `/metrics` of one server's pods every 15 s, keeping the instance, tier, model and track as series labels. */
export function podMonitorSpec(deployment: string): PodMonitorSpec {
  return {
    selector: { matchLabels: selectorLabels(deployment) },
    podTargetLabels: [INSTANCE_LABEL, TIER_LABEL, MODEL_LABEL, TRACK_LABEL],
    podMetricsEndpoints: [{ port: HTTP_PORT_NAME, path: "/metrics", interval: "15s" }],
  };
}
