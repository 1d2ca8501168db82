import * as pulumi from "@pulumi/pulumi";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { pinnedRelease, type ChartRegistryAuth, type ChartSource } from "../lib/helm";
import { PINNED_CHARTS } from "../lib/chart-versions";
import { imageFrom, repositoryFrom } from "../lib/images";
import type { KubernetesVersion } from "../lib/kubernetes-versions";
import { partitionOf } from "../lib/partition";
import { settingsOrRefuse } from "../lib/problems";
import { clusterAutoscalerSettingsSchema, type ClusterAutoscalerSettings } from "./contract";
import type { Tags } from "../lib/tags";
import { workloadRole, type WorkloadIdentity } from "../lib/workload-identity";
import { clusterAutoscalerPolicy } from "./iam-policy";

export { clusterAutoscalerSettingsSchema, type ClusterAutoscalerSettings } from "./contract";

const CHART = PINNED_CHARTS["cluster-autoscaler"];

/**
 * The Cluster Autoscaler chart, pinned: 9.59.0, written for autoscaler 1.35
 * (its ClusterRole grants the resource.k8s.io objects 1.35 and later watch;
 * 9.52.1's did not, and the 1.35 autoscaler stalled on them). What it
 * declares, and why the 1.34 and 1.36 autoscalers run under it:
 * `components/lib/chart-versions.ts`.
 */
export const CLUSTER_AUTOSCALER_CHART: ChartSource = {
  chart: CHART.chart,
  version: CHART.version,
  repository: "https://kubernetes.github.io/autoscaler",
};

/**
 * The autoscaler image per cluster minor: the autoscaler's minor must equal the
 * cluster's, so each Kubernetes version of the table has its own line (newest
 * patch tagged in kubernetes/autoscaler, cluster-autoscaler-1.x.y, as of 2026-07-22).
 * A version added to the table fails to compile here until its image is known.
 */
export const AUTOSCALER_IMAGE_TAGS: Readonly<Record<KubernetesVersion, string>> = {
  "1.34": "v1.34.5",
  "1.35": "v1.35.2",
  "1.36": "v1.36.1",
};

const SERVICE_ACCOUNT = "cluster-autoscaler";
const NAMESPACE = "kube-system";

/** Inputs of {@link ClusterAutoscaler}: its settings (contract.ts, defaults there) and what connects it. */
export interface ClusterAutoscalerArgs extends ClusterAutoscalerSettings {
  /** AWS region of the cluster (its partition shapes the role). */
  region: string;
  /** EKS cluster name (auto-discovery and the IAM condition use it). */
  clusterName: pulumi.Input<string>;
  /** How the cluster binds IAM roles to service accounts (`EksCluster.workloadIdentity`). */
  identity: WorkloadIdentity;
  /** Registry that mirrors upstream images (required in China). @default upstream registry.k8s.io */
  imageMirror?: string;
  /** Chart mirror (oci:// or https). @default upstream repository */
  chartMirror?: string;
  /** Credentials for `chartMirror`. @default none (anonymous pulls) */
  chartRegistryAuth?: ChartRegistryAuth;
  /**
   * Resources the release waits for (e.g. the system node group it runs on).
   * A component's own `dependsOn` does not reach its children.
   * @default none
   */
  installAfter?: pulumi.Input<pulumi.Resource>[];
  /** Tags on AWS resources. */
  tags: Tags;
}

/**
 * Cluster Autoscaler for the EKS managed node groups: grows a GPU pool up to
 * its planned maximum as soon as GPU pods are pending, shrinks it back to the
 * planned minimum. Runs on system nodes with an IAM role (Pod Identity, or IRSA in China) that may
 * resize only this cluster's groups.
 */
export class ClusterAutoscaler extends pulumi.ComponentResource {
  /** IAM role the autoscaler's service account assumes. */
  readonly roleArn: pulumi.Output<string>;
  /** Image the autoscaler runs. */
  readonly image: string;

  constructor(name: string, args: ClusterAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:scaling:ClusterAutoscaler", name, {}, opts);
    const settings = settingsOrRefuse("ClusterAutoscaler", name, clusterAutoscalerSettingsSchema, args);
    const partition = partitionOf(args.region);
    const upstream = { registry: "registry.k8s.io", repository: "autoscaling/cluster-autoscaler", tag: AUTOSCALER_IMAGE_TAGS[settings.kubernetesVersion] };
    this.image = imageFrom(upstream, args.imageMirror);

    const { role, serviceAccountAnnotations, binding } = workloadRole(`${name}-role`, {
      identity: args.identity,
      partition,
      namespace: NAMESPACE,
      serviceAccount: SERVICE_ACCOUNT,
      tags: args.tags,
    }, { parent: this });
    new RolePolicy(`${name}-policy`, {
      role: role.id,
      policy: pulumi.output(args.clusterName).apply(clusterAutoscalerPolicy),
    }, { parent: this });

    pinnedRelease(name, {
      source: CLUSTER_AUTOSCALER_CHART,
      chartMirror: args.chartMirror,
      registryAuth: args.chartRegistryAuth,
      namespace: NAMESPACE,
      values: {
        cloudProvider: "aws",
        awsRegion: args.region,
        autoDiscovery: { clusterName: args.clusterName },
        rbac: { serviceAccount: { create: true, name: SERVICE_ACCOUNT, annotations: serviceAccountAnnotations } },
        image: { repository: repositoryFrom(upstream, args.imageMirror), tag: upstream.tag },
        extraArgs: {
          // Spread GPU capacity across AZs and pick the pool that wastes least.
          "balance-similar-node-groups": true,
          expander: "least-waste",
          "skip-nodes-with-system-pods": false,
          "scale-down-unneeded-time": settings.scaleDownUnneededTime,
          "scale-down-delay-after-add": "10m",
          "max-node-provision-time": "15m",
        },
        nodeSelector: { "inference.platform/pool": "system" },
        priorityClassName: "system-cluster-critical",
        resources: { requests: { cpu: "100m", memory: "300Mi" }, limits: { cpu: "500m", memory: "1Gi" } },
        securityContext: { runAsNonRoot: true, runAsUser: 65534, fsGroup: 65534 },
      },
    }, { parent: this, dependsOn: pulumi.output(args.installAfter ?? []).apply((after) => [binding, ...after]) });

    this.roleArn = role.arn;
    this.registerOutputs({ roleArn: this.roleArn, image: this.image });
  }
}
