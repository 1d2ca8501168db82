import { beforeAll, describe, expect, it } from "vitest";
import { formatPlan } from "../../infra/plan/format";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { dashboardQueries } from "../../components/monitoring/dashboards";
import { metricReaders, metricSourceTable, unsourcedMetrics } from "../../components/monitoring/metric-sources";
import { metricNamesIn, parsePromQL } from "../../components/monitoring/promql";
import type { AlertRule, RecordingRule } from "../../components/monitoring/rules";
import { renderRealStack } from "../support/render";

type Json = Record<string, any>;

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
const CHINA_MIRROR_HOST = "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn";
const RUNBOOKS = "https://github.com/example-org/inference-platform/blob/main/docs/runbooks.md";

const stacks: Record<string, RenderedStack> = {};
beforeAll(async () => {
  stacks.prod = await renderRealStack("prod");
  stacks.dev = await renderRealStack("dev");
});

/** The resources of one region's Monitoring component, by type. */
function regionMonitoring(r: RenderedStack, region: string) {
  const component = r.resources.find((x) => x.type === "inference:monitoring:Monitoring" && x.name === `${region}-monitoring`);
  expect(component, `${region}-monitoring`).toBeDefined();
  const byUrn = new Map(r.resources.map((x) => [x.urn, x]));
  const under = (x: RenderedResource): boolean => {
    for (let p = x.parent; p; p = byUrn.get(p)?.parent) if (p === component!.urn) return true;
    return false;
  };
  // Inputs are the JSON the engine got; tests read into them freely.
  const mine = r.resources.filter(under) as Array<RenderedResource & { inputs: Json }>;
  const ofType = (type: string) => mine.filter((x) => x.type === type);
  const one = (type: string, name: string) => {
    const found = mine.find((x) => x.type === type && x.name === name);
    expect(found, `${type} ${name}`).toBeDefined();
    return found!;
  };
  return { mine, ofType, one };
}

/** Every URN `urn` depends on, directly or through its dependencies. */
function dependencyClosure(r: RenderedStack, urn: string): string[] {
  const byUrn = new Map(r.resources.map((x) => [x.urn, x]));
  const seen = new Set<string>();
  const visit = (u: string) => {
    for (const d of byUrn.get(u)?.options.dependencies ?? []) if (!seen.has(d)) { seen.add(d); visit(d); }
  };
  visit(urn);
  return [...seen];
}

const mskCluster = (r: RenderedStack, region: string) => r.resources.find((x) => x.type === "aws:msk/cluster:Cluster" && x.name === `${region}-kafka`)!;
/** The region's model-server PodMonitors (one per server, from components/model-server). */
const modelServerMonitors = (r: RenderedStack, region: string) =>
  r.resources.filter((x) => x.type === "kubernetes:monitoring.coreos.com/v1:PodMonitor" && x.name.startsWith(`${region}-model-`)) as Array<RenderedResource & { inputs: Json }>;
const redisGroup = (r: RenderedStack, region: string) => r.resources.find((x) => x.type === "aws:elasticache/replicationGroup:ReplicationGroup" && x.name === `${region}-redis`)!;

/** Every `{registry, repository}` image value in Helm values, with its path. */
function imageValues(v: unknown, path = ""): Array<{ path: string; registry?: string; repository: string }> {
  if (v === null || typeof v !== "object") return [];
  const o = v as Json;
  const here = typeof o.repository === "string" ? [{ path, registry: o.registry as string | undefined, repository: o.repository as string }] : [];
  return [...here, ...Object.entries(o).flatMap(([k, x]) => imageValues(x, path ? `${path}.${k}` : k))];
}

