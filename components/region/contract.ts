/**
 * The contract of RegionalPlatform: one region of the stack file (an entry
 * of `regions:`), composed from the contracts of the components the region
 * builds, plus the rules that need the region itself (its partition, its GPU
 * offerings). The stack file's `regions[]` is this schema; RegionalPlatform
 * validates with it. Pulumi-free.
 */
import { z } from "zod";
import type { SettingsProblem } from "../lib/contract";
import { KNOWN_REGIONS } from "../lib/regions";
import { eksClusterRegionProblems, eksClusterSettingsSchema } from "../eks-cluster/contract";
import { gpuNodePoolSettingsSchema, gpuPoolRegionProblems, gpuPoolSizingShape } from "../gpu-node-pool/contract";
import { natGatewaysSchema, vpcCidrSchema } from "../network/contract";
import { frontDoorSettingsSchema } from "../front-door/contract";
import { certificateArnProblem, ingressSettingsSchema } from "../ingress/contract";
import { kafkaProdProblems, kafkaRegionProblems, kafkaSettingsSchema } from "../kafka/contract";
import { monitoringSettingsSchema } from "../monitoring/contract";
import { redisProdProblems, redisSettingsSchema } from "../redis/contract";
import { chartMirrorPartitionProblem } from "../lib/chart-mirror";
import { kedaProdProblems, kedaSettingsSchema } from "../keda/contract";
import { modelServerSettingsSchema } from "../model-server/contract";
import { modelPrefixProblem, modelWeightsProdProblems, modelWeightsSettingsSchema } from "../model-weights/contract";
import { workloadPrioritiesSettingsSchema } from "../workload-priorities/contract";

/** Logical names of regions and pools: they appear in resource names and DNS set identifiers. */
export const logicalNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,14}$/, "lower-case letters, digits and '-', starting with a letter, at most 15 characters");

const pool = gpuNodePoolSettingsSchema.shape;

/** One GPU pool of a region: the node group's settings and how it is sized. */
export const gpuPoolSectionSchema = z.strictObject({
  /** Pool name, unique in its region. */
  name: logicalNameSchema,
  instanceTypes: pool.instanceTypes,
  capacityType: pool.capacityType,
  amiFamily: pool.amiFamily,
  rootVolumeGiB: pool.rootVolumeGiB,
  ...gpuPoolSizingShape,
});

/** The region's traffic, with optional overrides of the stack-wide planning figures. */
export const trafficSchema = z.strictObject({
  /** Peak QPS served in this region today. */
  peakQps: z.number().positive("must be > 0"),
  /** Overrides the stack-wide monthlyGrowthPercent for this region. */
  monthlyGrowthPercent: z.number().min(0, "must be ≥ 0").max(100, "at most 100").optional(),
  /** Overrides the stack-wide headroomPercent for this region. */
  headroomPercent: z.number().min(0, "must be ≥ 0").max(200, "at most 200").optional(),
  /** Overrides the stack-wide surgeFactor for this region. */
  surgeFactor: z.number().min(1, "must be ≥ 1").max(100, "at most 100").optional(),
});

