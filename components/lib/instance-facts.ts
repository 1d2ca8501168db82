/**
 * Facts of the instance types the platform runs on: EC2 nodes (GPU pools and
 * the system node group), ElastiCache nodes and MSK brokers. One table per
 * service, type → vCPUs, memory and GPUs, and the families each region offers.
 * The stack file's check refuses a type missing here (a typo such as
 * `g6e.13xlarge` would otherwise fail only at `pulumi up`), and capacity
 * planning reads the GPUs of a node from here. Pulumi-free.
 *
 * Sources, read on INSTANCE_FACTS_RECORDED:
 * - EC2 GPU sizes: AWS Batch, "GPU jobs", the table of supported GPU instance
 *   types (https://docs.aws.amazon.com/batch/latest/userguide/gpu-jobs.html),
 *   cross-checked with torchx's named AWS resources
 *   (https://github.com/meta-pytorch/torchx/blob/3297a6e2d0be496feaa688980e2b5ed5175f06ab/torchx/specs/named_resources_aws.py);
 *   p-family sizes from the EC2 accelerated-computing specifications
 *   (https://docs.aws.amazon.com/ec2/latest/instancetypes/ac.html).
 * - EC2 general-purpose sizes: https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html.
 * - ElastiCache and MSK sizes and their regions: the JSON behind AWS's pricing
 *   pages, which states vCPU and memory per type and region, as archived by
 *   aws-price-watcher (last data commit 2025-06-18:
 *   https://github.com/QuinnyPig/aws-price-watcher/tree/a6645eb2e53e9399396a714cdc4f3c346c7f06c0/processed,
 *   elasticache.json, msk.json, ec2.json).
 * - China (cn-north-1) EC2 offerings: Karpenter's price table generated for
 *   cn-north-1 on 2024-11-06
 *   (https://github.com/aws/karpenter-provider-aws/blob/1d927085dd81a9df9301e613f371dac5b4d16bfe/pkg/providers/pricing/zz_generated.pricing_aws_cn.go).
 * GPU families per region stay in gpu-node-pool/offerings.ts (recorded 2026-11-25).
 * No source readable here lists ElastiCache or MSK types of the China regions
 * or EC2 types of cn-northwest-1: there, only the type itself is checked.
 */
const INSTANCE_FACTS_RECORDED = "2026-11-29";

/** What one instance type offers. */
export interface InstanceFacts {
  vcpus: number;
  memoryGiB: number;
  /** NVIDIA GPUs; 0 for CPU-only types. */
  gpus: number;
}

const cpu = (vcpus: number, memoryGiB: number): InstanceFacts => ({ vcpus, memoryGiB, gpus: 0 });
const gpu = (gpus: number, vcpus: number, memoryGiB: number): InstanceFacts => ({ vcpus, memoryGiB, gpus });

/** The 4/8/16/32/64-vCPU single-GPU sizes and the multi-GPU ones of a g family whose memory per vCPU is `gibPerVcpu`. */
function gFamily(family: string, gibPerVcpu: number): Record<string, InstanceFacts> {
  const sizes: Array<[string, number, number]> = [
    ["xlarge", 1, 4], ["2xlarge", 1, 8], ["4xlarge", 1, 16], ["8xlarge", 1, 32], ["16xlarge", 1, 64],
    ["12xlarge", 4, 48], ["24xlarge", 4, 96], ["48xlarge", 8, 192],
  ];
  return Object.fromEntries(sizes.map(([size, gpus, vcpus]) => [`${family}.${size}`, gpu(gpus, vcpus, vcpus * gibPerVcpu)]));
}

/** The large…4xlarge sizes of a general-purpose family with 4 GiB per vCPU. */
function mFamily(family: string): Record<string, InstanceFacts> {
  return { [`${family}.large`]: cpu(2, 8), [`${family}.xlarge`]: cpu(4, 16), [`${family}.2xlarge`]: cpu(8, 32), [`${family}.4xlarge`]: cpu(16, 64) };
}