const REGIONS = { prod: ["china", "frankfurt"], dev: ["shanghai", "frankfurt"] } as const;
/** The kube-prometheus-stack release of each region, whose name is the `release` label Prometheus selects by. */
const RELEASE: Record<string, string> = { china: "china-monitoring-kps", frankfurt: "frankfurt-monitoring-kps", shanghai: "shanghai-monitoring-kps" };
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

  it.each(REGIONS[stack])("%s: one pinned kube-prometheus-stack release with encrypted persistent storage", (region) => {
    const m = regionMonitoring(get(), region);
    const release = m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`);
    expect(release.inputs.version).toBe("82.10.1");
    expect(release.inputs.atomic).toBe(true);
    const spec = release.inputs.values.prometheus.prometheusSpec;
    expect(spec.retention).toBe(stack === "prod" ? "30d" : "15d");
    expect(spec.replicas).toBe(stack === "prod" ? 2 : 1);
    expect(spec.storageSpec.volumeClaimTemplate.spec).toEqual({
      storageClassName: "gp3-encrypted", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: stack === "prod" ? "200Gi" : "50Gi" } },
    });
    const sc = m.one("kubernetes:storage.k8s.io/v1:StorageClass", `${region}-monitoring-gp3`);
    expect(sc.inputs.metadata.name).toBe("gp3-encrypted");
    expect(sc.inputs.parameters).toEqual({ type: "gp3", encrypted: "true", fsType: "ext4" });
    expect(sc.inputs.reclaimPolicy).toBe(stack === "prod" ? "Retain" : "Delete");
    const addon = m.one("aws:eks/addon:Addon", `${region}-monitoring-ebs-csi`);
    expect(addon.inputs.addonName).toBe("aws-ebs-csi-driver");
    expect(release.options.dependencies).toContain(sc.urn);
    expect(release.options.dependencies).toContain(addon.urn);
    // node-exporter also covers the tainted GPU nodes.
    expect(release.inputs.values["prometheus-node-exporter"].tolerations).toEqual([{ operator: "Exists", effect: "NoSchedule" }]);
  });

  it.each(REGIONS[stack])("%s: the DCGM exporter runs on GPU nodes only, tolerating their taint, with a ServiceMonitor", (region) => {
    const m = regionMonitoring(get(), region);
    const dcgm = m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-dcgm`);
    expect(dcgm.inputs.version).toBe("4.8.2");
    expect(dcgm.inputs.values.nodeSelector).toEqual({ "nvidia.com/gpu.present": "true" });
    expect(dcgm.inputs.values.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    expect(dcgm.inputs.values.serviceMonitor).toMatchObject({ enabled: true, additionalLabels: { release: `${region}-monitoring-kps` } });
    expect(dcgm.inputs.values.image.tag).toBe("4.5.3-4.8.2-distroless");
  });

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

  it.each(REGIONS[stack])("%s: Prometheus selects objects labelled release: <region>-monitoring-kps, and ours carry that label", (region) => {
    const m = regionMonitoring(get(), region);
    const release = RELEASE[region]!;
    const spec = m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`).inputs.values.prometheus.prometheusSpec;
    for (const flag of ["ruleSelectorNilUsesHelmValues", "serviceMonitorSelectorNilUsesHelmValues", "podMonitorSelectorNilUsesHelmValues"]) expect(spec[flag]).toBe(false);
    for (const ns of ["ruleNamespaceSelector", "serviceMonitorNamespaceSelector", "podMonitorNamespaceSelector"]) expect(spec[ns]).toEqual({});
    expect([spec.ruleSelector, spec.serviceMonitorSelector, spec.podMonitorSelector]).toEqual([
      { matchLabels: { release } }, { matchLabels: { release } }, { matchLabels: { release } },
    ]);

    expect(m.one("kubernetes:monitoring.coreos.com/v1:PrometheusRule", `${region}-monitoring-rules`).inputs.metadata.labels.release).toBe(release);
    expect(modelServerMonitors(get(), region).map((pm) => pm.inputs.metadata.labels.release)).toEqual([release, release]);
    expect(m.one("kubernetes:monitoring.coreos.com/v1:ServiceMonitor", `${region}-monitoring-redis-exporter`).inputs.metadata.labels.release).toBe(release);
    expect(m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-dcgm`).inputs.values.serviceMonitor.additionalLabels).toEqual({ release });
  });

  it.each(REGIONS[stack])("%s: a pinned, restricted redis_exporter reads the published Redis connection over TLS, scraped through a ServiceMonitor", (region) => {
    const m = regionMonitoring(get(), region);
    const deployment = m.one("kubernetes:apps/v1:Deployment", `${region}-monitoring-redis-exporter`);
    expect(deployment.inputs.metadata).toMatchObject({ name: "redis-exporter", namespace: "inference" });
    const pod = deployment.inputs.spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 59000, runAsGroup: 59000, seccompProfile: { type: "RuntimeDefault" } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers).toHaveLength(1);
    const c = pod.containers[0];
    expect(c.image).toBe(region === "china"
      ? "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror/docker.io/oliver006/redis_exporter:v1.88.0"
      : "docker.io/oliver006/redis_exporter:v1.88.0");
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    expect(c.resources).toEqual({ requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } });
    expect(c.env).toEqual([
      { name: "REDIS_PRIMARY_HOST", valueFrom: { configMapKeyRef: { name: "redis-connection", key: "REDIS_PRIMARY_HOST" } } },
      { name: "REDIS_PORT", valueFrom: { configMapKeyRef: { name: "redis-connection", key: "REDIS_PORT" } } },
      { name: "REDIS_ADDR", value: "rediss://$(REDIS_PRIMARY_HOST):$(REDIS_PORT)" },
      { name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: "redis-auth", key: "REDIS_AUTH_TOKEN" } } },
      { name: "REDIS_EXPORTER_CONFIG_COMMAND", value: "-" },
      { name: "REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT", value: "true" },
    ]);
    // The connection it reads is the one ManagedRedis publishes, in the same namespace, with TLS required.
    const published = get().resources.find((x) => x.type === "kubernetes:core/v1:ConfigMap" && x.name === `${region}-redis-connection`)!.inputs as Json;
    expect([published.metadata.name, published.metadata.namespace, published.data.REDIS_TLS]).toEqual(["redis-connection", "inference", "true"]);
    expect(Object.keys(published.data)).toEqual(expect.arrayContaining(["REDIS_PRIMARY_HOST", "REDIS_PORT"]));
    const token = get().resources.find((x) => x.type === "kubernetes:core/v1:Secret" && x.name === `${region}-redis-auth`)!.inputs as Json;
    expect([token.metadata.name, token.metadata.namespace]).toEqual(["redis-auth", "inference"]);
    // Created after the cache exists, not timing out on a pod waiting for it.
    const group = get().resources.find((x) => x.type === "aws:elasticache/replicationGroup:ReplicationGroup" && x.name === `${region}-redis`);
    expect(deployment.options.dependencies).toContain(group!.urn);

    const service = m.one("kubernetes:core/v1:Service", `${region}-monitoring-redis-exporter`);
    expect(service.inputs.spec).toEqual({
      type: "ClusterIP",
      selector: { "app.kubernetes.io/name": "redis-exporter", "app.kubernetes.io/part-of": "inference-platform" },
      ports: [{ name: "metrics", port: 9121, targetPort: "metrics" }],
    });
    const monitor = m.one("kubernetes:monitoring.coreos.com/v1:ServiceMonitor", `${region}-monitoring-redis-exporter`);
    expect(monitor.inputs.metadata.namespace).toBe("inference");
    expect(monitor.inputs.spec).toEqual({
      selector: { matchLabels: { "app.kubernetes.io/name": "redis-exporter", "app.kubernetes.io/part-of": "inference-platform" } },
      endpoints: [{ port: "metrics", path: "/metrics", interval: "30s" }],
    });
    for (const labels of [service.inputs.metadata.labels, deployment.inputs.spec.template.metadata.labels]) {
      expect(labels).toEqual({ "app.kubernetes.io/name": "redis-exporter", "app.kubernetes.io/part-of": "inference-platform" });
    }
    expect(c.readinessProbe.httpGet).toEqual({ path: "/health", port: "metrics" });
    // The ServiceMonitor CRD comes with the kube-prometheus-stack release.
    expect(monitor.options.dependencies).toContain(m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`).urn);
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

  it.each(REGIONS[stack])("%s: dashboards load from labelled ConfigMaps, valid JSON with parsing queries", (region) => {
    const maps = regionMonitoring(get(), region).ofType("kubernetes:core/v1:ConfigMap");
    expect(maps.map((x) => x.inputs.metadata.name).sort()).toEqual(["dashboard-capacity", "dashboard-gpu", "dashboard-inference"]);
    for (const map of maps) {
      expect(map.inputs.metadata.labels).toEqual({ grafana_dashboard: "1" });
      const [[key, text]] = Object.entries(map.inputs.data as Record<string, string>);
      expect(key).toBe(`${String(map.inputs.metadata.name).replace("dashboard-", "")}.json`);
      for (const q of dashboardQueries(JSON.parse(text!))) expect(parsePromQL(q.expr).ok, q.expr).toBe(true);
    }
    const release = regionMonitoring(get(), region).one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`);
    expect(release.inputs.values.grafana.sidecar.dashboards).toMatchObject({ enabled: true, label: "grafana_dashboard", labelValue: "1" });
  });

  it.each(REGIONS[stack])("%s: Grafana's admin password is random, secret and referenced through existingSecret", (region) => {
    const m = regionMonitoring(get(), region);
    expect(m.one("random:index/randomPassword:RandomPassword", `${region}-monitoring-grafana-admin`).inputs.length).toBe(32);
    const secret = m.one("kubernetes:core/v1:Secret", `${region}-monitoring-grafana-admin`);
    // The password makes the whole stringData secret.
    expect(secret.inputs.stringData).toBe("[secret]");
    expect(JSON.stringify(get().resources.map((x) => x.inputs))).not.toContain("mock-password-");
    const grafana = m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`).inputs.values.grafana;
    expect(grafana.admin).toEqual({ existingSecret: secret.inputs.metadata.name, userKey: "admin-user", passwordKey: "admin-password" });
    expect(grafana.adminPassword).toBeUndefined();
    expect((get().outputs.regions as Json)[region].monitoring.grafanaAdminPassword).toBe("[secret]");
  });

  it.each(REGIONS[stack])("%s: Alertmanager publishes to the alarm topic, and only there", (region) => {
    const m = regionMonitoring(get(), region);
    const topic = m.one("aws:sns/topic:Topic", `${region}-monitoring-alarms`);
    const am = m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`).inputs.values.alertmanager;
    const platform = (am.config.receivers as Json[]).find((r) => r.name === "platform")!;
    expect(am.config.route.receiver).toBe("platform");
    expect(platform.sns_configs).toEqual([expect.objectContaining({ topic_arn: expect.stringContaining(`:sns:`), sigv4: { region: expect.any(String) } })]);
    expect(platform.webhook_configs).toBeUndefined();
    expect(am.serviceAccount).toMatchObject({ create: true, name: "alertmanager" });
    const policy = JSON.parse(m.one("aws:iam/rolePolicy:RolePolicy", `${region}-monitoring-alertmanager`).inputs.policy);
    expect(policy.Statement[0]).toEqual({ Effect: "Allow", Action: "sns:Publish", Resource: platform.sns_configs[0].topic_arn });
    expect(topic.inputs.kmsMasterKeyId).toBeTruthy();
  });

  it.each(REGIONS[stack])("%s: the EBS CSI add-on waits for the system node group", (region) => {
    const nodes = get().resources.find((x) => x.type === "aws:eks/nodeGroup:NodeGroup" && x.name === `${region}-eks-system`);
    expect(nodes, `${region}-eks-system`).toBeDefined();
    const m = regionMonitoring(get(), region);
    expect(m.one("aws:eks/addon:Addon", `${region}-monitoring-ebs-csi`).options.dependencies).toContain(nodes!.urn);
    expect(m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`).options.dependencies).toContain(nodes!.urn);
    // Only the add-on and the releases: storage classes, alarms and roles need no nodes.
    expect(m.one("kubernetes:storage.k8s.io/v1:StorageClass", `${region}-monitoring-gp3`).options.dependencies).not.toContain(nodes!.urn);
    expect(m.one("aws:iam/role:Role", `${region}-monitoring-ebs-csi`).options.dependencies).not.toContain(nodes!.urn);
  });

  it.each(REGIONS[stack])("%s: every managed-service alarm goes to the region's one KMS-encrypted topic", (region) => {
    const m = regionMonitoring(get(), region);
    const topics = m.ofType("aws:sns/topic:Topic");
    expect(topics).toHaveLength(1);
    const key = m.one("aws:kms/key:Key", `${region}-monitoring-alarms`);
    expect(key.inputs.enableKeyRotation).toBe(true);
    expect([key.options.protect, key.options.retainOnDelete]).toEqual(stack === "prod" ? [true, true] : [false, false]);
    expect(topics[0]!.inputs.kmsMasterKeyId).toMatch(/:kms:.*:key\//);
    const keyPolicy = JSON.parse(key.inputs.policy);
    expect(keyPolicy.Statement[1]).toMatchObject({ Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"] });
    const topicPolicy = JSON.parse(m.one("aws:sns/topicPolicy:TopicPolicy", `${region}-monitoring-alarms`).inputs.policy);
    expect(topicPolicy.Statement[0]).toMatchObject({ Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish" });

    const alarms = m.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    const dataPlane = get().resources.some((x) => x.type === "aws:msk/cluster:Cluster");
    if (dataPlane) expect(alarms.length).toBeGreaterThan(0);
    const topicArn = alarms[0]?.inputs.alarmActions[0];
    for (const alarm of alarms) {
      expect(alarm.inputs.alarmActions).toEqual([topicArn]);
      expect(alarm.inputs.okActions).toEqual([topicArn]);
      expect(alarm.inputs.actionsEnabled).toBe(true);
      expect(alarm.inputs.alarmDescription).toContain(`Runbook: ${RUNBOOKS}#`);
    }
    const metrics = new Set(alarms.map((a) => a.inputs.metricName ?? a.inputs.metricQueries?.[0]?.metric?.metricName));
    if (dataPlane) {
      for (const name of ["CPUUtilization", "EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "Evictions", "ReplicationLag",
        "KafkaDataLogsDiskUsed", "UnderReplicatedPartitions", "OfflinePartitionsCount", "ActiveControllerCount"]) expect(metrics, name).toContain(name);
    }
  });

  it.each(REGIONS[stack])("%s: scrapes MSK open monitoring from a Secret that alone waits for the cluster, and alarms on every Redis node", (region) => {
    const outputs = (get().outputs.regions as Json)[region];
    if (!outputs.kafka) return; // no data plane in this render: component.test.ts covers it
    const m = regionMonitoring(get(), region);
    const secret = m.one("kubernetes:core/v1:Secret", `${region}-monitoring-msk-scrape`);
    expect(secret.inputs.metadata).toMatchObject({ name: "msk-scrape-configs", namespace: "monitoring" });
    // The jobs (every broker, component.test.ts) are in stringData, which the Kubernetes SDK keeps secret.
    expect(secret.inputs.stringData).toBe("[secret]");
    expect(secret.options.dependencies).toContain(mskCluster(get(), region).urn);
    expect(secret.options.dependencies).toContain(m.one("kubernetes:core/v1:Namespace", `${region}-monitoring-ns`).urn);
    const spec = m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`).inputs.values.prometheus.prometheusSpec;
    expect(spec.additionalConfig).toEqual({ additionalScrapeConfigs: { name: "msk-scrape-configs", key: "msk-scrape-configs.yaml", optional: true } });
    expect(spec.additionalScrapeConfigs).toBeUndefined();
    const redisAlarms = m.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.inputs.namespace === "AWS/ElastiCache");
    expect(new Set(redisAlarms.map((a) => a.inputs.dimensions.CacheClusterId)).size).toBe(outputs.redis.nodes);
    expect(redisAlarms).toHaveLength(outputs.redis.nodes * 5);
  });

  it.each(REGIONS[stack])("%s: kube-prometheus-stack and everything after it wait for neither MSK nor ElastiCache", (region) => {
    const m = regionMonitoring(get(), region);
    const managed = [mskCluster(get(), region).urn, redisGroup(get(), region).urn];
    for (const name of ["kps", "dcgm", "rules"]) {
      const x = m.mine.find((r) => r.name === `${region}-monitoring-${name}`)!;
      expect(dependencyClosure(get(), x.urn).filter((u) => managed.includes(u)), x.name).toEqual([]);
    }
    // Both ways: the scrape Secret does wait for MSK, and the CloudWatch alarms (fast) keep their ids.
    expect(dependencyClosure(get(), m.one("kubernetes:core/v1:Secret", `${region}-monitoring-msk-scrape`).urn)).toContain(managed[0]);
    expect(m.one("aws:cloudwatch/metricAlarm:MetricAlarm", `${region}-monitoring-kafka-offline-partitions`).options.dependencies).toContain(managed[0]);
  });

  it.each(REGIONS[stack])("%s: namespaces, Secrets and ConfigMaps wait for no node group; the add-on and the releases do", (region) => {
    const m = regionMonitoring(get(), region);
    const nodeGroups = new Set(get().resources.filter((x) => x.type === "aws:eks/nodeGroup:NodeGroup").map((x) => x.urn));
    const objects = m.mine.filter((x) => ["kubernetes:core/v1:Namespace", "kubernetes:core/v1:Secret", "kubernetes:core/v1:ConfigMap"].includes(x.type));
    expect(objects.map((x) => x.type)).toEqual(expect.arrayContaining(["kubernetes:core/v1:Namespace", "kubernetes:core/v1:Secret", "kubernetes:core/v1:ConfigMap"]));
    for (const x of objects) expect(dependencyClosure(get(), x.urn).filter((u) => nodeGroups.has(u)), x.name).toEqual([]);
    for (const name of ["ebs-csi", "kps"]) {
      const x = m.mine.find((r) => r.name === `${region}-monitoring-${name}` && (r.type === "aws:eks/addon:Addon" || r.type === "kubernetes:helm.sh/v3:Release"))!;
      expect(x.options.dependencies.some((u) => nodeGroups.has(u)), x.name).toBe(true);
    }
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

describe("service accounts that call AWS get roles the region supports", () => {
  const ACCOUNTS = [
    { role: "alertmanager", subject: "system:serviceaccount:monitoring:alertmanager" },
    { role: "ebs-csi", subject: "system:serviceaccount:kube-system:ebs-csi-controller-sa" },
  ];

  it("China (no EKS Pod Identity): IRSA trust on the cluster's OIDC provider, for exactly one service account each", () => {
    const m = regionMonitoring(stacks.prod!, "china");
    const issuer = "oidc.eks.cn-north-1.amazonaws.com.cn/id/china-eks";
    for (const { role, subject } of ACCOUNTS) {
      const trust = JSON.parse(m.one("aws:iam/role:Role", `china-monitoring-${role}`).inputs.assumeRolePolicy);
      expect(trust.Statement).toEqual([{
        Effect: "Allow",
        Principal: { Federated: "arn:aws-cn:iam::123456789012:openidconnectprovider/china-eks-oidc" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${issuer}:sub`]: subject, [`${issuer}:aud`]: "sts.amazonaws.com" } },
      }]);
    }
    expect(m.ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation")).toEqual([]);
    const release = m.one("kubernetes:helm.sh/v3:Release", "china-monitoring-kps");
    expect(release.inputs.values.alertmanager.serviceAccount.annotations).toEqual({ "eks.amazonaws.com/role-arn": "arn:aws-cn:iam::123456789012:role/china-monitoring-alertmanager" });
    expect(release.options.dependencies).toContain(m.one("aws:iam/role:Role", "china-monitoring-alertmanager").urn);
    const addon = m.one("aws:eks/addon:Addon", "china-monitoring-ebs-csi");
    expect(addon.inputs.serviceAccountRoleArn).toBe("arn:aws-cn:iam::123456789012:role/china-monitoring-ebs-csi");
    expect(addon.inputs.podIdentityAssociations).toBeUndefined();
  });

  it("Frankfurt: EKS Pod Identity, one association per service account and no annotations", () => {
    const m = regionMonitoring(stacks.prod!, "frankfurt");
    for (const { role, subject } of ACCOUNTS) {
      const trust = JSON.parse(m.one("aws:iam/role:Role", `frankfurt-monitoring-${role}`).inputs.assumeRolePolicy);
      expect(trust.Statement).toEqual([{ Effect: "Allow", Principal: { Service: ["pods.eks.amazonaws.com"] }, Action: ["sts:AssumeRole", "sts:TagSession"] }]);
      const [, , namespace, serviceAccount] = subject.split(":");
      expect(m.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", `frankfurt-monitoring-${role}-identity`).inputs).toMatchObject({
        clusterName: "prod-frankfurt-eks", namespace, serviceAccount, roleArn: `arn:aws:iam::123456789012:role/frankfurt-monitoring-${role}`,
      });
    }
    const release = m.one("kubernetes:helm.sh/v3:Release", "frankfurt-monitoring-kps");
    expect(release.inputs.values.alertmanager.serviceAccount.annotations).toEqual({});
    expect(release.options.dependencies).toContain(m.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "frankfurt-monitoring-alertmanager-identity").urn);
    const addon = m.one("aws:eks/addon:Addon", "frankfurt-monitoring-ebs-csi");
    expect(addon.inputs.serviceAccountRoleArn).toBeUndefined();
    expect(addon.options.dependencies).toContain(m.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "frankfurt-monitoring-ebs-csi-identity").urn);
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

