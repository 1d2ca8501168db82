import { GPU_FAMILIES_BY_REGION, gpuFamiliesIn, instanceFamily, isGpuInstanceType } from "../../components/gpu-node-pool/offerings";
import { EC2_INSTANCE_TYPES } from "../../components/lib/instance-facts";
import { partitionOf, type Partition } from "../../components/lib/partition";
import { texts, type PropertyMap } from "./values";

/**
 * A GPU instance type: one the platform's instance facts give GPUs
 * (components/lib/instance-facts.ts, the table config and capacity planning
 * use), one of a GPU family it offers, or any g/gr/p family it does not list
 * yet (g7, p6...), which still needs the taint.
 */
export function isGpuType(instanceType: string): boolean {
  return (EC2_INSTANCE_TYPES[instanceType]?.gpus ?? 0) > 0 || isGpuInstanceType(instanceType) || /^(g|gr|p)\d+[a-z-]*$/.test(instanceFamily(instanceType));
}

/** Instance types a node group or launch template names. */
export function instanceTypesOf(type: string, props: PropertyMap): string[] {
  if (type === "aws:eks/nodeGroup:NodeGroup") return texts(props.instanceTypes);
  if (type === "aws:ec2/launchTemplate:LaunchTemplate" || type === "aws:ec2/instance:Instance") return texts([props.instanceType]);
  return [];
}

/**
 * GPU families allowed in `region`: the region's own offerings when the table
 * knows it, else every family any region of its partition offers (China's
 * partition has far fewer).
 */
export function allowedGpuFamilies(region: string): { families: readonly string[]; scope: string } {
  const own = gpuFamiliesIn(region);
  if (own) return { families: own, scope: region };
  const partition: Partition = partitionOf(region);
  const families = new Set<string>();
  for (const [r, fs] of Object.entries(GPU_FAMILIES_BY_REGION)) if (partitionOf(r) === partition) fs.forEach((f) => families.add(f));
  return { families: [...families].sort(), scope: `partition ${partition}` };
}

export { instanceFamily };
