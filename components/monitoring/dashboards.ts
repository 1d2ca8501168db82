/**
 * Grafana dashboards kept as JSON files next to this module. Their queries
 * name metrics and thresholds through `<<placeholder>>`s (not Grafana's `${}`
 * nor its `{{label}}` legends), filled in per region before the JSON lands in
 * a ConfigMap for Grafana's dashboard sidecar.
 */
import capacity from "./dashboards/capacity.json";
import gpu from "./dashboards/gpu.json";
import inference from "./dashboards/inference.json";
import type { ModelServerMetricNames } from "./metric-names";
import type { AlertThresholds } from "./thresholds";

/** The dashboard templates by ConfigMap key stem. */
const DASHBOARD_TEMPLATES: Readonly<Record<string, unknown>> = { inference, gpu, capacity };

/** GPU node counts of the region's capacity plan, summed over its pools. */
export interface PlannedGpuNodes {
  minNodes: number;
  desiredNodes: number;
  maxNodes: number;
}

/** Values the placeholders take. */
export interface DashboardInputs {
  metrics: ModelServerMetricNames;
  thresholds: AlertThresholds;
  plan: PlannedGpuNodes;
}

const PLACEHOLDER = /<<([A-Za-z][A-Za-z0-9]*)>>/g;

function placeholderValues({ metrics, thresholds, plan }: DashboardInputs): Record<string, string> {
  return {
    ...Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, String(v)])),
    latencyP99Seconds: String(thresholds.latencyP99Seconds),
    errorRatioPercent: String(thresholds.errorRatioPercent),
    queueDepthPerServer: String(thresholds.queueDepthPerServer),
    gpuUtilHighPercent: String(thresholds.gpuUtilHighPercent),
    canaryLatencyP99Ratio: String(thresholds.canaryLatencyP99Ratio),
    canaryErrorMarginPercent: String(thresholds.canaryErrorMarginPercent),
    plannedMinNodes: String(plan.minNodes),
    plannedDesiredNodes: String(plan.desiredNodes),
    plannedMaxNodes: String(plan.maxNodes),
  };
}

/** Renders one template to dashboard JSON text; throws on a placeholder with no value. */
export function renderDashboard(template: unknown, inputs: DashboardInputs): string {
  const values = placeholderValues(inputs);
  return JSON.stringify(template, (_key, v: unknown) => {
    if (typeof v !== "string") return v;
    return v.replace(PLACEHOLDER, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`dashboard placeholder ${whole} has no value`);
      return value;
    });
  }, 2);
}

/** Every dashboard rendered, by ConfigMap key stem. */
export function renderDashboards(inputs: DashboardInputs): Record<string, string> {
  return Object.fromEntries(Object.entries(DASHBOARD_TEMPLATES).map(([stem, t]) => [stem, renderDashboard(t, inputs)]));
}

/** A panel's query, for checks. */
export interface PanelQuery {
  panel: string;
  expr: string;
}

/** The PromQL of every panel target of a dashboard. */
export function dashboardQueries(dashboard: unknown): PanelQuery[] {
  const panels = (dashboard as { panels?: Array<{ title?: string; targets?: Array<{ expr?: string }> }> }).panels ?? [];
  return panels.flatMap((p) => (p.targets ?? []).filter((t) => typeof t.expr === "string").map((t) => ({ panel: p.title ?? "", expr: t.expr! })));
}