describe("images in China come from the region's mirror", () => {
  it("routes every image value of both releases through the mirror, keeping the upstream host in the path", () => {
    const m = regionMonitoring(stacks.prod!, "china");
    const stack = m.one("kubernetes:helm.sh/v3:Release", "china-monitoring-kps");
    const dcgm = m.one("kubernetes:helm.sh/v3:Release", "china-monitoring-dcgm");
    expect(String(stack.inputs.chart)).toBe("oci://111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/charts/kube-prometheus-stack");
    expect(String(dcgm.inputs.chart)).toBe("oci://111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/charts/dcgm-exporter");
    const images = imageValues(stack.inputs.values);
    expect(images.map((i) => i.path).sort()).toEqual([
      "alertmanager.alertmanagerSpec.image", "grafana.downloadDashboardsImage", "grafana.image", "grafana.initChownData.image",
      "grafana.sidecar.image", "kube-state-metrics.image", "prometheus-node-exporter.image", "prometheus.prometheusSpec.image",
      "prometheusOperator.admissionWebhooks.patch.image", "prometheusOperator.image", "prometheusOperator.prometheusConfigReloader.image",
      "prometheusOperator.thanosImage",
    ]);
    for (const i of images) {
      expect(i.registry, i.path).toBe(CHINA_MIRROR_HOST);
      expect(i.repository, i.path).toMatch(/^mirror\/(quay\.io|docker\.io|registry\.k8s\.io|ghcr\.io)\//);
    }
    // Each image keeps the chart's repository (its tag stays the chart's own), as in kube-prometheus-stack 82.10.1.
    expect(Object.fromEntries(images.map((i) => [i.path, i.repository]))).toEqual({
      "prometheusOperator.image": "mirror/quay.io/prometheus-operator/prometheus-operator",
      "prometheusOperator.prometheusConfigReloader.image": "mirror/quay.io/prometheus-operator/prometheus-config-reloader",
      "prometheusOperator.admissionWebhooks.patch.image": "mirror/ghcr.io/jkroepke/kube-webhook-certgen",
      "prometheusOperator.thanosImage": "mirror/quay.io/thanos/thanos",
      "prometheus.prometheusSpec.image": "mirror/quay.io/prometheus/prometheus",
      "alertmanager.alertmanagerSpec.image": "mirror/quay.io/prometheus/alertmanager",
      "grafana.image": "mirror/docker.io/grafana/grafana",
      "grafana.sidecar.image": "mirror/quay.io/kiwigrid/k8s-sidecar",
      "grafana.initChownData.image": "mirror/docker.io/library/busybox",
      "grafana.downloadDashboardsImage": "mirror/docker.io/curlimages/curl",
      "kube-state-metrics.image": "mirror/registry.k8s.io/kube-state-metrics/kube-state-metrics",
      "prometheus-node-exporter.image": "mirror/quay.io/prometheus/node-exporter",
    });
    const certgen = stack.inputs.values.prometheusOperator.admissionWebhooks.patch.image;
    expect(certgen).toEqual({ registry: CHINA_MIRROR_HOST, repository: "mirror/ghcr.io/jkroepke/kube-webhook-certgen" });
    expect(JSON.stringify(stack.inputs.values)).not.toContain("ingress-nginx");
    expect(stack.inputs.values.global?.imageRegistry).toBeUndefined();
    expect(dcgm.inputs.values.image.repository).toBe(`${CHINA_MIRROR_HOST}/mirror/nvcr.io/nvidia/k8s/dcgm-exporter`);
  });

  it("leaves Frankfurt on the upstream registries and repositories", () => {
    const m = regionMonitoring(stacks.prod!, "frankfurt");
    const stack = m.one("kubernetes:helm.sh/v3:Release", "frankfurt-monitoring-kps");
    expect(stack.inputs.repositoryOpts).toEqual({ repo: "https://prometheus-community.github.io/helm-charts" });
    expect(imageValues(stack.inputs.values)).toEqual([]);
    expect(m.one("kubernetes:helm.sh/v3:Release", "frankfurt-monitoring-dcgm").inputs.values.image.repository).toBe("nvcr.io/nvidia/k8s/dcgm-exporter");
  });

  it("uses the aws-cn partition for every ARN of the China region", () => {
    const m = regionMonitoring(stacks.prod!, "china");
    const text = JSON.stringify(m.mine.map((x) => x.inputs));
    expect(text).not.toContain("arn:aws:");
    expect(text).toContain("arn:aws-cn:iam::123456789012:root");
  });
});