/** EC2 instance types, all x86_64 (the node groups use x86_64 AMIs). */
export const EC2_INSTANCE_TYPES: Readonly<Record<string, InstanceFacts>> = {
  // g4dn (T4): 4 GiB per vCPU, no 24xlarge/48xlarge; the metal size holds 8.
  ...Object.fromEntries(Object.entries(gFamily("g4dn", 4)).filter(([t]) => !/\.(24|48)xlarge$/.test(t))),
  "g4dn.metal": gpu(8, 96, 384),
  ...gFamily("g5", 4), // A10G
  ...gFamily("g6", 4), // L4
  ...gFamily("g6e", 8), // L40S
  "p3.2xlarge": gpu(1, 8, 61), "p3.8xlarge": gpu(4, 32, 244), "p3.16xlarge": gpu(8, 64, 488),
  "p4d.24xlarge": gpu(8, 96, 1152),
  "p5.48xlarge": gpu(8, 192, 2048),
  "p5e.48xlarge": gpu(8, 192, 2048),
  ...mFamily("m5"), ...mFamily("m6i"), ...mFamily("m7i"),
  "t3.medium": cpu(2, 4), "t3.large": cpu(2, 8), "t3.xlarge": cpu(4, 16), "t3.2xlarge": cpu(8, 32),
};

/** CPU families of EC2_INSTANCE_TYPES each region offers (the system node group's choices). */
const EC2_CPU_FAMILIES_BY_REGION: Readonly<Record<string, readonly string[]>> = {
  "cn-north-1": ["m5", "m6i", "t3"],
  "ap-east-1": ["m5", "m6i", "t3"],
  ...Object.fromEntries(["eu-central-1", "eu-west-1", "us-east-1", "us-west-2", "ap-northeast-1", "ap-southeast-1"]
    .map((region) => [region, ["m5", "m6i", "m7i", "t3"]])),
};

/** ElastiCache node types (vCPUs and memory as ElastiCache states them). */
export const CACHE_NODE_TYPES: Readonly<Record<string, InstanceFacts>> = {
  ...Object.fromEntries(["cache.t3", "cache.t4g"].flatMap((f) => [[`${f}.micro`, cpu(2, 0.5)], [`${f}.small`, cpu(2, 1.37)], [`${f}.medium`, cpu(2, 3.09)]])),
  "cache.m5.large": cpu(2, 6.38), "cache.m5.xlarge": cpu(4, 12.93), "cache.m5.2xlarge": cpu(8, 26.04), "cache.m5.4xlarge": cpu(16, 52.26),
  "cache.m5.12xlarge": cpu(48, 157.12), "cache.m5.24xlarge": cpu(96, 314.32),
  ...Object.fromEntries(["cache.m6g", "cache.m7g"].flatMap((f) => [
    [`${f}.large`, cpu(2, 6.38)], [`${f}.xlarge`, cpu(4, 12.93)], [`${f}.2xlarge`, cpu(8, 26.04)], [`${f}.4xlarge`, cpu(16, 52.26)],
    [`${f}.8xlarge`, cpu(32, 103.68)], [`${f}.12xlarge`, cpu(48, 157.12)], [`${f}.16xlarge`, cpu(64, 209.55)],
  ])),
  "cache.r5.large": cpu(2, 13.07), "cache.r5.xlarge": cpu(4, 26.32), "cache.r5.2xlarge": cpu(8, 52.82), "cache.r5.4xlarge": cpu(16, 105.81),
  "cache.r5.12xlarge": cpu(48, 317.77), "cache.r5.24xlarge": cpu(96, 635.61),
  ...Object.fromEntries(["cache.r6g", "cache.r7g", "cache.r6gd"].flatMap((f) => [
    // r6gd (data tiering) starts at xlarge.
    ...(f === "cache.r6gd" ? [] : [[`${f}.large`, cpu(2, 13.07)]]),
    [`${f}.xlarge`, cpu(4, 26.32)], [`${f}.2xlarge`, cpu(8, 52.82)], [`${f}.4xlarge`, cpu(16, 105.81)],
    [`${f}.8xlarge`, cpu(32, 209.55)], [`${f}.12xlarge`, cpu(48, 317.77)], [`${f}.16xlarge`, cpu(64, 419.09)],
  ])),
  "cache.c7gn.large": cpu(2, 3.09), "cache.c7gn.xlarge": cpu(4, 6.38), "cache.c7gn.2xlarge": cpu(8, 12.94), "cache.c7gn.4xlarge": cpu(16, 26.05),
  "cache.c7gn.8xlarge": cpu(32, 52.26), "cache.c7gn.12xlarge": cpu(48, 78.56), "cache.c7gn.16xlarge": cpu(64, 105.81),
};

