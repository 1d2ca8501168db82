/**
 * Every Helm chart the platform pins, with what its Chart.yaml and values
 * declare: the appVersion (the release its templates and RBAC were written
 * for), the tag it gives each image we set, and Helm's kubeVersion floor.
 * Pulumi-free data; components keep their own pins and
 * test/lib/versions.test.ts holds the two together.
 *
 * Each entry was read from the chart's repository at the pinned tag (`source`)
 * on 2026-11-29. Re-read it whenever a chart version or an image tag changes.
 */

/** Why an image runs another version line than its chart declares, and what that version needs from the chart. */
export interface OtherImageLine {
  reason: string;
  /** API resources (`group/resource`, core as `core`) the image lists and watches: the chart's RBAC must grant each. */
  listsAndWatches: readonly string[];
}

/** What one pinned chart declares. */
export interface PinnedChartFacts {
  /** Chart name and version, as the component's ChartSource pins them. */
  chart: string;
  version: string;
  appVersion: string;
  /** Helm's `kubeVersion` floor from Chart.yaml, when the chart declares one. */
  minKubernetes?: string;
  /** The chart's files at its release tag. */
  source: string;
  /** Per image we set: the tag the chart's values (or its appVersion) give it. */
  chartTags: Readonly<Record<string, string>>;
  /** API resources the chart's RBAC lets its pods list and watch, where an image's version depends on them. */
  listsAndWatches?: readonly string[];
  /** Per image, per version line (see {@link versionLine}) we run that differs from the chart's. */
  otherLines?: Readonly<Record<string, Readonly<Record<string, OtherImageLine>>>>;
}

/** What Cluster Autoscaler 1.34 lists and watches: chart 9.53.0's ClusterRole (appVersion 1.34.2). */
const AUTOSCALER_1_34_READS = [
  "core/nodes", "core/pods", "core/services", "core/replicationcontrollers", "core/persistentvolumeclaims",
  "core/persistentvolumes", "core/namespaces", "core/configmaps",
  "apps/daemonsets", "apps/replicasets", "apps/statefulsets", "batch/jobs", "batch/cronjobs", "policy/poddisruptionbudgets",
  "storage.k8s.io/storageclasses", "storage.k8s.io/csinodes", "storage.k8s.io/csidrivers",
  "storage.k8s.io/csistoragecapacities", "storage.k8s.io/volumeattachments",
] as const;
/** From 1.35 dynamic resource allocation is locked on (`--enable-dynamic-resource-allocation` must be true). */
const DRA_READS = ["resource.k8s.io/resourceslices", "resource.k8s.io/deviceclasses", "resource.k8s.io/resourceclaims"] as const;

