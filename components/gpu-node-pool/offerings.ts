/**
 * GPU instance families offered per region.
 *
 * Source: AWS EC2 instance-type offerings per region as published by AWS
 * (`aws ec2 describe-instance-type-offerings --location-type region`) and, for
 * the China partition, the Amazon Web Services China product pages, which list
 * g4dn, g5 and p3 as the GPU families of cn-north-1 and cn-northwest-1.
 * Recorded: 2026-11-25. Re-check before adding a region or a family: a family
 * listed here that a region lacks only fails at `pulumi up`, after minutes.
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

/** GPUs per instance size for the families above (used to default `gpusPerNode`). */
const GPUS_BY_SIZE: Readonly<Record<string, number>> = {
  "p3.2xlarge": 1, "p3.8xlarge": 4, "p3.16xlarge": 8, "p3dn.24xlarge": 8,
  "p4d.24xlarge": 8, "p5.48xlarge": 8, "p5e.48xlarge": 8,
  "g4dn.12xlarge": 4, "g4dn.metal": 8,
  "g5.12xlarge": 4, "g5.24xlarge": 4, "g5.48xlarge": 8,
  "g6.12xlarge": 4, "g6.24xlarge": 4, "g6.48xlarge": 8,
  "g6e.12xlarge": 4, "g6e.24xlarge": 4, "g6e.48xlarge": 8,
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

/** GPUs on one instance of `instanceType` (1 for the single-GPU sizes). */
export function gpusPerInstance(instanceType: string): number {
  return GPUS_BY_SIZE[instanceType] ?? 1;
}