/** A folder of the region's weights bucket. */
const weightsPrefixSchema = z.string().superRefine((prefix, ctx) => {
  const problem = modelPrefixProblem(prefix);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/**
 * A canary of a model server: its own replicas on other weights, taking a share of the
 * server's route. Starting, promoting and rolling back are this section and a `pulumi up`
 * (README, "Canary releases").
 */
const canarySchema = z.strictObject({
  /** Share of the route's requests the canary takes, percent. @default 0 (running, but sent nothing but forced requests) */
  weightPercent: z.number().min(0, "0 to 100").max(100, "0 to 100").default(0),
  /** Folder of the canary's weights in the region's bucket. */
  weights: weightsPrefixSchema,
});

/** One model server of the region: a model at one tier on one GPU pool, its weights under a prefix of the region's bucket. */
export const modelPlacementSchema = modelServerSettingsSchema.safeExtend({
  /** GPU pool it runs on: a `gpuPools[].name` of the region. */
  pool: logicalNameSchema,
  /** Folder of the model's files in the region's weights bucket (`serving.weights`), e.g. `llama-3.1-8b-instruct/2024-07-23`. */
  weights: weightsPrefixSchema,
  /** A canary beside the stable replicas. @default none (the route's canary backend has weight 0 and no pods) */
  canary: canarySchema.optional(),
  /** Share of the pool's planned traffic this server takes, percent; servers sharing a pool add up to at most 100. @default 100 */
  poolSharePercent: z.number().gt(0, "must be > 0").max(100, "at most 100").default(100),
});

/** The region's model serving: its model servers, the weights bucket, KEDA and the tiers' priority classes. */
export const servingSectionSchema = z.strictObject({
  /** The model servers, at least one. */
  models: z.array(modelPlacementSchema).min(1, "at least one model server per region"),
  /** The weights bucket and its reader. */
  weights: modelWeightsSettingsSchema.prefault({}),
  /** KEDA, which scales the model servers on their queues. */
  keda: kedaSettingsSchema.prefault({}),
  /** PriorityClasses of the tiers. */
  priorities: workloadPrioritiesSettingsSchema.prefault({}),
});

/** The region's own fields (the components' sections are added in regionSettingsSchema). */
const regionShape = {
  /** Short logical name, used in resource names and DNS routing (e.g. `shanghai`). */
  name: logicalNameSchema,
  /** AWS region code. */
  awsRegion: z.string().min(1),
  /** Partition the region belongs to; must match the region. */
  partition: z.enum(["aws", "aws-cn"]),
  /** Named AWS profile for this region's account (China needs its own). */
  profile: z.string().min(1).optional(),
  /** Role to assume for this region's account. */
  assumeRoleArn: z.string().min(1).optional(),
  /** VPC CIDR, /16 to /20. */
  vpcCidr: vpcCidrSchema,
  natGateways: natGatewaysSchema,
  /** Registry host/prefix that mirrors upstream images; required in China. */
  imageMirror: z.string().min(1).optional(),
  /** Helm chart repository (https or oci) that mirrors upstream charts. */
  chartMirror: z.string().min(1).optional(),
  /** The EKS cluster. */
  cluster: eksClusterSettingsSchema.prefault({}),
  gpuPools: z.array(gpuPoolSectionSchema).min(1, "at least one GPU pool per region"),
  traffic: trafficSchema,
  /** Managed Redis of the region (sessions, 30 s response cache). */
  redis: redisSettingsSchema.prefault({}),
  /** Managed Kafka of the region (async inference work). */
  kafka: kafkaSettingsSchema.prefault({}),
  /** Public entry point of the region: the NLB and its controller. */
  ingress: ingressSettingsSchema.prefault({}),
  /** The API gateway behind the NLB: client identity and tiers, limits, timeouts, retries. */
  frontDoor: frontDoorSettingsSchema,
  /** Prometheus, Grafana, alerts and alarms of the region (its lag alert watches Kafka's request topic). */
  monitoring: monitoringSettingsSchema.prefault({}),
  /** Model serving: vLLM servers on the GPU pools, scaled by KEDA, weights from S3. */
  serving: servingSectionSchema,
};

/**
 * Rules of a region that need the region itself (its partition, zones, GPU
 * offerings), run once its settings have parsed: RegionalPlatform runs them
 * before building, and the stack file's check runs them next to the rules
 * across regions, so one error lists both. Paths are relative to the region.
 */
export function regionProblems(r: RegionConfig): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const add = (path: Array<string | number>, message: string | undefined) => {
    if (message) problems.push({ path, message });
  };
  const known = KNOWN_REGIONS[r.awsRegion];
  if (!known) add(["awsRegion"], `unknown region; allowed: ${Object.keys(KNOWN_REGIONS).join(", ")}`);
  else if (known.partition !== r.partition) add(["partition"], `${r.awsRegion} is in partition "${known.partition}", not "${r.partition}"`);
  if (r.partition === "aws-cn" && !r.imageMirror) {
    add(["imageMirror"], "required in the aws-cn partition: nodes in China cannot pull from nvcr.io, quay.io, gcr.io or docker.io");
  }
  if (r.chartMirror) add(["chartMirror"], chartMirrorPartitionProblem(r.chartMirror, r.awsRegion));
  if (r.profile && r.assumeRoleArn) add(["assumeRoleArn"], "set either profile or assumeRoleArn, not both");
  if (r.assumeRoleArn && !r.assumeRoleArn.startsWith(`arn:${r.partition}:iam::`)) {
    add(["assumeRoleArn"], `must be an IAM role ARN in partition ${r.partition} (arn:${r.partition}:iam::…)`);
  }
  for (const p of eksClusterRegionProblems(r.cluster, r.awsRegion)) add(["cluster", ...p.path], p.message);

  const poolNames = new Set<string>();
  let share = 0;
  r.gpuPools.forEach((p, j) => {
    if (poolNames.has(p.name)) add(["gpuPools", j, "name"], `duplicate GPU pool name "${p.name}" in region ${r.name}`);
    poolNames.add(p.name);
    share += p.trafficSharePercent;
    for (const offered of gpuPoolRegionProblems(p.instanceTypes, r.awsRegion)) add(["gpuPools", j, ...offered.path], offered.message);
    if (p.minNodes !== undefined && p.maxNodes !== undefined && p.minNodes > p.maxNodes) {
      add(["gpuPools", j, "minNodes"], `min (${p.minNodes}) is greater than maxNodes (${p.maxNodes})`);
    }
  });
  if (Math.abs(share - 100) > 1e-9) add(["gpuPools"], `trafficSharePercent of the pools adds up to ${share}, must be 100`);

  const zones = known?.zones.length ?? 3;
  for (const p of kafkaRegionProblems(r.kafka, { zones, partition: r.partition })) add(["kafka", ...p.path], p.message);
  add(["ingress", "certificateArn"], certificateArnProblem(r.ingress.certificateArn, r.awsRegion));
  if (r.monitoring.requestTopic !== undefined) {
    add(["monitoring", "requestTopic"], "set by the region: the lag alert watches kafka.topics' requests topic; rename that topic instead");
  }
  return problems;
}

/** One region of the stack file: every component's settings (their defaults and rules come with them). */
export const regionSettingsSchema = z.strictObject(regionShape);

/** A region as written (defaulted keys optional). */
export type RegionSettings = z.input<typeof regionSettingsSchema>;
/** A region with every default applied. */
export type RegionConfig = z.output<typeof regionSettingsSchema>;

/** What prod adds to a region's rules: its components' prod rules. Paths are relative to the region. */
export function regionProdProblems(r: RegionConfig): SettingsProblem[] {
  return [
    ...redisProdProblems(r.redis).map((p) => ({ path: ["redis", ...p.path], message: p.message })),
    ...kafkaProdProblems(r.kafka).map((p) => ({ path: ["kafka", ...p.path], message: p.message })),
    ...modelWeightsProdProblems(r.serving.weights).map((p) => ({ path: ["serving", "weights", ...p.path], message: p.message })),
    ...kedaProdProblems(r.serving.keda).map((p) => ({ path: ["serving", "keda", ...p.path], message: p.message })),
    ...(r.ingress.certificateArn === undefined
      ? [{ path: ["ingress", "certificateArn"], message: "required in prod: clients must get a certificate they trust (an ACM certificate of the region; in China an imported one, README)" }]
      : []),
  ];
}