/** The pinned charts, keyed by chart name. */
export const PINNED_CHARTS = {
  "cluster-autoscaler": {
    chart: "cluster-autoscaler",
    version: "9.59.0",
    appVersion: "1.35.0",
    source: "https://github.com/kubernetes/autoscaler/tree/cluster-autoscaler-chart-9.59.0/cluster-autoscaler/charts/cluster-autoscaler",
    chartTags: { autoscaler: "v1.35.0" },
    // templates/clusterrole.yaml; provisioning requests, capacity buffers and quotas are granted too (we leave them off).
    listsAndWatches: [
      ...AUTOSCALER_1_34_READS, ...DRA_READS, "core/podtemplates", "apps/deployments",
      "autoscaling.x-k8s.io/provisioningrequests", "autoscaling.x-k8s.io/capacitybuffers", "autoscaling.x-k8s.io/capacityquotas",
    ],
    otherLines: {
      autoscaler: {
        "1.34": {
          reason: "the autoscaler's minor must equal the cluster's; no chart after 9.53.0 is written for 1.34, and 9.59.0 only adds grants to 9.53.0's",
          listsAndWatches: AUTOSCALER_1_34_READS,
        },
        "1.36": {
          reason: "the autoscaler's minor must equal the cluster's; no chart is written for 1.36 yet: release 1.36.1 ships with the 1.35.0 chart in its own tree (cluster-autoscaler-1.36.1 tag), whose ClusterRole 9.59.0 contains",
          // The 1.36.1 tree's ClusterRole, without the provisioning-request grants we do not use.
          listsAndWatches: [...AUTOSCALER_1_34_READS, ...DRA_READS, "core/podtemplates"],
        },
      },
    },
  },
  "aws-load-balancer-controller": {
    chart: "aws-load-balancer-controller",
    version: "1.17.1",
    appVersion: "v2.17.1",
    source: "https://github.com/aws/eks-charts/tree/9639b8b69c99164b1f09af63427f8046b0634f35/stable/aws-load-balancer-controller",
    chartTags: { controller: "v2.17.1" },
  },
  "nvidia-device-plugin": {
    chart: "nvidia-device-plugin",
    version: "0.17.1",
    appVersion: "0.17.1",
    minKubernetes: "1.10",
    source: "https://github.com/NVIDIA/k8s-device-plugin/tree/v0.17.1/deployments/helm/nvidia-device-plugin",
    // values.yaml leaves the tag empty; the templates use "v" + appVersion.
    chartTags: { plugin: "v0.17.1" },
  },
  "kube-prometheus-stack": {
    chart: "kube-prometheus-stack",
    version: "82.10.1",
    appVersion: "v0.89.0",
    minKubernetes: "1.25",
    source: "https://github.com/prometheus-community/helm-charts/tree/kube-prometheus-stack-82.10.1/charts/kube-prometheus-stack",
    // We move its images to the mirror but set no tag: every image runs the chart's own.
    chartTags: {},
  },
  "dcgm-exporter": {
    chart: "dcgm-exporter",
    version: "4.8.2",
    appVersion: "4.8.2",
    minKubernetes: "1.19",
    source: "https://github.com/NVIDIA/dcgm-exporter/tree/4.5.3-4.8.2/deployment",
    // values.yaml `image.tag`: DCGM 4.5.3, exporter 4.8.2 (the appVersion).
    chartTags: { exporter: "4.5.3-4.8.2-distroless" },
  },
  keda: {
    chart: "keda",
    version: "2.20.2",
    appVersion: "2.20.2",
    minKubernetes: "1.23",
    source: "https://github.com/kedacore/charts/tree/v2.20.2/keda",
    // values.yaml leaves every tag empty; the templates use the appVersion.
    chartTags: { keda: "2.20.2", metricsApiServer: "2.20.2", webhooks: "2.20.2" },
  },
  "gateway-helm": {
    chart: "gateway-helm",
    version: "v1.9.0",
    appVersion: "v1.9.0",
    // Packaged with --app-version and --version set to the release tag (tools/make/helm.mk).
    source: "https://github.com/envoyproxy/gateway/tree/v1.9.0/charts/gateway-helm",
    // values.tmpl.yaml global.images; the proxy is the controller's DefaultEnvoyProxyImage (api/v1alpha1/shared_types.go).
    chartTags: { controller: "v1.9.0", ratelimit: "17b1956c", proxy: "distroless-v1.39.0" },
  },
} as const satisfies Record<string, PinnedChartFacts>;

/** A chart of {@link PINNED_CHARTS}. */
export type PinnedChart = keyof typeof PINNED_CHARTS;

/**
 * The version line of an image tag: its tag with every `major.minor.patch`
 * cut to `major.minor` and a leading `v` dropped (`v1.35.2` → `1.35`,
 * `4.5.3-4.8.2-distroless` → `4.5-4.8-distroless`); a tag without a version
 * (a commit) is its own line. Patch releases keep the line.
 */
export function versionLine(tag: string): string {
  return tag.replace(/(\d+)\.(\d+)\.\d+/g, "$1.$2").replace(/(^|-)v(?=\d)/g, "$1");
}

/** An image tag a component sets for a pinned chart. */
export interface ImageWeSet {
  chart: PinnedChart;
  /** Key of the image in the chart's `chartTags`. */
  image: string;
  tag: string;
}

/**
 * Images whose version line differs from what their chart was written for,
 * unless the chart's `otherLines` says why and its RBAC grants everything that
 * line lists and watches. One message per problem; none when all agree.
 */
export function imageVersionProblems(images: readonly ImageWeSet[], charts: Readonly<Record<string, PinnedChartFacts>> = PINNED_CHARTS): string[] {
  return images.flatMap(({ chart, image, tag }): string[] => {
    const facts = charts[chart];
    const chartTag = facts?.chartTags[image];
    if (!facts || chartTag === undefined) return [`${chart} ${image}: the chart declares no such image`];
    const line = versionLine(tag);
    if (line === versionLine(chartTag)) return [];
    const other = facts.otherLines?.[image]?.[line];
    const what = `${chart} ${facts.version} ${image} ${tag}: the chart was written for ${chartTag}`;
    if (!other?.reason) return [`${what}; run its line, or record why another line runs under otherLines`];
    const missing = other.listsAndWatches.filter((r) => !facts.listsAndWatches?.includes(r));
    return missing.length === 0 ? [] : [`${what}; its RBAC does not let ${line} list and watch ${missing.join(", ")}`];
  });
}
