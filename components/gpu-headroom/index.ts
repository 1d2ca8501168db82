import * as pulumi from "@pulumi/pulumi";
import { Deployment } from "@pulumi/kubernetes/apps/v1/deployment";
import { PriorityClass } from "@pulumi/kubernetes/scheduling/v1/priorityClass";
import { GPU_TAINT } from "../gpu-node-pool";
import { imageFrom } from "../lib/images";
import { settingsOrRefuse } from "../lib/problems";
import { gpuHeadroomSettingsSchema, HEADROOM_PRIORITY, type GpuHeadroomSettings } from "./contract";

export { gpuHeadroomSettingsSchema, HEADROOM_PRIORITY, type GpuHeadroomSettings, type PoolHeadroom } from "./contract";


const PAUSE_IMAGE = { registry: "registry.k8s.io", repository: "pause", tag: "3.10" };

/** Inputs of {@link GpuHeadroom}: its settings (contract.ts) and where the placeholders run. */
export interface GpuHeadroomArgs extends GpuHeadroomSettings {
  /** Namespace of the placeholder Deployments. */
  namespace: pulumi.Input<string>;
  /** Registry that mirrors upstream images (required in China). @default upstream registry.k8s.io */
  imageMirror?: string;
}

/**
 * Keeps GPU capacity ahead of demand: low-priority placeholder pods reserve
 * `spareGpus` GPUs per pool. A real inference pod preempts a placeholder at
 * once (no node boot on the request path); the evicted placeholder goes
 * pending, and the Cluster Autoscaler adds a node while the spare is used.
 */
export class GpuHeadroom extends pulumi.ComponentResource {
  /** Placeholder GPUs per pool. */
  readonly spareGpus: Record<string, number>;

  constructor(name: string, args: GpuHeadroomArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:gpu:GpuHeadroom", name, {}, opts);
    const settings = settingsOrRefuse("GpuHeadroom", name, gpuHeadroomSettingsSchema, args);
    const priority = new PriorityClass(`${name}-priority`, {
      metadata: { name: `${name}-placeholder` },
      value: HEADROOM_PRIORITY,
      globalDefault: false,
      preemptionPolicy: "Never",
      description: "GPU headroom placeholders; every real workload preempts them.",
    }, { parent: this });

    for (const { pool, spareGpus } of settings.pools.filter((p) => p.spareGpus > 0)) {
      const labels = { "app.kubernetes.io/name": "gpu-headroom", "inference.platform/pool": pool };
      new Deployment(`${name}-${pool}`, {
        metadata: {
          name: `gpu-headroom-${pool}`,
          namespace: args.namespace,
          labels,
          // Placeholders become ready only once GPU nodes and the device plugin are up;
          // a deploy must not wait for that (the autoscaler brings the nodes).
          annotations: { "pulumi.com/skipAwait": "true" },
        },
        spec: {
          replicas: spareGpus,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              priorityClassName: priority.metadata.name,
              terminationGracePeriodSeconds: 0,
              nodeSelector: { "inference.platform/pool": pool },
              tolerations: [{ key: GPU_TAINT.key, operator: "Exists", effect: "NoSchedule" }],
              automountServiceAccountToken: false,
              securityContext: { runAsNonRoot: true, runAsUser: 65535, seccompProfile: { type: "RuntimeDefault" } },
              containers: [{
                name: "placeholder",
                image: imageFrom(PAUSE_IMAGE, args.imageMirror),
                resources: {
                  requests: { cpu: "10m", memory: "16Mi", "nvidia.com/gpu": "1" },
                  limits: { cpu: "10m", memory: "16Mi", "nvidia.com/gpu": "1" },
                },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
              }],
            },
          },
        },
      }, { parent: this });
    }

    this.spareGpus = Object.fromEntries(settings.pools.map((p) => [p.pool, p.spareGpus]));
    this.registerOutputs({ spareGpus: this.spareGpus });
  }
}
