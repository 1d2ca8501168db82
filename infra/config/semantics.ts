import { logRetentionProblem } from "../../components/lib/log-retention";
import { cidrsOverlap, parseCidr, type Cidr } from "../../components/lib/cidr";
import { GPU_OFFERINGS_RECORDED, gpuFamiliesIn, instanceFamily } from "../../components/gpu-node-pool/offerings";
import { KNOWN_REGIONS } from "./regions";
import type { StackConfig } from "./schema";
import { checkDataPlane } from "./sections/data-plane";
import { checkDns } from "./sections/dns";
import { checkIngress } from "./sections/ingress";
import { checkMonitoring } from "./sections/monitoring";

/** A rule broken by a combination of values; `path` is relative to the config root. */
export interface SemanticProblem {
  path: Array<string | number>;
  message: string;
  value?: unknown;
}

/** Rules relating several fields, run after the structure is known to be right. */
export function checkSemantics(cfg: StackConfig): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  const add = (path: Array<string | number>, message: string) => problems.push({ path, message });

  const seenNames = new Map<string, number>();
  const seenRegions = new Map<string, number>();
  const cidrs: Array<{ index: number; cidr: Cidr }> = [];

  cfg.regions.forEach((r, i) => {
    const at = (...rest: Array<string | number>) => ["regions", i, ...rest];

    const dupName = seenNames.get(r.name);
    if (dupName !== undefined) add(at("name"), `duplicate region name: regions[${dupName}] is also "${r.name}"`);
    else seenNames.set(r.name, i);
    const dupRegion = seenRegions.get(r.awsRegion);
    if (dupRegion !== undefined) add(at("awsRegion"), `duplicate region: regions[${dupRegion}] already uses ${r.awsRegion}`);
    else seenRegions.set(r.awsRegion, i);

    const known = KNOWN_REGIONS[r.awsRegion];
    if (!known) {
      add(at("awsRegion"), `unknown region; allowed: ${Object.keys(KNOWN_REGIONS).join(", ")}`);
    } else if (known.partition !== r.partition) {
      add(at("partition"), `${r.awsRegion} is in partition "${known.partition}", not "${r.partition}"`);
    }
    if (r.partition === "aws-cn" && !r.imageMirror) {
      add(at("imageMirror"), "required in the aws-cn partition: nodes in China cannot pull from nvcr.io, quay.io, gcr.io or docker.io");
    }
    if (r.profile && r.assumeRoleArn) add(at("assumeRoleArn"), "set either profile or assumeRoleArn, not both");
    if (r.assumeRoleArn && !r.assumeRoleArn.startsWith(`arn:${r.partition}:iam::`)) {
      add(at("assumeRoleArn"), `must be an IAM role ARN in partition ${r.partition} (arn:${r.partition}:iam::…)`);
    }

    const cidr = parseCidr(r.vpcCidr);
    if (!cidr) add(at("vpcCidr"), "an IPv4 CIDR such as 10.20.0.0/16 with no host bits set");
    else if (cidr.prefix < 16 || cidr.prefix > 20) add(at("vpcCidr"), "prefix must be /16 to /20 (AWS allows /16–/28; /20 is the smallest that fits 6 subnets)");
    else {
      const clash = cidrs.find((c) => cidrsOverlap(c.cidr, cidr));
      if (clash) add(at("vpcCidr"), `overlaps regions[${clash.index}].vpcCidr ${cfg.regions[clash.index]!.vpcCidr}; regions must not overlap so they can be peered`);
      cidrs.push({ index: i, cidr });
    }

    r.cluster.publicAccessCidrs.forEach((c, j) => {
      if (!parseCidr(c)) add(at("cluster", "publicAccessCidrs", j), "an IPv4 CIDR such as 203.0.113.0/24");
      else if (c === "0.0.0.0/0") add(at("cluster", "publicAccessCidrs", j), "0.0.0.0/0 opens the API to the internet; list your office/VPN CIDRs");
    });
    const retention = logRetentionProblem(r.cluster.logRetentionDays);
    if (retention) add(at("cluster", "logRetentionDays"), retention);
    if (r.cluster.systemMinNodes > r.cluster.systemMaxNodes) {
      add(at("cluster", "systemMinNodes"), `min (${r.cluster.systemMinNodes}) is greater than systemMaxNodes (${r.cluster.systemMaxNodes})`);
    }

    const families = gpuFamiliesIn(r.awsRegion);
    const poolNames = new Set<string>();
    let share = 0;
    r.gpuPools.forEach((p, j) => {
      const pool = (...rest: Array<string | number>) => at("gpuPools", j, ...rest);
      if (poolNames.has(p.name)) add(pool("name"), `duplicate GPU pool name "${p.name}" in region ${r.name}`);
      poolNames.add(p.name);
      share += p.trafficSharePercent;
      if (families) {
        p.instanceTypes.forEach((t, k) => {
          if (!families.includes(instanceFamily(t))) {
            add(pool("instanceTypes", k), `not offered in ${r.awsRegion}; allowed GPU families: ${families.join(", ")} (table recorded ${GPU_OFFERINGS_RECORDED})`);
          }
        });
      }
      if (p.minNodes !== undefined && p.maxNodes !== undefined && p.minNodes > p.maxNodes) {
        add(pool("minNodes"), `min (${p.minNodes}) is greater than maxNodes (${p.maxNodes})`);
      }
    });
    if (Math.abs(share - 100) > 1e-9) add(at("gpuPools"), `trafficSharePercent of the pools adds up to ${share}, must be 100`);
  });

  problems.push(...checkDataPlane(cfg), ...checkIngress(cfg), ...checkMonitoring(cfg), ...checkDns(cfg));
  return problems;
}
