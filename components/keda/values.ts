/**
 * The KEDA chart's values: mirrored images, replicas, resources, disruption
 * budgets and placement. Keys follow the chart at the pinned version
 * (`chart-facts.ts`), whose spelling varies (`metricsServer`,
 * `metricServer`, `metricsApiServer`).
 */
import { repositoryFrom, type UpstreamImage } from "../lib/images";
import { KEDA_CHART_FACTS, type KedaChartImageKey } from "./chart-facts";
import type { KedaPodResources, ResolvedKedaSettings } from "./contract";

/** The chart's `image.<key>` form of `image`, through `mirror` when one is set. */
function chartImage(image: UpstreamImage, mirror: string | undefined): { registry: string; repository: string; tag: string } {
  // The chart renders `<registry>/<repository>:<tag>`: split the mirrored reference at its host.
  const reference = repositoryFrom(image, mirror);
  const slash = reference.indexOf("/");
  return { registry: reference.slice(0, slash), repository: reference.slice(slash + 1), tag: image.tag };
}

function resources(r: KedaPodResources): Record<string, Record<string, string>> {
  return { requests: { cpu: r.cpuRequest, memory: r.memoryRequest }, limits: { cpu: r.cpuLimit, memory: r.memoryLimit } };
}

/**
 * Replicas spread over zones and nodes, softly: a hard rule can leave a
 * replacement pod pending while a node drains (the cordoned node still
 * counts as an empty domain).
 */
function spread(key: KedaChartImageKey): Array<Record<string, unknown>> {
  const labelSelector = { matchLabels: { app: KEDA_CHART_FACTS.appLabels[key] } };
  return ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].map((topologyKey) => ({
    maxSkew: 1, topologyKey, whenUnsatisfiable: "ScheduleAnyway", labelSelector,
  }));
}

/** Chart values for `settings`, with `images` pulled through `imageMirror`. */
export function kedaValues(
  settings: ResolvedKedaSettings,
  images: Readonly<Record<KedaChartImageKey, UpstreamImage>>,
  imageMirror: string | undefined,
): Record<string, unknown> {
  const { replicas, resources: r } = settings;
  // One voluntary disruption at a time per Deployment: a drain proceeds, a second replica keeps serving.
  const budget = { maxUnavailable: 1 };
  return {
    image: {
      keda: chartImage(images.keda, imageMirror),
      metricsApiServer: chartImage(images.metricsApiServer, imageMirror),
      webhooks: chartImage(images.webhooks, imageMirror),
      // Tags are pinned: a restart need not reach the registry (the chart's default is Always).
      pullPolicy: "IfNotPresent",
    },
    operator: { replicaCount: replicas },
    metricsServer: { replicaCount: replicas },
    webhooks: { replicaCount: replicas },
    resources: { operator: resources(r.operator), metricServer: resources(r.metricsApiServer), webhooks: resources(r.webhooks) },
    podDisruptionBudget: { operator: budget, metricServer: budget, webhooks: budget },
    topologySpreadConstraints: { operator: spread("keda"), metricsServer: spread("metricsApiServer"), webhooks: spread("webhooks") },
    // Scaling is platform plumbing: system nodes, and not evicted before the workloads it scales.
    nodeSelector: { "inference.platform/pool": "system" },
    priorityClassName: "system-cluster-critical",
  };
}
