/**
 * Values of the kube-prometheus-stack and DCGM exporter charts, as plain data.
 * Every image goes through the region's mirror: the mirror keeps one
 * namespace per upstream host (`<mirror>/quay.io/prometheus/prometheus`), so
 * each image gets its own `registry`; the chart's single `global.imageRegistry`
 * would drop the upstream host and, when set, overrides every per-image value.
 */
import type * as pulumi from "@pulumi/pulumi";
import { GPU_NODE_LABEL, GPU_TAINT } from "../gpu-node-pool/taint";
import type { ChartSource } from "../lib/helm";
import { repositoryFrom, type UpstreamImage } from "../lib/images";
import type { ScrapeSecretRef } from "./msk-scrape";


/** The chart's fullnameOverride: every object it makes is named from it. */
const CHART_FULLNAME = "kube-prometheus";
/** The chart's Prometheus Service (`<fullname>-prometheus`), port 9090. */
export const PROMETHEUS_SERVICE = `${CHART_FULLNAME}-prometheus`;
/** kube-prometheus-stack, pinned. */
export const KUBE_PROMETHEUS_STACK_CHART: ChartSource = {
  chart: "kube-prometheus-stack",
  version: "82.10.1",
  repository: "https://prometheus-community.github.io/helm-charts",
};

/** NVIDIA DCGM exporter chart, pinned. */
export const DCGM_EXPORTER_CHART: ChartSource = {
  chart: "dcgm-exporter",
  version: "4.8.2",
  repository: "https://nvidia.github.io/dcgm-exporter/helm-charts",
};

/** The DCGM exporter image matching the chart (DCGM 4.5.3, exporter 4.8.2). */
const DCGM_EXPORTER_IMAGE: UpstreamImage = { registry: "nvcr.io", repository: "nvidia/k8s/dcgm-exporter", tag: "4.5.3-4.8.2-distroless" };

/** Label our ServiceMonitors, PodMonitors and PrometheusRules carry so this Prometheus selects them. */
export const RELEASE_LABEL = "release";

/**
 * Image values of the stack enabled by our values: path in the values → the
 * chart's own upstream registry and repository (tags stay the chart's own, so
 * the mirror must hold exactly the tags of the pinned chart). They must match
 * the pinned chart: a wrong repository with the chart's tag is an image that
 * does not exist. Charts since late 2025 (80.x) take the certgen job image
 * from ghcr.io/jkroepke, no longer registry.k8s.io/ingress-nginx.
 */
const STACK_IMAGE_PATHS: Readonly<Record<string, { registry: string; repository: string }>> = {
  "prometheusOperator.image": { registry: "quay.io", repository: "prometheus-operator/prometheus-operator" },
  "prometheusOperator.prometheusConfigReloader.image": { registry: "quay.io", repository: "prometheus-operator/prometheus-config-reloader" },
  "prometheusOperator.admissionWebhooks.patch.image": { registry: "ghcr.io", repository: "jkroepke/kube-webhook-certgen" },
  "prometheusOperator.thanosImage": { registry: "quay.io", repository: "thanos/thanos" },
  "prometheus.prometheusSpec.image": { registry: "quay.io", repository: "prometheus/prometheus" },
  "alertmanager.alertmanagerSpec.image": { registry: "quay.io", repository: "prometheus/alertmanager" },
  "grafana.image": { registry: "docker.io", repository: "grafana/grafana" },
  "grafana.sidecar.image": { registry: "quay.io", repository: "kiwigrid/k8s-sidecar" },
  "grafana.initChownData.image": { registry: "docker.io", repository: "library/busybox" },
  "grafana.downloadDashboardsImage": { registry: "docker.io", repository: "curlimages/curl" },
  "kube-state-metrics.image": { registry: "registry.k8s.io", repository: "kube-state-metrics/kube-state-metrics" },
  "prometheus-node-exporter.image": { registry: "quay.io", repository: "prometheus/node-exporter" },
};

/** Deep-merges `patch` into `target` (objects only; arrays and scalars replace). */
function merge(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(patch)) {
    const cur = target[k];
    const bothObjects = v !== null && typeof v === "object" && !Array.isArray(v) && cur !== null && typeof cur === "object" && !Array.isArray(cur);
    target[k] = bothObjects ? merge({ ...(cur as Record<string, unknown>) }, v as Record<string, unknown>) : v;
  }
  return target;
}

/** `a.b.c` + value → `{a: {b: {c: value}}}`. */
function atPath(path: string, value: unknown): Record<string, unknown> {
  return path.split(".").reduceRight<Record<string, unknown>>((inner, key) => ({ [key]: inner }), value as Record<string, unknown>);
}

/** Per-image registry overrides through `mirror` (the upstream host stays in the path); none without a mirror. */
function mirroredStackImages(mirror?: string): Record<string, unknown> {
  if (!mirror) return {};
  return Object.entries(STACK_IMAGE_PATHS).reduce<Record<string, unknown>>((acc, [path, img]) => {
    // The charts join `registry/repository:tag`: split the mirrored path after its host.
    const full = repositoryFrom({ ...img, tag: "" }, mirror);
    const slash = full.indexOf("/");
    return merge(acc, atPath(path, { registry: full.slice(0, slash), repository: full.slice(slash + 1) }));
  }, {});
}

