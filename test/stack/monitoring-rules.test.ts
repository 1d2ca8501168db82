// Monitoring of both real stacks: the alert and recording rules, what they read, and how the plan lists them.
import { describe, expect, it } from "vitest";
import { formatPlan } from "../../infra/plan/format";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { metricReaders, metricSourceTable, unsourcedMetrics } from "../../components/monitoring/metric-sources";
import { metricNamesIn, parsePromQL } from "../../components/monitoring/promql";
import type { AlertRule, RecordingRule } from "../../components/monitoring/rules";
import { bothRealStacks } from "../support/render";
import { type Json, modelServerMonitors, regionMonitoring, REGIONS, RELEASE, RUNBOOKS } from "./monitoring-shared";

const ALERTS = [
  "InferenceLatencyP99High", "InferenceErrorRatioHigh", "InferenceQueueDepthHigh", "ModelServerMetricsAbsent",
  "GpuUtilisationHigh", "GpuUtilisationLow", "GpuXidError", "GpuPodsPending",
  "NodeNotReady", "KafkaRequestConsumerLagHigh", "RedisEvictions", "RedisMemoryHigh",
  "CanaryLatencyWorseThanStable", "CanaryErrorsWorseThanStable", "RouteTimeoutBelowSuggested",
];
/** The recorded series, per rule (a series recorded per route appears once per route). */
const RECORDINGS = [
  "track:model_server_latency_seconds:p99", "track:model_server_http_5xx:ratio", "track:model_server_http_requests:rate5m",
  "route:envoy_upstream_latency_seconds:p90", "route:envoy_upstream_latency_seconds:p90", "route:front_door_timeout_seconds:suggested",
];

const stacks: Record<string, RenderedStack> = bothRealStacks();

/** What each alert reads, from which source, as deployed. */
const ALERT_METRICS: Record<string, string[]> = {
  InferenceLatencyP99High: ["vllm:e2e_request_latency_seconds_bucket"],
  InferenceErrorRatioHigh: ["http_requests_total"],
  InferenceQueueDepthHigh: ["vllm:num_requests_waiting"],
  ModelServerMetricsAbsent: ["vllm:num_requests_waiting"],
  GpuUtilisationHigh: ["DCGM_FI_DEV_GPU_UTIL"],
  GpuUtilisationLow: ["DCGM_FI_DEV_GPU_UTIL"],
  GpuXidError: ["DCGM_FI_DEV_XID_ERRORS"],
  GpuPodsPending: ["kube_pod_container_resource_requests", "kube_pod_status_phase"],
  NodeNotReady: ["kube_node_status_condition"],
  KafkaRequestConsumerLagHigh: ["kafka_consumer_group_ConsumerLagMetrics_Value"],
  RedisEvictions: ["redis_evicted_keys_total"],
  RedisMemoryHigh: ["redis_memory_used_bytes", "redis_memory_max_bytes"],
  CanaryLatencyWorseThanStable: ["track:model_server_latency_seconds:p99", "track:model_server_http_requests:rate5m"],
  CanaryErrorsWorseThanStable: ["track:model_server_http_5xx:ratio", "track:model_server_http_requests:rate5m"],
  RouteTimeoutBelowSuggested: ["route:front_door_timeout_seconds:suggested"],
};
/** What each recording reads, from which source, as deployed. */
const RECORDING_METRICS: Array<[string, string[]]> = [
  ["track:model_server_latency_seconds:p99", ["vllm:e2e_request_latency_seconds_bucket"]],
  ["track:model_server_http_5xx:ratio", ["http_requests_total"]],
  ["track:model_server_http_requests:rate5m", ["http_requests_total"]],
  ["route:envoy_upstream_latency_seconds:p90", ["envoy_cluster_upstream_rq_time_bucket"]],
  ["route:envoy_upstream_latency_seconds:p90", ["envoy_cluster_upstream_rq_time_bucket"]],
  ["route:front_door_timeout_seconds:suggested", ["route:envoy_upstream_latency_seconds:p90"]],
];

