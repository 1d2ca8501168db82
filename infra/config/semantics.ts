// Rules of the stack as a whole, run once every region and the DNS have parsed: what no single component can see.
import { geoDnsProdProblems, regionRoutingProblems, ROUTE53_METRICS_REGION } from "../../components/geo-dns";
import { cidrsOverlap, parseCidr, type Cidr } from "../../components/lib/cidr";
import type { SettingsProblem } from "../../components/lib/contract";
import { partitionOf } from "../../components/lib/partition";
import { resolveThresholds, thresholdProblems } from "../../components/monitoring";
import { regionLoad } from "../../components/region";
import { regionProblemsPlanned } from "./inputs";
import { PROJECT } from "./project";
import type { StackConfig } from "./schema";

/** A rule broken by a combination of values; `path` is relative to the config root; `shown` replaces `got <value>` (a count, not the list). */
export type SemanticProblem = SettingsProblem & { shown?: string };

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
    const problems = regionProblemsPlanned(r, cfg, cfg.environment).map(under);
    if (r.monitoring.alerting.webhookUrlSecret?.startsWith(`${PROJECT}:`)) {
      problems.push(under({ path: ["monitoring", "alerting", "webhookUrlSecret"], message: `use a key outside the ${PROJECT} namespace (e.g. alerting:…): that namespace only holds the keys of this schema` }));
    }
    for (const p of thresholdProblems(resolveThresholds(r.monitoring.thresholds, regionLoad(r.traffic, cfg)))) problems.push(under({ path: ["monitoring", ...p.path], message: p.message }));
    return problems;
  });
}

/**
 * Credentials per partition: a profile or role reaches one partition, so a
 * stack spanning aws and aws-cn names the credentials of every region (the
 * default ones reach one partition only) and never shares a profile across
 * partitions, the DNS's (global partition, where Route 53 lives) included.
 */
function credentialProblems(cfg: StackConfig): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  const partitions = new Set(cfg.regions.map((r) => r.partition));
  const firstUse = new Map<string, { partition: string; who: string }>();
  const use = (profile: string | undefined, partition: string, who: string, path: Array<string | number>) => {
    if (profile === undefined) return;
    const first = firstUse.get(profile);
    if (!first) firstUse.set(profile, { partition, who });
    else if (first.partition !== partition) {
      problems.push({ path, message: `${first.who} uses this profile in partition ${first.partition}, ${who} in ${partition}: a profile holds the credentials of one partition; give each partition its own` });
    }
  };
  cfg.regions.forEach((r, i) => {
    if (partitions.size > 1 && r.profile === undefined && r.assumeRoleArn === undefined) {
      problems.push({ path: ["regions", i, "profile"], message: `this stack spans partitions ${[...partitions].join(" and ")}: every region names its credentials (profile or assumeRoleArn), as default credentials reach one partition only` });
    }
    use(r.profile, r.partition, `regions[${i}] (${r.name})`, ["regions", i, "profile"]);
  });
  use(cfg.dns?.profile, partitionOf(ROUTE53_METRICS_REGION), "the DNS (Route 53)", ["dns", "profile"]);
  return problems;
}

/** What prod adds to the stack as a whole: a second region to fail over to. */
function prodStackProblems(cfg: StackConfig): SemanticProblem[] {
  if (cfg.environment !== "prod" || cfg.regions.length >= 2) return [];
  return [{ path: ["regions"], message: "prod needs at least 2 regions: the DNS fails over to another region when one is down", shown: `got ${cfg.regions.length} region` }];
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
  return [...regionsProblems(cfg), ...prodStackProblems(cfg), ...credentialProblems(cfg), ...perRegionProblems(cfg), ...dnsProblems(cfg)];
}
