import * as pulumi from "@pulumi/pulumi";
import { PodIdentityAssociation } from "@pulumi/aws/eks/podIdentityAssociation";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { pinnedRelease, type ChartSource } from "../lib/helm";
import { imageFrom, repositoryFrom } from "../lib/images";
import { assumeRolePolicy, partitionOf } from "../lib/partition";
import { refuseInputs, type InputProblem } from "../lib/problems";
import type { Tags } from "../lib/tags";
import { clusterAutoscalerPolicy } from "./iam-policy";

/** The Cluster Autoscaler chart, pinned. */
export const CLUSTER_AUTOSCALER_CHART: ChartSource = {
  chart: "cluster-autoscaler",
  version: "9.38.0",
  repository: "https://kubernetes.github.io/autoscaler",
};

const SERVICE_ACCOUNT = "cluster-autoscaler";
const NAMESPACE = "kube-system";

/** Inputs of {@link ClusterAutoscaler}. */
export interface ClusterAutoscalerArgs {
  /** AWS region of the cluster (its partition shapes the role). */
  region: string;
  /** EKS cluster name (auto-discovery and the IAM condition use it). */
  clusterName: pulumi.Input<string>;
  /**
   * Kubernetes minor version of the cluster: the autoscaler image is the
   * release made for it (`v<minor>.0`), as the autoscaler project requires.
   */
  kubernetesVersion: string;
  /** Registry that mirrors upstream images (required in China). @default upstream registry.k8s.io */
  imageMirror?: string;
  /** Chart mirror (oci:// or https). @default upstream repository */
  chartMirror?: string;
  /** Time a node must be unneeded before removal; GPU nodes are slow to return. @default "10m" */
  scaleDownUnneededTime?: string;
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
 * planned minimum. Runs on system nodes with an EKS Pod Identity role that may
 * resize only this cluster's groups.
 */
export class ClusterAutoscaler extends pulumi.ComponentResource {
  /** IAM role the autoscaler's service account assumes. */
  readonly roleArn: pulumi.Output<string>;
  /** Image the autoscaler runs. */
  readonly image: string;

  constructor(name: string, args: ClusterAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:scaling:ClusterAutoscaler", name, {}, opts);
    validateClusterAutoscalerArgs(name, args);
    const partition = partitionOf(args.region);
    const upstream = { registry: "registry.k8s.io", repository: "autoscaling/cluster-autoscaler", tag: `v${args.kubernetesVersion}.0` };
    this.image = imageFrom(upstream, args.imageMirror);

    const role = new Role(`${name}-role`, {
      assumeRolePolicy: assumeRolePolicy(partition, ["pods.eks"], ["sts:AssumeRole", "sts:TagSession"]),
      tags: args.tags,
    }, { parent: this });
    new RolePolicy(`${name}-policy`, {
      role: role.id,
      policy: pulumi.output(args.clusterName).apply(clusterAutoscalerPolicy),
    }, { parent: this });
    const association = new PodIdentityAssociation(`${name}-identity`, {
      clusterName: args.clusterName,
      namespace: NAMESPACE,
      serviceAccount: SERVICE_ACCOUNT,
      roleArn: role.arn,
      tags: args.tags,
    }, { parent: this });

    pinnedRelease(name, {
      source: CLUSTER_AUTOSCALER_CHART,
      chartMirror: args.chartMirror,
      namespace: NAMESPACE,
      values: {
        cloudProvider: "aws",
        awsRegion: args.region,
        autoDiscovery: { clusterName: args.clusterName },
        rbac: { serviceAccount: { create: true, name: SERVICE_ACCOUNT } },
        image: { repository: repositoryFrom(upstream, args.imageMirror), tag: upstream.tag },
        extraArgs: {
          // Spread GPU capacity across AZs and pick the pool that wastes least.
          "balance-similar-node-groups": true,
          expander: "least-waste",
          "skip-nodes-with-system-pods": false,
          "scale-down-unneeded-time": args.scaleDownUnneededTime ?? "10m",
          "scale-down-delay-after-add": "10m",
          "max-node-provision-time": "15m",
        },
        nodeSelector: { "inference.platform/pool": "system" },
        priorityClassName: "system-cluster-critical",
        resources: { requests: { cpu: "100m", memory: "300Mi" }, limits: { cpu: "500m", memory: "1Gi" } },
        securityContext: { runAsNonRoot: true, runAsUser: 65534, fsGroup: 65534 },
      },
    }, { parent: this, dependsOn: pulumi.output(args.installAfter ?? []).apply((after) => [association, ...after]) });

    this.roleArn = role.arn;
    this.registerOutputs({ roleArn: this.roleArn, image: this.image });
  }
}

/** Refuses inputs the autoscaler would reject at start-up, before any resource registers. */
export function validateClusterAutoscalerArgs(name: string, args: ClusterAutoscalerArgs): void {
  const problems: InputProblem[] = [];
  if (!/^1\.\d+$/.test(args.kubernetesVersion)) {
    problems.push({ property: "kubernetesVersion", reason: `"${args.kubernetesVersion}" is not a Kubernetes minor version like 1.34` });
  }
  if (args.scaleDownUnneededTime !== undefined && !/^\d+(s|m|h)$/.test(args.scaleDownUnneededTime)) {
    problems.push({ property: "scaleDownUnneededTime", reason: `"${args.scaleDownUnneededTime}" is not a duration such as 10m` });
  }
  refuseInputs("ClusterAutoscaler", name, problems);
}
