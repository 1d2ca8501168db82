import { gpusOf } from "../lib/instance-facts";

/**
 * GPU instance families offered per region.
 *
 * Source: AWS EC2 instance-type offerings per region as published by AWS
 * (`aws ec2 describe-instance-type-offerings --location-type region`) and, for
 * the China partition, the Amazon Web Services China product pages, which list
 * g4dn, g5 and p3 as the GPU families of cn-north-1 and cn-northwest-1.
 * Recorded: 2026-11-25. Re-check before adding a region or a family: a family
 * listed here that a region lacks only fails at `pulumi up`, after minutes.
 * Sizes (GPUs, vCPUs, memory) are in lib/instance-facts.ts.
 */
export const GPU_OFFERINGS_RECORDED = "2026-11-25";

/** Region → GPU instance families offered there. */
export const GPU_FAMILIES_BY_REGION: Readonly<Record<string, readonly string[]>> = {
  "cn-north-1": ["g4dn", "g5", "p3"],
  "cn-northwest-1": ["g4dn", "g5", "p3"],
  "ap-east-1": ["g4dn", "g5", "g6"],
  "eu-central-1": ["g4dn", "g5", "g6", "g6e", "p3", "p4d", "p5"],
  "eu-west-1": ["g4dn", "g5", "g6", "g6e", "p3", "p4d", "p5"],
  "us-east-1": ["g4dn", "g5", "g6", "g6e", "p3", "p4d", "p5", "p5e"],
  "us-west-2": ["g4dn", "g5", "g6", "g6e", "p3", "p4d", "p5", "p5e"],
  "ap-northeast-1": ["g4dn", "g5", "g6", "p3", "p4d", "p5"],
  "ap-southeast-1": ["g4dn", "g5", "g6", "p4d", "p5"],
};

/** Instance family of a type: `g5.2xlarge` → `g5`. */
export function instanceFamily(instanceType: string): string {
  return instanceType.split(".")[0] ?? instanceType;
}

/** True when `instanceType` belongs to a GPU family this library knows. */
export function isGpuInstanceType(instanceType: string): boolean {
  const family = instanceFamily(instanceType);
  return Object.values(GPU_FAMILIES_BY_REGION).some((families) => families.includes(family));
}

/** GPU families offered in `region`, or undefined when the region is not in the table. */
export function gpuFamiliesIn(region: string): readonly string[] | undefined {
  return GPU_FAMILIES_BY_REGION[region];
}

/** Every GPU family of the table above. */
export const GPU_FAMILIES: readonly string[] = [...new Set(Object.values(GPU_FAMILIES_BY_REGION).flat())].sort();

/** GPUs on one instance of `instanceType`, from the instance facts (lib/instance-facts.ts); the stack file's check refuses a size they lack. */
export function gpusPerInstance(instanceType: string): number {
  return gpusOf(instanceType);
}
