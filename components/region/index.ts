import * as pulumi from "@pulumi/pulumi";
import { Namespace } from "@pulumi/kubernetes/core/v1/namespace";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { ClusterAutoscaler } from "../cluster-autoscaler";
import { EksCluster } from "../eks-cluster";
import { GpuHeadroom } from "../gpu-headroom";
import { GpuNodePool } from "../gpu-node-pool";
import { settingsOrRefuse } from "../lib/problems";
import { propertyPath } from "../lib/contract";
import { KNOWN_REGIONS, kubernetesVersionSchema, type KubernetesVersion } from "../lib/regions";
import { partitionOf, type Partition } from "../lib/partition";
import { ENVIRONMENT_TAG, type Tags } from "../lib/tags";
import { Network } from "../network";
import { NvidiaDevicePlugin } from "../nvidia-device-plugin";
import type { CapacityPlanning } from "./capacity";
import type { RegionContext } from "./context";
import { regionSettingsSchema, type RegionConfig, type RegionSettings } from "./contract";
import { buildDataPlane } from "./data-plane";
import { buildFrontDoor } from "./front-door";
import { buildIngress } from "./ingress";
import { buildMonitoring } from "./monitoring";
import { buildServing } from "./serving";
import { planRegion, type RegionPlan } from "./plan";
import { regionOutputs, type RegionOutputs } from "./outputs";

export { planRegionPools, regionLoad, type CapacityPlanning, type PlannedPool } from "./capacity";
export { regionSettingsSchema, type RegionConfig, type RegionSettings } from "./contract";
export type { RegionOutputs } from "./outputs";
export { planRegion } from "./plan";
export { MAX_PEAK_QPS, regionFieldProblems } from "./inputs";

/** Inputs of {@link RegionalPlatform}. */
export interface RegionalPlatformArgs {
  /** The region's settings: one `regions[]` entry of the stack file (contract.ts holds every default and rule). */
  settings: RegionSettings;
  /** Kubernetes version of the cluster (the stack's). */
  kubernetesVersion: KubernetesVersion;
  /** Stack-wide planning figures (growth, headroom, surge, horizon); the region's `traffic` may override them. */
  planning: CapacityPlanning;
  /** `prod` protects and retains stateful resources and holds the region to the prod rules. */
  environment: "dev" | "prod";
  /** Tags on every AWS resource. */
  tags: Tags;
  /** Namespace of the inference workloads; endpoints and credentials of the data plane land here. @default "inference" */
  appNamespace?: string;
  /** Path geo-DNS's health checks probe; the front door answers it from the model servers. @default "/healthz" */
  healthPath?: string;
}

