import { z } from "zod";
import { SUPPORTED_KUBERNETES_VERSIONS } from "./regions";
import { kafkaSectionSchema, redisSectionSchema } from "./sections/data-plane";
import { dnsSectionSchema } from "./sections/dns";
import { ingressSectionSchema } from "./sections/ingress";
import { monitoringSectionSchema } from "./sections/monitoring";

/**
 * Shape of the stack configuration (keys under `inference-platform:` in
 * Pulumi.<stack>.yaml). Structure and ranges live here; rules that relate
 * several fields (partition of a region, GPU families, CIDR overlap) live in
 * `semantics.ts`. Defaults for the stack-wide scalars come from Pulumi.yaml.
 */

const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,14}$/, "lower-case letters, digits and '-', starting with a letter, at most 15 characters");
/** Pulumi hands top-level scalars to the program as text: accept "20" as 20, refuse "abc". */
const topLevelNumber = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, "a number").transform(Number)]);
const positiveInt = z.number().int("a whole number").positive("must be > 0");

const gpuPoolSchema = z.strictObject({
  /** Pool name, unique in its region. */
  name,
  /** Instance types, in the preference order of the managed node group. */
  instanceTypes: z.array(z.string().regex(/^[a-z0-9-]+\.[a-z0-9]+$/, "an EC2 instance type such as g5.2xlarge")).min(1),
  /** ON_DEMAND or SPOT. @default ON_DEMAND */
  capacityType: z.enum(["ON_DEMAND", "SPOT"]).default("ON_DEMAND"),
  /** NVIDIA AMI family. @default AL2023 */
  amiFamily: z.enum(["AL2023", "BOTTLEROCKET"]).default("AL2023"),
  /** Root volume size in GiB; model images are large. @default 200 */
  rootVolumeGiB: z.number().int().min(100, "at least 100 GiB: model images do not fit in less").max(16384).default(200),
  /** Sustained QPS one GPU serves within the latency SLO. */
  qpsPerGpu: z.number().positive("must be > 0"),
  /** GPUs per node; defaults from the first instance type. */
  gpusPerNode: positiveInt.optional(),
  /** Share of the region's traffic this pool serves, in percent. @default 100 */
  trafficSharePercent: z.number().gt(0, "must be > 0").max(100, "at most 100").default(100),
  /** Override of the planned minimum node count. */
  minNodes: z.number().int().min(0, "must be ≥ 0").optional(),
  /** Override of the planned maximum node count. */
  maxNodes: positiveInt.optional(),
});

const trafficSchema = z.strictObject({
  /** Peak QPS served in this region today. */
  peakQps: z.number().positive("must be > 0"),
  /** Overrides the stack-wide monthlyGrowthPercent for this region. */
  monthlyGrowthPercent: z.number().min(0, "must be ≥ 0").max(100, "at most 100").optional(),
  /** Overrides the stack-wide headroomPercent for this region. */
  headroomPercent: z.number().min(0, "must be ≥ 0").max(200, "at most 200").optional(),
  /** Overrides the stack-wide surgeFactor for this region. */
  surgeFactor: z.number().min(1, "must be ≥ 1").max(100, "at most 100").optional(),
});

const clusterSchema = z
  .strictObject({
    /** CIDRs allowed to reach a public API endpoint; empty keeps the endpoint private. @default [] */
    publicAccessCidrs: z.array(z.string()).default([]),
    /** IAM principal ARNs granted cluster admin through access entries. @default [] */
    adminPrincipalArns: z.array(z.string()).default([]),
    /** Instance type of the system (CPU) node group. @default m6i.large */
    systemInstanceType: z.string().default("m6i.large"),
    /** System node group minimum size. @default 2 */
    systemMinNodes: z.number().int().min(1, "must be ≥ 1").default(2),
    /** System node group maximum size. @default 6 */
    systemMaxNodes: positiveInt.default(6),
    /** Days control-plane logs are kept. @default 90 */
    logRetentionDays: positiveInt.default(90),
  })
  .default({
    publicAccessCidrs: [],
    adminPrincipalArns: [],
    systemInstanceType: "m6i.large",
    systemMinNodes: 2,
    systemMaxNodes: 6,
    logRetentionDays: 90,
  });

const regionSchema = z.strictObject({
  /** Short logical name, used in resource names and DNS routing (e.g. `shanghai`). */
  name,
  /** AWS region code. */
  awsRegion: z.string().min(1),
  /** Partition the region belongs to; must match the region. */
  partition: z.enum(["aws", "aws-cn"]),
  /** Named AWS profile for this region's account (China needs its own). */
  profile: z.string().min(1).optional(),
  /** Role to assume for this region's account. */
  assumeRoleArn: z.string().min(1).optional(),
  /** VPC CIDR, /16 to /20. */
  vpcCidr: z.string(),
  /** NAT gateways: one for the VPC (cheap) or one per AZ (survives an AZ loss). @default perAz */
  natGateways: z.enum(["single", "perAz"]).default("perAz"),
  /** Registry host/prefix that mirrors upstream images; required in China. */
  imageMirror: z.string().min(1).optional(),
  /** Helm chart repository (https or oci) that mirrors upstream charts. */
  chartMirror: z.string().min(1).optional(),
  cluster: clusterSchema,
  gpuPools: z.array(gpuPoolSchema).min(1, "at least one GPU pool per region"),
  traffic: trafficSchema,
  /** Managed Redis of the region (sessions, 30 s response cache). */
  redis: redisSectionSchema,
  /** Managed Kafka of the region (async inference work). */
  kafka: kafkaSectionSchema,
  /** Public entry point of the region. */
  ingress: ingressSectionSchema,
  /** Prometheus, Grafana, alerts and alarms of the region. */
  monitoring: monitoringSectionSchema,
});

/** The whole stack configuration. */
export const stackConfigSchema = z.strictObject({
  /** Team that owns the stack; lands in the `owner` tag. */
  owner: z.string().min(1),
  /** dev relaxes cost (single NAT, spot); prod protects stateful resources. */
  environment: z.enum(["dev", "prod"]),
  /** EKS Kubernetes version. */
  kubernetesVersion: z.enum(SUPPORTED_KUBERNETES_VERSIONS),
  /** Demand growth per month, percent (seed: 20). */
  monthlyGrowthPercent: topLevelNumber.pipe(z.number().min(0, "must be ≥ 0").max(100, "at most 100")),
  /** Spare capacity above the forecast, percent (seed: 30). */
  headroomPercent: topLevelNumber.pipe(z.number().min(0, "must be ≥ 0").max(200, "at most 200")),
  /** Surge multiple of today's peak (seed: 10). */
  surgeFactor: topLevelNumber.pipe(z.number().min(1, "must be ≥ 1").max(100, "at most 100")),
  /** Months ahead the GPU pools are sized for. */
  planningHorizonMonths: topLevelNumber.pipe(z.number().int("a whole number").min(1, "must be ≥ 1").max(24, "at most 24")),
  regions: z.array(regionSchema).min(1, "at least one region"),
  /** Global geo-DNS routing users to the nearest healthy region. */
  dns: dnsSectionSchema,
});

/** Validated stack configuration. */
export type StackConfig = z.infer<typeof stackConfigSchema>;
/** One validated region of the stack. */
export type RegionConfig = StackConfig["regions"][number];
/** One validated GPU pool of a region. */
export type GpuPoolConfig = RegionConfig["gpuPools"][number];

