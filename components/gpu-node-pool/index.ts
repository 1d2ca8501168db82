import * as pulumi from "@pulumi/pulumi";
import { NodeGroup } from "@pulumi/aws/eks/nodeGroup";
import { secureLaunchTemplate } from "../lib/node-launch-template";
import { refuseInputs, type InputProblem } from "../lib/problems";
import { namedTags, type Tags } from "../lib/tags";
import { gpuFamiliesIn, instanceFamily, isGpuInstanceType } from "./offerings";
import { GPU_NODE_LABEL, GPU_TAINT } from "./taint";

// Defined in a Pulumi-free file so the policy pack can share them.
export { GPU_NODE_LABEL, GPU_TAINT };

/** EKS AMI type for each NVIDIA AMI family. */
export const NVIDIA_AMI_TYPES = {
  AL2023: "AL2023_x86_64_NVIDIA",
  BOTTLEROCKET: "BOTTLEROCKET_x86_64_NVIDIA",
} as const;

/** Min / desired / max node counts; a `CapacityPlan` fits here as is. */
export interface NodeScaling {
  minNodes: number;
  desiredNodes: number;
  maxNodes: number;
}

/** Inputs of {@link GpuNodePool}. */
export interface GpuNodePoolArgs {
  /** AWS region of the provider; instance types are checked against its GPU families. */
  region: string;
  /** EKS cluster name. */
  clusterName: pulumi.Input<string>;
  /** Node IAM role ARN (the cluster's shared node role). */
  nodeRoleArn: pulumi.Input<string>;
  /** Private subnets to place nodes in. */
  subnetIds: pulumi.Input<string>[];
  /** GPU instance types in preference order; all of the region's GPU families. */
  instanceTypes: string[];
  /** ON_DEMAND or SPOT. @default "ON_DEMAND" */
  capacityType?: "ON_DEMAND" | "SPOT";
  /** NVIDIA AMI family. @default "AL2023" */
  amiFamily?: keyof typeof NVIDIA_AMI_TYPES;
  /** Root (AL2023) or data (Bottlerocket) volume in GiB, sized for model images. @default 200 */
  rootVolumeGiB?: number;
  /** Node counts, normally from `planCapacity`. */
  scaling: NodeScaling;
  /** Nodes replaced at once during an update, in percent. @default 25 */
  maxUnavailablePercent?: number;
  /** Extra Kubernetes labels. @default {} */
  labels?: Record<string, string>;
  /** Tags on every resource. */
  tags: Tags;
}

/**
 * An EKS managed node group of NVIDIA GPU nodes: NVIDIA AMI, the
 * `nvidia.com/gpu=true:NoSchedule` taint, GPU labels, IMDSv2-only launch
 * template with an encrypted root volume, rolling updates, and sizes from the
 * capacity plan (the autoscaler owns the live desired size).
 */
export class GpuNodePool extends pulumi.ComponentResource {
  /** Node group name as EKS knows it. */
  readonly nodeGroupName: pulumi.Output<string>;
  /** Node counts the pool was created with. */
  readonly scaling: NodeScaling;
  /** The managed node group. */
  readonly nodeGroup: NodeGroup;

  constructor(name: string, args: GpuNodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:gpu:GpuNodePool", name, {}, opts);
    validateGpuNodePoolArgs(name, args);
    const amiFamily = args.amiFamily ?? "AL2023";
    const tags = args.tags;

    const template = secureLaunchTemplate(`${name}-lt`, {
      rootVolumeGiB: args.rootVolumeGiB ?? 200,
      // Bottlerocket keeps images on its data volume, not the OS volume.
      rootDeviceName: amiFamily === "BOTTLEROCKET" ? "/dev/xvdb" : "/dev/xvda",
      tags,
    }, { parent: this });

    this.nodeGroup = new NodeGroup(name, {
      clusterName: args.clusterName,
      nodeRoleArn: args.nodeRoleArn,
      subnetIds: args.subnetIds,
      amiType: NVIDIA_AMI_TYPES[amiFamily],
      capacityType: args.capacityType ?? "ON_DEMAND",
      instanceTypes: args.instanceTypes,
      scalingConfig: {
        minSize: args.scaling.minNodes,
        desiredSize: args.scaling.desiredNodes,
        maxSize: args.scaling.maxNodes,
      },
      updateConfig: { maxUnavailablePercentage: args.maxUnavailablePercent ?? 25 },
      launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
      taints: [GPU_TAINT],
      labels: {
        ...args.labels,
        [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value,
        "inference.platform/pool": name,
        // Mixed pools (e.g. g5 with a g4dn fallback) name every family they may run.
        "inference.platform/gpu-family": [...new Set(args.instanceTypes.map(instanceFamily))].join("_"),
      },
      tags: namedTags(tags, name),
    }, {
      parent: this,
      ignoreChanges: ["scalingConfig.desiredSize"],
      customTimeouts: { create: "40m", update: "90m", delete: "40m" },
    });

    this.nodeGroupName = this.nodeGroup.nodeGroupName;
    this.scaling = args.scaling;
    this.registerOutputs({ nodeGroupName: this.nodeGroupName, scaling: this.scaling });
  }
}

/** Refuses pool inputs AWS would reject (or silently mis-size) before any resource registers. */
export function validateGpuNodePoolArgs(name: string, args: GpuNodePoolArgs): void {
  const problems: InputProblem[] = [];
  if (args.instanceTypes.length === 0) problems.push({ property: "instanceTypes", reason: "at least one instance type" });
  const families = gpuFamiliesIn(args.region);
  args.instanceTypes.forEach((t, i) => {
    if (!isGpuInstanceType(t)) problems.push({ property: `instanceTypes[${i}]`, reason: `"${t}" is not a GPU instance type` });
    else if (families && !families.includes(instanceFamily(t))) {
      problems.push({ property: `instanceTypes[${i}]`, reason: `"${t}" is not offered in ${args.region}; allowed families: ${families.join(", ")}` });
    }
  });
  const { minNodes, desiredNodes, maxNodes } = args.scaling;
  if (!Number.isInteger(minNodes) || minNodes < 0) problems.push({ property: "scaling.minNodes", reason: "a whole number ≥ 0" });
  if (!Number.isInteger(maxNodes) || maxNodes < 1) problems.push({ property: "scaling.maxNodes", reason: "a whole number ≥ 1" });
  if (minNodes > maxNodes) problems.push({ property: "scaling.minNodes", reason: `min ${minNodes} > max ${maxNodes}` });
  if (desiredNodes < minNodes || desiredNodes > maxNodes) {
    problems.push({ property: "scaling.desiredNodes", reason: `${desiredNodes} is outside [${minNodes}, ${maxNodes}]` });
  }
  const pct = args.maxUnavailablePercent ?? 25;
  if (pct < 1 || pct > 100) problems.push({ property: "maxUnavailablePercent", reason: "between 1 and 100" });
  if ((args.rootVolumeGiB ?? 200) < 100) problems.push({ property: "rootVolumeGiB", reason: "at least 100 GiB for model images" });
  refuseInputs("GpuNodePool", name, problems);
}
