import * as pulumi from "@pulumi/pulumi";
import { NodeGroup } from "@pulumi/aws/eks/nodeGroup";
import { secureLaunchTemplate } from "../lib/node-launch-template";
import { propertyPath } from "../lib/contract";
import { settingsOrRefuse, type InputProblem } from "../lib/problems";
import { namedTags, type Tags } from "../lib/tags";
import { gpuNodePoolSettingsSchema, gpuPoolRegionProblems, NVIDIA_AMI_TYPES, type GpuNodePoolSettings } from "./contract";
import { instanceFamily } from "./offerings";
import { GPU_NODE_LABEL, GPU_TAINT } from "./taint";

// Defined in a Pulumi-free file so the policy pack can share them.
export { GPU_NODE_LABEL, GPU_TAINT, NVIDIA_AMI_TYPES };
export { gpuNodePoolSettingsSchema, gpuPoolRegionProblems, type GpuNodePoolSettings } from "./contract";

/** Min / desired / max node counts; a `CapacityPlan` fits here as is. */
export interface NodeScaling {
  minNodes: number;
  desiredNodes: number;
  maxNodes: number;
}

/** Inputs of {@link GpuNodePool}: its settings (contract.ts, defaults there), its plan and what connects it. */
export interface GpuNodePoolArgs extends GpuNodePoolSettings {
  /** AWS region of the provider; instance types are checked against its GPU families. */
  region: string;
  /** EKS cluster name. */
  clusterName: pulumi.Input<string>;
  /** Node IAM role ARN (the cluster's shared node role). */
  nodeRoleArn: pulumi.Input<string>;
  /** Private subnets to place nodes in. */
  subnetIds: pulumi.Input<string>[];
  /** Node counts, normally from `planCapacity`. */
  scaling: NodeScaling;
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
    const settings = settingsOrRefuse("GpuNodePool", name, gpuNodePoolSettingsSchema, args, (set) => wiringProblems(args, set.instanceTypes));
    const amiFamily = settings.amiFamily;
    const tags = args.tags;

    const template = secureLaunchTemplate(`${name}-lt`, {
      rootVolumeGiB: settings.rootVolumeGiB,
      // Bottlerocket keeps images on its data volume, not the OS volume.
      rootDeviceName: amiFamily === "BOTTLEROCKET" ? "/dev/xvdb" : "/dev/xvda",
      tags,
    }, { parent: this });

    this.nodeGroup = new NodeGroup(name, {
      clusterName: args.clusterName,
      nodeRoleArn: args.nodeRoleArn,
      subnetIds: args.subnetIds,
      amiType: NVIDIA_AMI_TYPES[amiFamily],
      capacityType: settings.capacityType,
      instanceTypes: settings.instanceTypes,
      scalingConfig: {
        minSize: args.scaling.minNodes,
        desiredSize: args.scaling.desiredNodes,
        maxSize: args.scaling.maxNodes,
      },
      updateConfig: { maxUnavailablePercentage: settings.maxUnavailablePercent },
      launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
      taints: [GPU_TAINT],
      labels: {
        ...settings.labels,
        [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value,
        "inference.platform/pool": name,
        // Mixed pools (e.g. g5 with a g4dn fallback) name every family they may run.
        "inference.platform/gpu-family": [...new Set(settings.instanceTypes.map(instanceFamily))].join("_"),
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

/** Rules on the pool's region and its node counts (wiring the settings schema cannot see). */
function wiringProblems(args: GpuNodePoolArgs, instanceTypes: readonly string[]): InputProblem[] {
  const problems: InputProblem[] = gpuPoolRegionProblems(instanceTypes, args.region).map((p) => ({ property: propertyPath(p.path), reason: p.message }));
  const { minNodes, desiredNodes, maxNodes } = args.scaling;
  if (!Number.isInteger(minNodes) || minNodes < 0) problems.push({ property: "scaling.minNodes", reason: "a whole number ≥ 0" });
  if (!Number.isInteger(maxNodes) || maxNodes < 1) problems.push({ property: "scaling.maxNodes", reason: "a whole number ≥ 1" });
  if (minNodes > maxNodes) problems.push({ property: "scaling.minNodes", reason: `min ${minNodes} > max ${maxNodes}` });
  if (desiredNodes < minNodes || desiredNodes > maxNodes) {
    problems.push({ property: "scaling.desiredNodes", reason: `${desiredNodes} is outside [${minNodes}, ${maxNodes}]` });
  }
  return problems;
}
