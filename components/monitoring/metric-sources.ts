/**
 * Which deployed component produces each metric the rules and dashboards read.
 * A rule on a metric nothing produces is never true, so it never fires and
 * never says why: the component refuses to deploy one ({@link unsourcedMetrics}).
 */
import { dashboardQueries } from "./dashboards";
import { ENVOY_UPSTREAM_TIME_MS, MSK_CONSUMER_LAG, REDIS_EXPORTER_METRICS, type ModelServerMetricNames } from "./metric-names";
import { metricNamesIn } from "./promql";
import type { AlertRule, RecordingRule } from "./rules";

/** What produces a metric. */
export type MetricSource =
  | "model server" | "DCGM exporter" | "kube-state-metrics" | "MSK JMX exporter" | "redis_exporter" | "Envoy proxies" | "recording rule";

/** DCGM exporter fields of its default counter set that rules and dashboards read. */
const DCGM_METRICS = [
  "DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_XID_ERRORS", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_FREE",
  "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_GPU_TEMP",
] as const;

/** kube-state-metrics (enabled in kube-prometheus-stack) series that rules and dashboards read. */
const KUBE_STATE_METRICS = [
  "kube_pod_container_resource_requests", "kube_pod_status_phase", "kube_node_status_condition",
  "kube_node_status_capacity", "kube_node_status_allocatable", "kube_node_labels",
  "kube_horizontalpodautoscaler_status_desired_replicas", "kube_deployment_status_replicas_available",
] as const;

/** What the region's monitoring scrapes. */
export interface DeployedMetricSources {
  /** The model server's names (config); its pods are scraped through the PodMonitor. */
  modelServer: ModelServerMetricNames;
  /** MSK open monitoring is scraped (the region has Kafka). */
  mskOpenMonitoring: boolean;
  /** A redis_exporter runs (the region has Redis). */
  redisExporter: boolean;
  /** The front door's Envoy proxies are scraped (FrontDoor's PodMonitor `envoy-proxies`). */
  envoyProxies: boolean;
  /** The recording rules deployed: each produces the series it records. */
  recordings: readonly RecordingRule[];
}

/** Metric names the deployed sources produce (those our rules and dashboards know of), each with its source. */
export function metricSourceTable(d: DeployedMetricSources): ReadonlyMap<string, MetricSource> {
  const table = new Map<string, MetricSource>();
  const add = (source: MetricSource, names: readonly string[]) => names.forEach((n) => table.set(n, source));
  const m = d.modelServer;
  // A histogram is read through its series, never by its base name.
  add("model server", ["_bucket", "_count", "_sum"].map((suffix) => `${m.latencyHistogram}${suffix}`));
  add("model server", [m.requestsWaiting, m.requestsRunning, m.requestSuccess, m.httpRequests, m.cacheHits, m.cacheQueries]);
  add("DCGM exporter", DCGM_METRICS);
  add("kube-state-metrics", KUBE_STATE_METRICS);
  if (d.mskOpenMonitoring) add("MSK JMX exporter", [MSK_CONSUMER_LAG]);
  if (d.redisExporter) add("redis_exporter", Object.values(REDIS_EXPORTER_METRICS));
  if (d.envoyProxies) add("Envoy proxies", ["_bucket", "_count", "_sum"].map((suffix) => `${ENVOY_UPSTREAM_TIME_MS}${suffix}`));
  add("recording rule", d.recordings.map((r) => r.record));
  return table;
}

/** A query of ours: who reads (an alert, a dashboard panel) and the PromQL. */
export interface MetricReader {
  reader: string;
  expr: string;
}

/** Every query of the recording rules, the alerts and the rendered dashboards (JSON text by stem). */
export function metricReaders(alerts: AlertRule[], dashboards: Record<string, string>, recordings: readonly RecordingRule[] = []): MetricReader[] {
  const labelled = (r: RecordingRule) => Object.entries(r.labels ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ");
  return [
    ...recordings.map((r) => ({ reader: `recording ${r.record}${r.labels ? `{${labelled(r)}}` : ""}`, expr: r.expr })),
    ...alerts.map((a) => ({ reader: `alert ${a.alert}`, expr: a.expr })),
    ...Object.entries(dashboards).flatMap(([stem, json]) =>
      dashboardQueries(JSON.parse(json)).map((q) => ({ reader: `dashboard ${stem}, panel "${q.panel}"`, expr: q.expr }))),
  ];
}

/** A metric read that no deployed source produces. */
export interface UnsourcedMetric {
  reader: string;
  metric: string;
}

/** The metrics `readers` read that are not in `table` (empty when every one has a source). */
export function unsourcedMetrics(readers: MetricReader[], table: ReadonlyMap<string, MetricSource>): UnsourcedMetric[] {
  return readers.flatMap(({ reader, expr }) => metricNamesIn(expr).filter((metric) => !table.has(metric)).map((metric) => ({ reader, metric })));
}
