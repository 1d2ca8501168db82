/**
 * The contract of GpuNodePool: its settings, defaults and rules, and the
 * inputs of its capacity plan, defined once. `GpuNodePoolArgs` extends
 * `GpuNodePoolSettings`; an entry of a region's `gpuPools:` in the stack file
 * is built from these fields. Pulumi-free.
 */
import { z } from "zod";
import type { SettingsProblem } from "../lib/contract";
import { GPU_OFFERINGS_RECORDED, gpuFamiliesIn, instanceFamily, isGpuInstanceType } from "./offerings";

const wholeNumber = z.number().int("a whole number");

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
    .refine(isGpuInstanceType, { message: "not a GPU instance type this library knows (components/gpu-node-pool/offerings.ts)" }))
    .min(1, "at least one instance type"),
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
  qpsPerGpu: z.number().positive("must be > 0"),
  /** GPUs per node. @default from the first instance type */
  gpusPerNode: wholeNumber.positive("must be > 0").optional(),
  /** Share of the region's traffic this pool serves, in percent. @default 100 */
  trafficSharePercent: z.number().gt(0, "must be > 0").max(100, "at most 100").default(100),
  /** Override of the planned minimum node count. */
  minNodes: wholeNumber.min(0, "must be ≥ 0").optional(),
  /** Override of the planned maximum node count. */
  maxNodes: wholeNumber.positive("must be > 0").optional(),
};
