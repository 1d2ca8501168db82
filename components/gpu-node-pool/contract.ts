/**
 * The contract of GpuNodePool: its settings, defaults and rules, and the
 * inputs of its capacity plan, defined once. `GpuNodePoolArgs` extends
 * `GpuNodePoolSettings`; an entry of a region's `gpuPools:` in the stack file
 * is built from these fields. Pulumi-free.
 */
import { z } from "zod";
import type { SettingsProblem } from "../lib/contract";
import { EC2_INSTANCE_TYPES, unknownTypeProblem } from "../lib/instance-facts";
import { GPU_FAMILIES, GPU_OFFERINGS_RECORDED, gpuFamiliesIn, gpusPerInstance, instanceFamily } from "./offerings";

const wholeNumber = z.number().int("a whole number");

/** EKS's default quota of nodes in one managed node group (Amazon EKS service quotas, "Nodes per managed node group"; adjustable). */
export const MAX_NODES_PER_NODE_GROUP = 450;
/** Most QPS one GPU may be planned for: 100 × what the seed's GPUs serve; beyond it a typo is likelier. */
const MAX_QPS_PER_GPU = 1000;
const NODE_COUNT_BOUND = `at most ${MAX_NODES_PER_NODE_GROUP} (EKS's default quota of nodes per managed node group; raise the quota and this bound together)`;

/** NVIDIA AMI family → EKS AMI type. */
export const NVIDIA_AMI_TYPES = {
  AL2023: "AL2023_x86_64_NVIDIA",
  BOTTLEROCKET: "BOTTLEROCKET_x86_64_NVIDIA",
} as const;

/** Settings of one GPU node group. */
export const gpuNodePoolSettingsSchema = z.strictObject({
  /** GPU instance types in the preference order of the managed node group. */
  instanceTypes: z.array(z.string()
    .regex(/^[a-z0-9-]+\.[a-z0-9]+$/, "an EC2 instance type such as g5.2xlarge")
    .superRefine((type, ctx) => {
      const problem = unknownTypeProblem("ec2", type, GPU_FAMILIES);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }, { when: (payload) => payload.issues.length === 0 }))
    .min(1, "at least one instance type")
    // The capacity plan counts GPUs per node: a pool mixing 1- and 4-GPU sizes would be planned wrong on one of them.
    .superRefine((types, ctx) => {
      const gpus = types.map(gpusPerInstance);
      const odd = gpus.findIndex((g) => g !== gpus[0]);
      if (odd > 0) ctx.addIssue({ code: "custom", path: [odd], message: `${gpus[odd]} GPUs per node, but ${types[0]} has ${gpus[0]}: every type of a pool needs the same GPU count (the capacity plan counts GPUs per node)` });
    }, { when: (payload) => payload.issues.length === 0 }),
  /** ON_DEMAND or SPOT. @default ON_DEMAND */
  capacityType: z.enum(["ON_DEMAND", "SPOT"]).default("ON_DEMAND"),
  /** NVIDIA AMI family. @default AL2023 */
  amiFamily: z.enum(["AL2023", "BOTTLEROCKET"]).default("AL2023"),
  /** Root (AL2023) or data (Bottlerocket) volume in GiB, sized for model images. @default 200 */
  rootVolumeGiB: wholeNumber.min(100, "at least 100 GiB: model images do not fit in less").max(16384, "at most 16384 GiB (EBS gp3)").default(200),
  /** Nodes replaced at once during an update, in percent. @default 25 */
  maxUnavailablePercent: wholeNumber.min(1, "between 1 and 100").max(100, "between 1 and 100").default(25),
  /** Extra Kubernetes labels. @default {} */
  labels: z.record(z.string(), z.string()).default({}),
});

/** What a caller may set (defaulted keys optional). */
export type GpuNodePoolSettings = z.input<typeof gpuNodePoolSettingsSchema>;
/** Settings with every default applied. */
export type ResolvedGpuNodePoolSettings = z.output<typeof gpuNodePoolSettingsSchema>;

/** Rules that need the pool's region: every instance type's family is offered there. */
export function gpuPoolRegionProblems(instanceTypes: readonly string[], awsRegion: string): SettingsProblem[] {
  const families = gpuFamiliesIn(awsRegion);
  if (!families) return [];
  return instanceTypes.flatMap((t, i) => families.includes(instanceFamily(t))
    ? []
    : [{ path: ["instanceTypes", i], message: `not offered in ${awsRegion}; allowed GPU families: ${families.join(", ")} (table recorded ${GPU_OFFERINGS_RECORDED})` }]);
}

/** How a pool is sized: the inputs of its capacity plan (capacity.ts), and overrides of the plan. */
export const gpuPoolSizingShape = {
  /** Sustained QPS one GPU serves within the latency SLO. */
  qpsPerGpu: z.number().positive("must be > 0").max(MAX_QPS_PER_GPU, `at most ${MAX_QPS_PER_GPU} (a sanity bound: the seed's GPUs serve 10–30 QPS each)`),
  /** GPUs per node; when set, must be the instance types' own count (a check, never an override). @default from the instance types */
  gpusPerNode: wholeNumber.positive("must be > 0").max(8, "at most 8 (no instance type of the table has more)").optional(),
  /** Share of the region's traffic this pool serves, in percent. @default 100 */
  trafficSharePercent: z.number().gt(0, "must be > 0").max(100, "at most 100").default(100),
  /** Override of the planned minimum node count. */
  minNodes: wholeNumber.min(0, "must be ≥ 0").max(MAX_NODES_PER_NODE_GROUP, NODE_COUNT_BOUND).optional(),
  /** Override of the planned maximum node count. */
  maxNodes: wholeNumber.positive("must be > 0").max(MAX_NODES_PER_NODE_GROUP, NODE_COUNT_BOUND).optional(),
};

/**
 * Rules between a pool's sizing and its instance types: a `gpusPerNode` that
 * differs from the types' own count would plan nodes that do not exist.
 * Paths are relative to the pool.
 */
export function gpuPoolSizingProblems(pool: { instanceTypes: readonly string[]; gpusPerNode?: number }): SettingsProblem[] {
  const first = pool.instanceTypes[0];
  // An unknown type is the schema's refusal; nothing to compare with.
  const actual = first === undefined ? undefined : EC2_INSTANCE_TYPES[first]?.gpus;
  if (pool.gpusPerNode === undefined || actual === undefined || pool.gpusPerNode === actual) return [];
  return [{ path: ["gpusPerNode"], message: `${first} has ${actual} GPU${actual === 1 ? "" : "s"} per node: gpusPerNode must be ${actual} (or left out); pick another instance type to change it` }];
}