const DURATION_UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
/** A Gateway API duration (`300s`, `800ms`, `1h30m`) in seconds. */
function gatewayDurationSeconds(duration: string): number {
  expect(duration).toMatch(/^(\d+(h|ms|m|s))+$/);
  const seconds = [...duration.matchAll(/(\d+)(h|ms|m|s)/g)].reduce((sum, [, n, unit]) => sum + Number(n) * DURATION_UNIT_SECONDS[unit!]!, 0);
  return Number(seconds.toFixed(6));
}

/** The rules of a region's PrometheusRule, alerts and recordings apart. */
function deployedRules(m: ReturnType<typeof regionMonitoring>, region: string) {
  const rule = m.one("kubernetes:monitoring.coreos.com/v1:PrometheusRule", `${region}-monitoring-rules`);
  const all = (rule.inputs.spec.groups as Json[]).flatMap((g) => g.rules as Json[]);
  return { all, alerts: all.filter((r) => "alert" in r), recordings: all.filter((r) => "record" in r) };
}

describe.each(["prod", "dev"] as const)("stack %s monitoring", (stack) => {
  const get = () => stacks[stack]!;

  it.each(REGIONS[stack])("%s: rules carry every alert with severity, summary and runbook, and every recording, all parsing", (region) => {
    const { alerts: rules, recordings } = deployedRules(regionMonitoring(get(), region), region);
    expect(rules.map((r) => r.alert)).toEqual(ALERTS);
    expect(recordings.map((r) => r.record)).toEqual(RECORDINGS);
    for (const r of recordings) expect(parsePromQL(r.expr).ok, r.expr).toBe(true);
    for (const r of rules) {
      expect(["critical", "warning", "info"]).toContain(r.labels.severity);
      expect(r.annotations.summary).toBeTruthy();
      expect(r.annotations.runbook_url).toBe(`${RUNBOOKS}#${String(r.alert).toLowerCase()}`);
      expect(parsePromQL(r.expr).ok, r.expr).toBe(true);
    }
  });

  it.each(REGIONS[stack])("%s: every metric a deployed rule or dashboard reads comes from something the stack deploys", (region) => {
    const m = regionMonitoring(get(), region);
    const { alerts: rules, recordings } = deployedRules(m, region);
    expect(Object.fromEntries(rules.map((r) => [r.alert, metricNamesIn(r.expr)]))).toEqual(ALERT_METRICS);
    expect(recordings.map((r) => [r.record, metricNamesIn(r.expr)])).toEqual(RECORDING_METRICS);

    // The sources are there: model-server PodMonitor, DCGM exporter, kube-state-metrics, MSK JMX scrape, redis_exporter.
    const kps = m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`).inputs.values;
    const model = stack === "prod" ? "qwen25-7b" : "qwen25-1-5b";
    expect(modelServerMonitors(get(), region).map((pm) => pm.inputs.spec.selector.matchLabels)).toEqual([
      { "app.kubernetes.io/name": "vllm", "app.kubernetes.io/instance": `${model}-premium` },
      { "app.kubernetes.io/name": "vllm", "app.kubernetes.io/instance": `${model}-batch` },
    ]);
    expect(m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-dcgm`).inputs.chart).toMatch(/dcgm-exporter$/);
    expect([kps.kubeStateMetrics?.enabled, kps["kube-state-metrics"].enabled]).toEqual([undefined, undefined]); // the chart's default: on
    expect(kps.prometheus.prometheusSpec.additionalConfig.additionalScrapeConfigs).toMatchObject({ name: "msk-scrape-configs" });
    expect(m.one("kubernetes:core/v1:Secret", `${region}-monitoring-msk-scrape`).inputs.metadata.name).toBe("msk-scrape-configs");
    expect(m.ofType("kubernetes:apps/v1:Deployment").map((d) => d.inputs.spec.template.spec.containers[0].image)).toEqual([expect.stringMatching(/oliver006\/redis_exporter:v1\.88\.0$/)]);

    const dashboards = Object.fromEntries(m.ofType("kubernetes:core/v1:ConfigMap").map((c) => [c.inputs.metadata.name, Object.values(c.inputs.data as Record<string, string>)[0]!]));
    const sources = metricSourceTable({ modelServer: {
      latencyHistogram: "vllm:e2e_request_latency_seconds", requestsWaiting: "vllm:num_requests_waiting", requestsRunning: "vllm:num_requests_running",
      requestSuccess: "vllm:request_success_total", httpRequests: "http_requests_total", httpStatusLabel: "status",
      cacheHits: "vllm:prefix_cache_hits_total", cacheQueries: "vllm:prefix_cache_queries_total",
    }, mskOpenMonitoring: true, redisExporter: true, envoyProxies: true, recordings: recordings as unknown as RecordingRule[] });
    expect(unsourcedMetrics(metricReaders(rules as unknown as AlertRule[], dashboards, recordings as unknown as RecordingRule[]), sources)).toEqual([]);
  });

  it.each(REGIONS[stack])("%s: the canary rules group by series labels every model server's PodMonitor copies from its pods", (region) => {
    const { recordings } = deployedRules(regionMonitoring(get(), region), region);
    const grouped = new Set(recordings.filter((r) => String(r.record).startsWith("track:"))
      .flatMap((r) => [...String(r.expr).matchAll(/by \(([^)]*)\)/g)].flatMap((x) => x[1]!.split(", "))));
    grouped.delete("le");
    expect([...grouped]).toEqual(["inference_platform_model", "inference_platform_tier", "inference_platform_track"]);
    const monitors = modelServerMonitors(get(), region);
    expect(monitors.length).toBeGreaterThan(0);
    for (const pm of monitors) {
      // podTargetLabels: a pod label becomes a series label with every character outside [a-zA-Z0-9_] turned into `_`.
      const seriesLabels = (pm.inputs.spec.podTargetLabels as string[]).map((l) => l.replace(/[^a-zA-Z0-9_]/g, "_"));
      expect(seriesLabels, pm.name).toEqual(expect.arrayContaining([...grouped]));
      // The Deployment's name differs between the tracks, so it must not be what stable and canary are matched on.
      expect(grouped.has("app_kubernetes_io_instance")).toBe(false);
    }
    const servers = get().resources.filter((x) => x.type === "kubernetes:apps/v1:Deployment" && x.name.startsWith(`${region}-model-`)) as Array<RenderedResource & { inputs: Json }>;
    expect(servers.length).toBeGreaterThan(0);
    for (const d of servers) {
      expect(Object.keys(d.inputs.spec.template.metadata.labels), d.name).toEqual(expect.arrayContaining(["inference.platform/model", "inference.platform/tier", "inference.platform/track"]));
    }
  });

  it.each(REGIONS[stack])("%s: the route rules watch the front door's HTTPRoutes through its scraped proxies, against the timeouts those routes carry", (region) => {
    const { recordings, alerts } = deployedRules(regionMonitoring(get(), region), region);
    const routes = get().resources.filter((x) => x.type === "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute" && x.name.startsWith(`${region}-front-door-route-`)) as Array<RenderedResource & { inputs: Json }>;
    expect(routes.map((r) => r.inputs.metadata.name).sort()).toEqual(["api", "generation", "healthz"]);
    // Envoy Gateway names each rule's cluster httproute/<namespace>/<route>/rule/<index>; Prometheus anchors the regex.
    const clusters = routes.flatMap((r) => (r.inputs.spec.rules as Json[]).map((_, i) => ({
      route: r.inputs.metadata.name as string, cluster: `httproute/${r.inputs.metadata.namespace}/${r.inputs.metadata.name}/rule/${i}`,
    })));
    const watchedBy = (expr: string) => {
      const pattern = new RegExp(`^(?:${/envoy_cluster_name=~"([^"]+)"/.exec(expr)![1]})$`);
      return [...new Set(clusters.filter((c) => pattern.test(c.cluster)).map((c) => c.route))];
    };
    expect(recordings.filter((r) => r.record === "route:envoy_upstream_latency_seconds:p90").map((r) => [r.labels.route, watchedBy(r.expr)])).toEqual([
      ["generation", ["generation"]], ["api", ["api"]],
    ]);
    // The alert compares with the request timeouts the routes carry (every rule of a route has the same).
    const timeout = (name: string) => {
      const values = new Set((routes.find((r) => r.inputs.metadata.name === name)!.inputs.spec.rules as Json[]).map((rule) => rule.timeouts.request as string));
      expect(values.size, name).toBe(1);
      return gatewayDurationSeconds([...values][0]!);
    };
    expect(alerts.find((a) => a.alert === "RouteTimeoutBelowSuggested")!.expr).toBe(
      `route:front_door_timeout_seconds:suggested{route="generation"} > ${timeout("generation")} or route:front_door_timeout_seconds:suggested{route="api"} > ${timeout("api")}`,
    );
    // The proxies' metrics reach this region's Prometheus.
    const proxies = get().resources.find((x) => x.type === "kubernetes:monitoring.coreos.com/v1:PodMonitor" && x.name === `${region}-front-door-proxy-metrics`) as RenderedResource & { inputs: Json };
    expect(proxies.inputs.metadata).toMatchObject({ name: "envoy-proxies", namespace: "envoy-gateway-system", labels: { release: RELEASE[region] } });
    expect(proxies.inputs.spec.podMetricsEndpoints).toEqual([expect.objectContaining({ port: "metrics", path: "/stats/prometheus" })]);
  });

  it("lists the alerts with thresholds per region in the plan", () => {
    const text = formatPlan(get());
    for (const region of REGIONS[stack]) expect(text).toContain(`Region ${region}`);
    expect(text.match(/InferenceLatencyP99High +critical p99 latency > 0\.8 s for 10m/g)).toHaveLength(2);
    expect(text.match(/GpuUtilisationHigh +warning +average GPU utilisation > 77 % for 30m/g)).toHaveLength(2);
    expect(text).toContain(stack === "prod" ? "consumer lag on inference-requests > 15000 messages" : "consumer lag on inference-requests > 150 messages");
    expect(text.match(/CloudWatch alarms: \d+ \(ElastiCache, MSK\) → KMS-encrypted topic/g)).toHaveLength(2);
    expect(text.match(/CanaryLatencyWorseThanStable warning +canary p99 > 1\.2 × stable p99 while the canary gets traffic, for 10m/g)).toHaveLength(2);
    expect(text.match(/CanaryErrorsWorseThanStable +warning +canary 5xx % > stable 5xx % \+ 1 while the canary gets traffic, for 10m/g)).toHaveLength(2);
    expect(text.match(/RouteTimeoutBelowSuggested +warning +p90 × 1\.6 > the configured timeout \(generation 300 s, api 0\.8 s\) for 30m/g)).toHaveLength(2);
  });
});

