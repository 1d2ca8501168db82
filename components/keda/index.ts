import * as pulumi from "@pulumi/pulumi";
import { pinnedRelease, type ChartRegistryAuth, type ChartSource } from "../lib/helm";
import { imageFrom, type UpstreamImage } from "../lib/images";
import { settingsOrRefuse } from "../lib/problems";
import type { KedaChartImageKey } from "./chart-facts";
import { kedaSettingsSchema, type KedaSettings } from "./contract";
import { kedaValues } from "./values";

export { kedaProdProblems, kedaSettingsSchema, type KedaSettings } from "./contract";

/** The KEDA chart, pinned (what it declares: `chart-facts.ts`). */
export const KEDA_CHART: ChartSource = {
  chart: "keda",
  version: "2.20.2",
  repository: "https://kedacore.github.io/charts",
};

/** The images the pinned chart runs, keyed like its `image:` values; tags are its appVersion. */
export const KEDA_IMAGES: Readonly<Record<KedaChartImageKey, UpstreamImage>> = {
  keda: { registry: "ghcr.io", repository: "kedacore/keda", tag: "2.20.2" },
  metricsApiServer: { registry: "ghcr.io", repository: "kedacore/keda-metrics-apiserver", tag: "2.20.2" },
  webhooks: { registry: "ghcr.io", repository: "kedacore/keda-admission-webhooks", tag: "2.20.2" },
};

/** Full image references KEDA runs, per Deployment. */
export interface KedaImages {
  operator: string;
  metricsApiServer: string;
  webhooks: string;
}

/** Inputs of {@link Keda}: its settings (contract.ts, defaults there) and where its chart and images come from. */
export interface KedaArgs extends KedaSettings {
  /** Registry that mirrors upstream images (required in China: ghcr.io is unreachable there). @default upstream ghcr.io */
  imageMirror?: string;
  /** Chart mirror (oci:// or https). @default upstream repository */
  chartMirror?: string;
  /** Credentials for `chartMirror`. @default none (anonymous pulls) */
  chartRegistryAuth?: ChartRegistryAuth;
  /**
   * Resources the release waits for (e.g. the system node group: Helm's wait
   * needs a node). A component's own `dependsOn` does not reach its children.
   * @default none
   */
  installAfter?: pulumi.Input<pulumi.Resource>[];
}

/**
 * KEDA, once per cluster: the operator that turns ScaledObjects into HPAs,
 * the external-metrics API server those HPAs read, and the admission webhooks
 * that validate ScaledObjects; with its CRDs. Runs on the system nodes, two
 * replicas of each by default with a disruption budget and zone spread.
 * Needs the caller's Kubernetes provider; depend on this component before
 * creating ScaledObjects (the CRDs come with the release).
 */
export class Keda extends pulumi.ComponentResource {
  /** Namespace of the release. */
  readonly namespace: string;
  /** Helm release name. */
  readonly releaseName: pulumi.Output<string>;
  /** Pinned chart version. */
  readonly chartVersion: string;
  /** Images the Deployments run, through the mirror when one is set. */
  readonly images: KedaImages;

  constructor(name: string, args: KedaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:scaling:Keda", name, {}, opts);
    const settings = settingsOrRefuse("Keda", name, kedaSettingsSchema, args);
    const release = pinnedRelease(name, {
      source: KEDA_CHART,
      chartMirror: args.chartMirror,
      registryAuth: args.chartRegistryAuth,
      namespace: settings.namespace,
      values: kedaValues(settings, KEDA_IMAGES, args.imageMirror),
    }, { parent: this, dependsOn: args.installAfter });

    this.namespace = settings.namespace;
    this.releaseName = release.name;
    this.chartVersion = KEDA_CHART.version;
    this.images = {
      operator: imageFrom(KEDA_IMAGES.keda, args.imageMirror),
      metricsApiServer: imageFrom(KEDA_IMAGES.metricsApiServer, args.imageMirror),
      webhooks: imageFrom(KEDA_IMAGES.webhooks, args.imageMirror),
    };
    this.registerOutputs({ namespace: this.namespace, releaseName: this.releaseName, chartVersion: this.chartVersion, images: this.images });
  }
}