/** Inputs of {@link kubePrometheusStackValues}. */
export interface StackValuesOptions {
  releaseName: string;
  /** AWS region (external label on every series and alert). */
  region: string;
  imageMirror?: string;
  storageClassName: string;
  retention: string;
  storageGiB: number;
  prometheusReplicas: number;
  alertmanagerReplicas: number;
  /** Output of `alertmanagerConfig`. */
  alertmanagerConfig: Record<string, unknown>;
  /** Secrets mounted into Alertmanager (the webhook URL). */
  alertmanagerSecrets: string[];
  /** Service account Alertmanager runs as (bound to its publisher role). */
  alertmanagerServiceAccount: string;
  /** Annotations that bind the account to its role (IRSA's role ARN; none with Pod Identity). */
  alertmanagerServiceAccountAnnotations: Record<string, pulumi.Input<string>>;
  /** Secret with `admin-user` / `admin-password` for Grafana. */
  grafanaAdminSecret: pulumi.Input<string>;
  /** Secret holding extra scrape jobs (MSK open monitoring). @default none */
  scrapeConfigsSecret?: ScrapeSecretRef;
}

/** Selector matching objects labelled `release: <releaseName>`, which our objects and the chart's own carry. */
export function releaseSelector(releaseName: string): { matchLabels: Record<string, string> } {
  return { matchLabels: { [RELEASE_LABEL]: releaseName } };
}

/** Values of the kube-prometheus-stack release. */
export function kubePrometheusStackValues(o: StackValuesOptions): Record<string, unknown> {
  const selector = releaseSelector(o.releaseName);
  const volumeClaim = (gib: number) => ({
    volumeClaimTemplate: { spec: { storageClassName: o.storageClassName, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${gib}Gi` } } } },
  });
  const values: Record<string, unknown> = {
    fullnameOverride: CHART_FULLNAME,
    // EKS runs the control plane: its scheduler, controller manager, etcd and kube-proxy metrics are not reachable.
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    kubeProxy: { enabled: false },
    defaultRules: { rules: { etcd: false, kubeControllerManager: false, kubeSchedulerAlerting: false, kubeSchedulerRecording: false, kubeProxy: false } },
    prometheusOperator: { admissionWebhooks: { failurePolicy: "Fail" } },
    prometheus: {
      prometheusSpec: {
        replicas: o.prometheusReplicas,
        retention: o.retention,
        // Leave 10 % of the volume free so compaction never fills it.
        retentionSize: `${Math.floor(o.storageGiB * 0.9)}GB`,
        storageSpec: volumeClaim(o.storageGiB),
        externalLabels: { region: o.region },
        // Explicit selectors: ours and the chart's objects carry `release: <name>`; NilUsesHelmValues=false keeps these as written.
        ruleSelectorNilUsesHelmValues: false,
        ruleSelector: selector,
        ruleNamespaceSelector: {},
        serviceMonitorSelectorNilUsesHelmValues: false,
        serviceMonitorSelector: selector,
        serviceMonitorNamespaceSelector: {},
        podMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelector: selector,
        podMonitorNamespaceSelector: {},
        probeSelectorNilUsesHelmValues: false,
        probeSelector: selector,
        scrapeConfigSelectorNilUsesHelmValues: false,
        scrapeConfigSelector: selector,
        // The Secret comes after MSK, long after Prometheus: `optional` lets the operator configure Prometheus
        // without it and add the jobs when it appears. The chart's additionalScrapeConfigsSecret cannot say
        // `optional`; additionalConfig hands the field to the Prometheus resource as written.
        ...(o.scrapeConfigsSecret ? { additionalConfig: { additionalScrapeConfigs: { ...o.scrapeConfigsSecret, optional: true } } } : {}),
        resources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "8Gi" } },
      },
    },
    alertmanager: {
      serviceAccount: { create: true, name: o.alertmanagerServiceAccount, annotations: o.alertmanagerServiceAccountAnnotations },
      config: o.alertmanagerConfig,
      alertmanagerSpec: {
        replicas: o.alertmanagerReplicas,
        secrets: o.alertmanagerSecrets,
        storage: volumeClaim(10),
        resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
      },
    },
    grafana: {
      admin: { existingSecret: o.grafanaAdminSecret, userKey: "admin-user", passwordKey: "admin-password" },
      testFramework: { enabled: false },
      sidecar: { dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: "ALL" } },
    },
    // Node labels the capacity dashboard groups GPU nodes by.
    "kube-state-metrics": { metricLabelsAllowlist: [`nodes=[${GPU_NODE_LABEL.key},inference.platform/pool]`] },
    // Node metrics from every node, the tainted GPU nodes included.
    "prometheus-node-exporter": { tolerations: [{ operator: "Exists", effect: "NoSchedule" }] },
  };
  return merge(values, mirroredStackImages(o.imageMirror));
}

/** Inputs of {@link dcgmExporterValues}. */
export interface DcgmValuesOptions {
  /** kube-prometheus-stack release whose Prometheus scrapes the exporter. */
  prometheusRelease: string;
  imageMirror?: string;
}

/** Values of the DCGM exporter: GPU nodes only, tolerating their taint, with a ServiceMonitor our Prometheus selects. */
export function dcgmExporterValues(o: DcgmValuesOptions): Record<string, unknown> {
  return {
    image: { repository: repositoryFrom(DCGM_EXPORTER_IMAGE, o.imageMirror), tag: DCGM_EXPORTER_IMAGE.tag },
    nodeSelector: { [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value },
    tolerations: [{ key: GPU_TAINT.key, operator: "Exists", effect: "NoSchedule" }],
    serviceMonitor: { enabled: true, interval: "15s", additionalLabels: { [RELEASE_LABEL]: o.prometheusRelease } },
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } },
  };
}
