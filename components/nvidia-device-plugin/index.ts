import * as pulumi from "@pulumi/pulumi";
import { GPU_NODE_LABEL, GPU_TAINT } from "../gpu-node-pool";
import { pinnedRelease, type ChartRegistryAuth, type ChartSource } from "../lib/helm";
import { imageFrom, type UpstreamImage } from "../lib/images";
import { settingsOrRefuse } from "../lib/problems";
import { nvidiaDevicePluginSettingsSchema, type NvidiaDevicePluginSettings } from "./contract";

export { nvidiaDevicePluginSettingsSchema, type NvidiaDevicePluginSettings } from "./contract";

/** The NVIDIA device plugin chart, pinned. */
export const DEVICE_PLUGIN_CHART: ChartSource = {
  chart: "nvidia-device-plugin",
  version: "0.17.1",
  repository: "https://nvidia.github.io/k8s-device-plugin",
};

/** The device plugin image matching the chart. */
export const DEVICE_PLUGIN_IMAGE: UpstreamImage = { registry: "nvcr.io", repository: "nvidia/k8s-device-plugin", tag: "v0.17.1" };

/** Inputs of {@link NvidiaDevicePlugin}: its settings (contract.ts) and where its chart and image come from. */
export interface NvidiaDevicePluginArgs extends NvidiaDevicePluginSettings {
  /** Registry that mirrors upstream images (required in China). @default upstream nvcr.io */
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
 * The NVIDIA device plugin, once per cluster: a DaemonSet on GPU nodes only
 * (tolerating their taint) that advertises `nvidia.com/gpu` to the scheduler.
 * Needs the caller's Kubernetes provider.
 */
export class NvidiaDevicePlugin extends pulumi.ComponentResource {
  /** Helm release name. */
  readonly releaseName: pulumi.Output<string>;
  /** Image the DaemonSet runs. */
  readonly image: string;

  constructor(name: string, args: NvidiaDevicePluginArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:gpu:NvidiaDevicePlugin", name, {}, opts);
    const settings = settingsOrRefuse("NvidiaDevicePlugin", name, nvidiaDevicePluginSettingsSchema, args);
    this.image = imageFrom(DEVICE_PLUGIN_IMAGE, args.imageMirror);
    const [repository, tag] = [this.image.slice(0, this.image.lastIndexOf(":")), DEVICE_PLUGIN_IMAGE.tag];
    const release = pinnedRelease(name, {
      source: DEVICE_PLUGIN_CHART,
      chartMirror: args.chartMirror,
      registryAuth: args.chartRegistryAuth,
      namespace: settings.namespace,
      values: {
        image: { repository, tag },
        nodeSelector: { [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value },
        tolerations: [
          { key: GPU_TAINT.key, operator: "Exists", effect: "NoSchedule" },
          { key: "CriticalAddonsOnly", operator: "Exists" },
        ],
        priorityClassName: "system-node-critical",
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
      },
    }, { parent: this, dependsOn: args.installAfter });
    this.releaseName = release.name;
    this.registerOutputs({ releaseName: this.releaseName, image: this.image });
  }
}
