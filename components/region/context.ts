/**
 * What the children of one region share, computed once by RegionalPlatform
 * and handed to each region child (data plane, ingress, monitoring, ...).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import type { EksCluster } from "../eks-cluster";
import type { Partition } from "../lib/partition";
import type { Tags } from "../lib/tags";
import type { WorkloadIdentity } from "../lib/workload-identity";
import type { Network } from "../network";
import type { SurgeReport } from "../gpu-node-pool/surge";
import type { CapacityPlanning, PlannedPool } from "./capacity";
import type { RegionConfig } from "./contract";
import type { PlannedServer } from "./serving-plan";

/** One region's shared facts and handles. */
export interface RegionContext {
  /** Name of the region component: the prefix of every child's name. */
  name: string;
  /** The region's validated settings (its `regions[]` entry, defaults applied). */
  config: RegionConfig;
  /** Partition of the region: every ARN and principal follows it. */
  partition: Partition;
  /** Parent of every child; its AWS provider (from the caller) is inherited. */
  parent: pulumi.ComponentResource;
  /** Kubernetes provider bound to the region's cluster. */
  kubernetesProvider: KubernetesProvider;
  /** Registry mirroring upstream images (required in China). */
  imageMirror?: string;
  /**
   * Chart mirror (oci:// or https). A private OCI mirror (ECR in China) is
   * read with the Helm registry login of the machine running Pulumi, not with
   * credentials in the program: a token in the inputs would change every run.
   */
  chartMirror?: string;
  /** How workloads get IAM roles: Pod Identity, or IRSA in China. */
  workloadIdentity: WorkloadIdentity;
  /** Prod: stateful resources get `protect` and `retainOnDelete`. */
  protectStateful: boolean;
  /** Required tags of every AWS resource of the region. */
  tags: Tags;
  /** Stack-wide planning figures (the region's traffic may override them). */
  planning: CapacityPlanning;
  /** The GPU pools' capacity plan, computed once. */
  capacity: Array<PlannedPool<RegionConfig["gpuPools"][number]>>;
  /** The model servers on those pools with their replica bounds, planned with them. */
  servers: PlannedServer[];
  /** The seed's surge on each pool with model servers, by pool name. */
  surges: Record<string, SurgeReport>;
  /** The region's network and cluster. */
  network: Network;
  cluster: EksCluster;
  /** Name of the application namespace. */
  appNamespace: pulumi.Output<string>;
}

/** Stack outputs a region child adds under the region. */
export type ChildOutputs = Record<string, pulumi.Input<unknown>>;