/** ElastiCache families each commercial region of the table offers. */
const CACHE_FAMILIES_BY_REGION: Readonly<Record<string, readonly string[]>> = (() => {
  const everywhere = ["cache.t3", "cache.t4g", "cache.m5", "cache.m6g", "cache.r5", "cache.r6g"];
  const graviton3 = ["cache.m7g", "cache.r7g", "cache.r6gd"];
  return {
    "ap-east-1": everywhere,
    "eu-central-1": [...everywhere, ...graviton3],
    "ap-northeast-1": [...everywhere, ...graviton3],
    "ap-southeast-1": [...everywhere, ...graviton3],
    "eu-west-1": [...everywhere, ...graviton3, "cache.c7gn"],
    "us-east-1": [...everywhere, ...graviton3, "cache.c7gn"],
    "us-west-2": [...everywhere, ...graviton3, "cache.c7gn"],
  };
})();

/** MSK Standard broker types. */
export const KAFKA_BROKER_TYPES: Readonly<Record<string, InstanceFacts>> = {
  "kafka.t3.small": cpu(2, 2),
  ...Object.fromEntries(["kafka.m5", "kafka.m7g"].flatMap((f) => [
    [`${f}.large`, cpu(2, 8)], [`${f}.xlarge`, cpu(4, 16)], [`${f}.2xlarge`, cpu(8, 32)], [`${f}.4xlarge`, cpu(16, 64)],
    [`${f}.8xlarge`, cpu(32, 128)], [`${f}.12xlarge`, cpu(48, 192)], [`${f}.16xlarge`, cpu(64, 256)],
    ...(f === "kafka.m5" ? [[`${f}.24xlarge`, cpu(96, 384)]] : []),
  ])),
};

/** MSK broker families each commercial region of the table offers (kafka.m7g is not in Hong Kong). */
const KAFKA_FAMILIES_BY_REGION: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  ["ap-east-1", "eu-central-1", "eu-west-1", "us-east-1", "us-west-2", "ap-northeast-1", "ap-southeast-1"]
    .map((region) => [region, region === "ap-east-1" ? ["kafka.t3", "kafka.m5"] : ["kafka.t3", "kafka.m5", "kafka.m7g"]]),
);

/** Family of a type: the type without its size (`cache.r6g.large` → `cache.r6g`, `g5.xlarge` → `g5`). */
export function familyOf(type: string): string {
  return type.slice(0, type.lastIndexOf(".") === -1 ? type.length : type.lastIndexOf("."));
}

/** The tables by service. */
const SERVICES = {
  ec2: { name: "EC2 instance type", types: EC2_INSTANCE_TYPES, regions: EC2_CPU_FAMILIES_BY_REGION },
  cache: { name: "ElastiCache node type", types: CACHE_NODE_TYPES, regions: CACHE_FAMILIES_BY_REGION },
  kafka: { name: "MSK broker type", types: KAFKA_BROKER_TYPES, regions: KAFKA_FAMILIES_BY_REGION },
} as const;
/** A service with a table here. */
export type InstanceService = keyof typeof SERVICES;

/**
 * Why `type` is not a type of `service` the table knows (undefined when it
 * is): names the known sizes of its family, or the known families.
 */
export function unknownTypeProblem(service: InstanceService, type: string, families?: readonly string[]): string | undefined {
  const { name, types } = SERVICES[service];
  if (types[type] && (!families || families.includes(familyOf(type)))) return undefined;
  const family = familyOf(type);
  const sizes = Object.keys(types).filter((t) => familyOf(t) === family && (!families || families.includes(family)));
  if (sizes.length > 0) return `unknown ${name}: ${family} comes in ${sizes.map((t) => t.slice(family.length + 1)).join(", ")} (instance facts recorded ${INSTANCE_FACTS_RECORDED})`;
  const known = families ?? [...new Set(Object.keys(types).map(familyOf))];
  return `unknown ${name}; known families: ${known.join(", ")} (instance facts recorded ${INSTANCE_FACTS_RECORDED})`;
}

/**
 * Why `type` is not offered in `region` (undefined when it is, or when the
 * table has no offerings recorded for the region: then only the type is checked).
 */
export function notOfferedProblem(service: InstanceService, type: string, region: string): string | undefined {
  const { name, regions } = SERVICES[service];
  const offered = regions[region];
  if (!offered || offered.includes(familyOf(type))) return undefined;
  return `${name} family ${familyOf(type)} is not offered in ${region}; offered there: ${offered.join(", ")} (recorded ${INSTANCE_FACTS_RECORDED})`;
}

/** GPUs on one instance of an EC2 type of the table; throws for a type the stack-file check would have refused. */
export function gpusOf(instanceType: string): number {
  const facts = EC2_INSTANCE_TYPES[instanceType];
  if (!facts) throw new Error(`no instance facts for ${instanceType} (components/lib/instance-facts.ts)`);
  return facts.gpus;
}
