/**
 * The contract of Network: its settings, defaults and rules, defined once.
 * `NetworkArgs` extends `NetworkSettings`; a region's `vpcCidr` and
 * `natGateways` in the stack file are these fields. Pulumi-free.
 */
import { z } from "zod";
import { parseCidr } from "../lib/cidr";
import type { SettingsProblem } from "../lib/contract";
import { logRetentionProblem } from "../lib/log-retention";

/** VPC CIDR: /16 to /20 (AWS allows /16–/28; /20 is the smallest that fits the six subnets). */
export const vpcCidrSchema = z.string().superRefine((text, ctx) => {
  const cidr = parseCidr(text);
  if (!cidr) ctx.addIssue({ code: "custom", message: "an IPv4 CIDR such as 10.20.0.0/16 with no host bits set" });
  else if (cidr.prefix < 16 || cidr.prefix > 20) ctx.addIssue({ code: "custom", message: "prefix must be /16 to /20 (AWS allows /16–/28; /20 is the smallest that fits 6 subnets)" });
});

/** NAT gateways: one per AZ survives an AZ loss; one for the VPC saves cost in dev. @default perAz */
export const natGatewaysSchema = z.enum(["single", "perAz"]).default("perAz");

/** Settings of one regional network. */
export const networkSettingsSchema = z.strictObject({
  /** VPC CIDR, /16 to /20. Private subnets take three quarters, public ones a sixteenth each. */
  cidrBlock: vpcCidrSchema,
  natGateways: natGatewaysSchema,
  /** Days VPC flow logs are kept in CloudWatch Logs. @default 90 */
  flowLogRetentionDays: z.number().int("a whole number").default(90).superRefine((days, ctx) => {
    const problem = logRetentionProblem(days);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
});

/** What a caller may set (defaulted keys optional). */
export type NetworkSettings = z.input<typeof networkSettingsSchema>;

/** What prod adds: a NAT gateway per AZ, so an AZ outage does not cut the other AZs' nodes off the internet. */
export function networkProdProblems(natGateways: z.output<typeof natGatewaysSchema>): SettingsProblem[] {
  if (natGateways === "perAz") return [];
  return [{ path: ["natGateways"], message: "prod needs perAz: with a single NAT gateway, losing its AZ cuts every private subnet off (image pulls, AWS APIs); single is for dev" }];
}