describe("GpuPodsPending and the GPU headroom placeholders", () => {
  it.each(["prod", "dev"] as const)("%s: every placeholder Deployment's pods fall under the alert's exclusion, and nothing else does", (stack) => {
    const r = stacks[stack]!;
    const deployments = r.resources.filter((x) => x.type === "kubernetes:apps/v1:Deployment").map((x) => ({ name: x.name, inputs: x.inputs as Json }));
    const placeholders = deployments.filter((x) => x.inputs.metadata?.labels?.["app.kubernetes.io/name"] === "gpu-headroom");
    expect(placeholders.length).toBeGreaterThan(0);
    const rule = r.resources.find((x) => x.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule")!.inputs as Json;
    const expr = (rule.spec.groups as Json[]).flatMap((g) => g.rules as Json[]).find((x) => x.alert === "GpuPodsPending")!.expr as string;
    expect(expr).toContain('kube_pod_container_resource_requests{resource="nvidia_com_gpu", pod!~"gpu-headroom-.*"}');
    // A Deployment's pods are named <deployment>-<replicaset hash>-<pod suffix>; Prometheus anchors the regex.
    for (const d of placeholders) expect(/^(?:gpu-headroom-.*)$/.test(`${d.inputs.metadata.name}-7d9c8b6f5-x2k4p`), d.name).toBe(true);
    const others = deployments.filter((x) => !placeholders.includes(x));
    for (const d of others) expect(/^(?:gpu-headroom-.*)$/.test(`${d.inputs.metadata?.name ?? d.name}-7d9c8b6f5-x2k4p`), d.name).toBe(false);
  });
});
