// Rules of the stack as a whole, run once every region and the DNS have parsed: what no single component can see.
import { geoDnsProdProblems, regionRoutingProblems, ROUTE53_METRICS_REGION } from "../../components/geo-dns";
import { cidrsOverlap, parseCidr, type Cidr } from "../../components/lib/cidr";
import type { SettingsProblem } from "../../components/lib/contract";
import { partitionOf } from "../../components/lib/partition";
import { resolveThresholds, thresholdProblems } from "../../components/monitoring";
import { planRegion, regionLoad } from "../../components/region";
import { PROJECT } from "./project";
import type { StackConfig } from "./schema";

/** A rule broken by a combination of values; `path` is relative to the config root. */
export type SemanticProblem = SettingsProblem & { value?: unknown };

/** Rules across regions: unique names and AWS regions, VPC CIDRs that can be peered. */
function regionsProblems(cfg: StackConfig): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  const seenNames = new Map<string, number>();
  const seenRegions = new Map<string, number>();
  const cidrs: Array<{ index: number; cidr: Cidr }> = [];
  cfg.regions.forEach((r, i) => {
    const dupName = seenNames.get(r.name);
    if (dupName !== undefined) problems.push({ path: ["regions", i, "name"], message: `duplicate region name: regions[${dupName}] is also "${r.name}"` });
    else seenNames.set(r.name, i);
    const dupRegion = seenRegions.get(r.awsRegion);
    if (dupRegion !== undefined) problems.push({ path: ["regions", i, "awsRegion"], message: `duplicate region: regions[${dupRegion}] already uses ${r.awsRegion}` });
    else seenRegions.set(r.awsRegion, i);
    const cidr = parseCidr(r.vpcCidr)!;
    const clash = cidrs.find((c) => cidrsOverlap(c.cidr, cidr));
    if (clash) problems.push({ path: ["regions", i, "vpcCidr"], message: `overlaps regions[${clash.index}].vpcCidr ${cfg.regions[clash.index]!.vpcCidr}; regions must not overlap so they can be peered` });
    cidrs.push({ index: i, cidr });
  });
  return problems;
}

/** Each region's own rules, and those that need the stack: prod's rules, alert thresholds under the stack's headroom, config key namespaces. */
function perRegionProblems(cfg: StackConfig): SemanticProblem[] {
  return cfg.regions.flatMap((r, i) => {
    const under = (p: SettingsProblem): SemanticProblem => ({ path: ["regions", i, ...p.path], message: p.message });
    const problems = planRegion(r, cfg, cfg.environment).problems.map(under);
    if (r.monitoring.alerting.webhookUrlSecret?.startsWith(`${PROJECT}:`)) {
      problems.push(under({ path: ["monitoring", "alerting", "webhookUrlSecret"], message: `use a key outside the ${PROJECT} namespace (e.g. alerting:…): that namespace only holds the keys of this schema` }));
    }
    for (const p of thresholdProblems(resolveThresholds(r.monitoring.thresholds, regionLoad(r.traffic, cfg)))) problems.push(under({ path: ["monitoring", ...p.path], message: p.message }));
    return problems;
  });
}

/** Rules of the DNS that need the stack: routes to its regions, prod's alarms, the account of the zone. */
function dnsProblems(cfg: StackConfig): SemanticProblem[] {
  const dns = cfg.dns;
  if (!dns) return [];
  const problems: SemanticProblem[] = [
    ...regionRoutingProblems(dns, cfg.regions.map((r) => r.name)),
    ...(cfg.environment === "prod" ? geoDnsProdProblems(dns) : []),
  ].map((p) => ({ path: ["dns", ...p.path], message: p.message }));
  if (dns.profile !== undefined && dns.assumeRoleArn !== undefined) problems.push({ path: ["dns", "assumeRoleArn"], message: "set either profile or assumeRoleArn, not both" });
  const globalPartition = partitionOf(ROUTE53_METRICS_REGION);
  if (dns.assumeRoleArn !== undefined && !dns.assumeRoleArn.startsWith(`arn:${globalPartition}:iam::`)) {
    problems.push({ path: ["dns", "assumeRoleArn"], message: `must be an IAM role ARN of the ${globalPartition} partition (arn:${globalPartition}:iam::…), where Route 53 public zones and health checks live` });
  }
  return problems;
}

/** Rules relating several parts of the stack, run after every part has parsed. */
export function checkSemantics(cfg: StackConfig): SemanticProblem[] {
  return [...regionsProblems(cfg), ...perRegionProblems(cfg), ...dnsProblems(cfg)];
}
