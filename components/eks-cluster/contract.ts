/**
 * The contract of EksCluster: its settings, defaults and rules, defined once.
 * `EksClusterArgs` extends `EksClusterSettings`; a region's `cluster:` section
 * in the stack file is this schema. Pulumi-free.
 */
import { z } from "zod";
import { parseCidr } from "../lib/cidr";
import type { SettingsProblem } from "../lib/contract";
import { notOfferedProblem, unknownTypeProblem } from "../lib/instance-facts";
import { logRetentionProblem } from "../lib/log-retention";
import { partitionOf } from "../lib/partition";

const wholeNumber = z.number().int("a whole number");

/** CPU families the system node group may run on: x86_64 (its AMI is AL2023_x86_64_STANDARD), general purpose or burstable. */
const SYSTEM_FAMILIES = ["m5", "m6i", "m7i", "t3"];
/** EKS's default quota of nodes per managed node group (adjustable). */
const MAX_SYSTEM_NODES = 450;
const SYSTEM_NODES_BOUND = `at most ${MAX_SYSTEM_NODES} (EKS's default quota of nodes per managed node group; raise the quota and this bound together)`;

/** Settings of one cluster (the Kubernetes version is the stack's, passed separately). */
export const eksClusterSettingsSchema = z.strictObject({
  /** CIDRs allowed to reach a public API endpoint; empty keeps the endpoint private; 0.0.0.0/0 is refused. @default [] */
  publicAccessCidrs: z.array(z.string().superRefine((c, ctx) => {
    if (!parseCidr(c)) ctx.addIssue({ code: "custom", message: "an IPv4 CIDR such as 203.0.113.0/24" });
    else if (c === "0.0.0.0/0") ctx.addIssue({ code: "custom", message: "0.0.0.0/0 opens the API to the internet; list your office/VPN CIDRs" });
  })).default([]),
  /** IAM principal ARNs granted cluster admin through access entries (in the region's partition). @default [] */
  adminPrincipalArns: z.array(z.string()).default([]),
  /** Instance type of the system (CPU) node group. @default m6i.large */
  systemInstanceType: z.string().superRefine((type, ctx) => {
    const problem = unknownTypeProblem("ec2", type, SYSTEM_FAMILIES);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }).default("m6i.large"),
  /** System node group minimum size; at least one node runs cluster services. @default 2 */
  systemMinNodes: wholeNumber.min(1, "must be ≥ 1").max(MAX_SYSTEM_NODES, SYSTEM_NODES_BOUND).default(2),
  /** System node group maximum size. @default 6 */
  systemMaxNodes: wholeNumber.positive("must be > 0").max(MAX_SYSTEM_NODES, SYSTEM_NODES_BOUND).default(6),
  /** Days control-plane logs are kept. @default 90 */
  logRetentionDays: wholeNumber.positive("must be > 0").default(90),
}).superRefine((s, ctx) => {
  const retention = logRetentionProblem(s.logRetentionDays);
  if (retention) ctx.addIssue({ code: "custom", path: ["logRetentionDays"], message: retention });
  if (s.systemMinNodes > s.systemMaxNodes) {
    ctx.addIssue({ code: "custom", path: ["systemMinNodes"], message: `min (${s.systemMinNodes}) is greater than systemMaxNodes (${s.systemMaxNodes})` });
  }
});

/** What a caller may set (defaulted keys optional). */
export type EksClusterSettings = z.input<typeof eksClusterSettingsSchema>;
/** Settings with every default applied. */
export type ResolvedEksClusterSettings = z.output<typeof eksClusterSettingsSchema>;

/** Rules that need the cluster's region: ARNs of its partition, a system instance type offered there. */
export function eksClusterRegionProblems(s: ResolvedEksClusterSettings, awsRegion: string): SettingsProblem[] {
  const partition = partitionOf(awsRegion);
  const offered = notOfferedProblem("ec2", s.systemInstanceType, awsRegion);
  return [
    ...s.adminPrincipalArns.flatMap((arn, i) => arn.startsWith(`arn:${partition}:iam::`)
      ? []
      : [{ path: ["adminPrincipalArns", i], message: `must be an IAM ARN of partition ${partition} (arn:${partition}:iam::…)` }]),
    ...(offered ? [{ path: ["systemInstanceType"], message: offered }] : []),
  ];
}