/**
 * One region of the platform, built whole from its settings: network, EKS
 * cluster, GPU pools sized by the capacity plan (computed once, here), the
 * NVIDIA device plugin, GPU headroom and the Cluster Autoscaler, managed
 * Redis and Kafka, monitoring, the model servers and the front door (Envoy
 * Gateway behind the region's NLB). Pass the region's AWS
 * provider in `opts.providers`; the Kubernetes provider is made here from
 * the new cluster. `outputs` is what a stack exports for the region.
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
  /** Public hostname of the region's load balancer: what geo-DNS routes to. */
  readonly hostname: pulumi.Output<string>;
  /** What the stack exports for this region. */
  readonly outputs: RegionOutputs;

  constructor(name: string, args: RegionalPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:region:RegionalPlatform", name, {}, opts);
    const prod = args.environment === "prod";
    // The plan is made once, while checking: its problems are refused with the settings', in one error.
    let plan: RegionPlan | undefined;
    const config: RegionConfig = settingsOrRefuse("RegionalPlatform", name, regionSettingsSchema, args.settings, (s) => {
      plan = planRegion(s, args.planning, args.environment);
      const version = kubernetesVersionSchema.safeParse(args.kubernetesVersion);
      return [
        ...plan.problems.map((p) => ({ property: propertyPath(p.path), reason: p.message })),
        ...(version.success ? [] : [{ property: "kubernetesVersion", reason: version.error.issues[0]!.message }]),
      ];
    }, { settingsOnly: true });
    const { capacity, servers, surges } = plan!;
    this.region = config.awsRegion;
    this.partition = partitionOf(config.awsRegion);
    // Every AWS resource of the region says which environment it is in (the policy pack reads it).
    const tags: Tags = { ...args.tags, [ENVIRONMENT_TAG]: args.environment };

    this.network = new Network(`${name}-net`, {
      region: config.awsRegion,
      cidrBlock: config.vpcCidr,
      availabilityZones: [...KNOWN_REGIONS[config.awsRegion]!.zones],
      natGateways: config.natGateways,
      flowLogRetentionDays: config.cluster.logRetentionDays,
      protectStateful: prod,
      tags,
    }, { parent: this });
    this.cluster = new EksCluster(`${name}-eks`, {
      ...config.cluster,
      region: config.awsRegion,
      version: args.kubernetesVersion,
      vpcId: this.network.vpcId,
      privateSubnetIds: this.network.privateSubnetIds,
      protectStateful: prod,
      kubeconfigProfile: config.profile,
      kubeconfigRoleArn: config.assumeRoleArn,
      tags,
    }, { parent: this });

    this.gpuPools = Object.fromEntries(capacity.map(({ pool, plan }) => [pool.name, new GpuNodePool(`${name}-gpu-${pool.name}`, {
      instanceTypes: pool.instanceTypes,
      capacityType: pool.capacityType,
      amiFamily: pool.amiFamily,
      rootVolumeGiB: pool.rootVolumeGiB,
      scaling: plan,
      region: config.awsRegion,
      clusterName: this.cluster.clusterName,
      nodeRoleArn: this.cluster.nodeRoleArn,
      subnetIds: this.network.privateSubnetIds,
      tags,
    }, { parent: this })]));

    this.kubernetesProvider = new KubernetesProvider(`${name}-k8s`, {
      kubeconfig: this.cluster.kubeconfig,
      enableServerSideApply: true,
    }, { parent: this });
    const k8s = { parent: this, providers: { kubernetes: this.kubernetesProvider } };

    // A namespace needs the API server, not nodes: it must not wait for the node group.
    const namespace = new Namespace(`${name}-app`, {
      metadata: {
        name: args.appNamespace ?? "inference",
        // Pod Security Admission: inference pods need no privileges.
        labels: { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/warn": "restricted" },
      },
    }, { parent: this, provider: this.kubernetesProvider });
    this.appNamespace = namespace.metadata.name;

    // Helm releases wait for the system nodes; GPU pools can come up in parallel.
    const systemNodes = [this.cluster.systemNodeGroup];
    new NvidiaDevicePlugin(`${name}-nvidia`, {
      imageMirror: config.imageMirror,
      chartMirror: config.chartMirror,
      installAfter: systemNodes,
    }, k8s);

    new GpuHeadroom(`${name}-headroom`, {
      pools: capacity.map(({ pool, plan }) => ({ pool: `${name}-gpu-${pool.name}`, spareGpus: plan.spareGpus })),
      namespace: this.appNamespace,
      imageMirror: config.imageMirror,
    }, k8s);

    new ClusterAutoscaler(`${name}-autoscaler`, {
      region: config.awsRegion,
      clusterName: this.cluster.clusterName,
      identity: this.cluster.workloadIdentity,
      kubernetesVersion: args.kubernetesVersion,
      imageMirror: config.imageMirror,
      chartMirror: config.chartMirror,
      installAfter: systemNodes,
      tags,
    }, k8s);

    const ctx: RegionContext = {
      name,
      config,
      partition: this.partition,
      parent: this,
      kubernetesProvider: this.kubernetesProvider,
      imageMirror: config.imageMirror,
      chartMirror: config.chartMirror,
      workloadIdentity: this.cluster.workloadIdentity,
      protectStateful: prod,
      tags,
      planning: args.planning,
      capacity,
      servers,
      surges,
      network: this.network,
      cluster: this.cluster,
      appNamespace: this.appNamespace,
    };
    const dataPlane = buildDataPlane(ctx);
    const ingress = buildIngress(ctx);
    const monitoring = buildMonitoring(ctx, dataPlane);
    const serving = buildServing(ctx, monitoring);
    const frontDoor = buildFrontDoor(ctx, { dataPlane, ingress, monitoring, healthPath: args.healthPath ?? "/healthz" });
    this.hostname = frontDoor.hostname;
    // `ingress.hostname` stays where consumers read it: the NLB is now the front door's proxies' Service.
    const ingressOutputs = { ingress: { ...(ingress.outputs.ingress as Record<string, unknown>), hostname: frontDoor.hostname } };
    this.outputs = regionOutputs(ctx, [dataPlane.outputs, ingressOutputs, monitoring.outputs, serving.outputs, frontDoor.outputs]);

    this.registerOutputs({
      region: this.region,
      clusterName: this.cluster.clusterName,
      vpcId: this.network.vpcId,
      appNamespace: this.appNamespace,
    });
  }

}
