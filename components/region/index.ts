import * as pulumi from "@pulumi/pulumi";
import { Namespace } from "@pulumi/kubernetes/core/v1/namespace";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { ClusterAutoscaler } from "../cluster-autoscaler";
import { EksCluster, type EksClusterArgs } from "../eks-cluster";
import { GpuHeadroom } from "../gpu-headroom";
import { GpuNodePool, type GpuNodePoolArgs } from "../gpu-node-pool";
import { Network, type NetworkArgs } from "../network";
import { NvidiaDevicePlugin } from "../nvidia-device-plugin";
import type { ChartRegistryAuth } from "../lib/helm";
import { partitionOf, type Partition } from "../lib/partition";
import type { Tags } from "../lib/tags";

/** One GPU pool of a region: the pool's inputs minus what the region supplies. */
export type RegionGpuPoolArgs = Omit<GpuNodePoolArgs, "region" | "clusterName" | "nodeRoleArn" | "subnetIds" | "tags"> & {
  /** Pool name, unique in the region. */
  name: string;
  /** GPUs kept warm by placeholder pods so demand never waits for a node (a plan's `spareGpus`). @default 0 */
  spareGpus?: number;
};

/** Inputs of {@link RegionalPlatform}. */
export interface RegionalPlatformArgs {
  /** AWS region code; must match the AWS provider passed in `opts.providers`. */
  region: string;
  /** Network layout (region and tags are supplied). */
  network: Omit<NetworkArgs, "region" | "tags">;
  /** Cluster settings (region, subnets and tags are supplied). */
  cluster: Omit<EksClusterArgs, "region" | "vpcId" | "privateSubnetIds" | "tags">;
  /** GPU pools, at least one. */
  gpuPools: RegionGpuPoolArgs[];
  /** Registry mirroring upstream images; required for China. @default none (upstream registries) */
  imageMirror?: string;
  /** Helm chart mirror (oci:// or https). @default none (upstream repositories) */
  chartMirror?: string;
  /** Credentials for `chartMirror` (an ECR token when the mirror is ECR). @default none (anonymous pulls) */
  chartRegistryAuth?: ChartRegistryAuth;
  /** Namespace of the inference workloads; endpoints and credentials of the data plane land here. @default "inference" */
  appNamespace?: string;
  /** Tags on every AWS resource. */
  tags: Tags;
}

/**
 * Everything one region serves inference with: network, EKS cluster, GPU node
 * pools sized by the capacity plan, the Cluster Autoscaler that moves them
 * between their planned min and max, and the NVIDIA device plugin. Pass the region's AWS provider in
 * `opts.providers`; the Kubernetes provider is made here from the new cluster.
 */
export class RegionalPlatform extends pulumi.ComponentResource {
  /** AWS region code. */
  readonly region: string;
  /** Partition of the region. */
  readonly partition: Partition;
  /** The region's network. */
  readonly network: Network;
  /** The region's cluster. */
  readonly cluster: EksCluster;
  /** GPU pools by name. */
  readonly gpuPools: Record<string, GpuNodePool>;
  /** Kubernetes provider bound to this region's cluster, for workloads added by callers. */
  readonly kubernetesProvider: KubernetesProvider;
  /** Name of the application namespace (created here, once per cluster). */
  readonly appNamespace: pulumi.Output<string>;

  constructor(name: string, args: RegionalPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:region:RegionalPlatform", name, {}, opts);
    this.region = args.region;
    this.partition = partitionOf(args.region);

    this.network = new Network(`${name}-net`, { ...args.network, region: args.region, tags: args.tags }, { parent: this });
    this.cluster = new EksCluster(`${name}-eks`, {
      ...args.cluster,
      region: args.region,
      vpcId: this.network.vpcId,
      privateSubnetIds: this.network.privateSubnetIds,
      tags: args.tags,
    }, { parent: this });

    this.gpuPools = Object.fromEntries(args.gpuPools.map(({ name: poolName, spareGpus: _spare, ...pool }) => [poolName, new GpuNodePool(`${name}-gpu-${poolName}`, {
      ...pool,
      region: args.region,
      clusterName: this.cluster.clusterName,
      nodeRoleArn: this.cluster.nodeRoleArn,
      subnetIds: this.network.privateSubnetIds,
      tags: args.tags,
    }, { parent: this })]));

    this.kubernetesProvider = new KubernetesProvider(`${name}-k8s`, {
      kubeconfig: this.cluster.kubeconfig,
      enableServerSideApply: true,
    }, { parent: this });

    const namespace = new Namespace(`${name}-app`, {
      metadata: {
        name: args.appNamespace ?? "inference",
        // Pod Security Admission: inference pods need no privileges.
        labels: { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/warn": "restricted" },
      },
    }, { parent: this, provider: this.kubernetesProvider, dependsOn: [this.cluster.systemNodeGroup] });
    this.appNamespace = namespace.metadata.name;

    // Helm releases wait for the system nodes; GPU pools can come up in parallel.
    const systemNodes = [this.cluster.systemNodeGroup];
    new NvidiaDevicePlugin(`${name}-nvidia`, {
      imageMirror: args.imageMirror,
      chartMirror: args.chartMirror,
      chartRegistryAuth: args.chartRegistryAuth,
      installAfter: systemNodes,
    }, {
      parent: this,
      providers: { kubernetes: this.kubernetesProvider },
    });

    new GpuHeadroom(`${name}-headroom`, {
      pools: args.gpuPools.map((p) => ({ pool: `${name}-gpu-${p.name}`, spareGpus: p.spareGpus ?? 0 })),
      namespace: this.appNamespace,
      imageMirror: args.imageMirror,
    }, { parent: this, providers: { kubernetes: this.kubernetesProvider } });

    new ClusterAutoscaler(`${name}-autoscaler`, {
      region: args.region,
      clusterName: this.cluster.clusterName,
      identity: this.cluster.workloadIdentity,
      kubernetesVersion: args.cluster.version,
      imageMirror: args.imageMirror,
      chartMirror: args.chartMirror,
      chartRegistryAuth: args.chartRegistryAuth,
      installAfter: systemNodes,
      tags: args.tags,
    }, { parent: this, providers: { kubernetes: this.kubernetesProvider } });

    this.registerOutputs({
      region: this.region,
      clusterName: this.cluster.clusterName,
      vpcId: this.network.vpcId,
      appNamespace: this.appNamespace,
    });
  }
}
