import { parseCidr } from "../../components/lib/cidr";
import { onlyTypes } from "../lib/applies";
import { configWithDefaults } from "../lib/config";
import { flag, record, texts } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

const defaults = { minimumPrefixLength: 16 };

/**
 * A Kubernetes API reachable from the internet is one leaked credential away
 * from cluster takeover. The endpoint stays private (nodes and kubectl inside
 * the VPC); a public endpoint is tolerated only behind an allow-list of narrow
 * CIDRs (CIS 5.4.1). Security Hub's EKS.1 flags even an allow-listed public
 * endpoint: that finding is accepted knowingly when a stack lists CIDRs. An
 * "allow-list" of /1 blocks is the internet in two lines, so the narrowest
 * acceptable prefix is the user's threshold.
 */
export const eksEndpointNotPublic: PlatformResourceRule = {
  name: "eks-endpoint-not-public",
  description: "EKS API endpoint private, or public only behind an allow-list of narrow CIDRs; private access on.",
  control: "AWS Security Hub FSBP EKS.1; CIS Amazon EKS Benchmark v1.7.0 5.4.1, 5.4.2",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      minimumPrefixLength: {
        type: "integer", minimum: 1, maximum: 32, default: defaults.minimumPrefixLength,
        description: "Broadest IPv4 prefix a public-access CIDR may have (16 admits a /16 office range, refuses /8).",
      },
    },
  },
  validateResource: onlyTypes(["aws:eks/cluster:Cluster"], (args, report) => {
    const { minimumPrefixLength } = configWithDefaults(args, defaults);
    const vpc = record(args.props.vpcConfig) ?? {};
    if (flag(vpc.endpointPrivateAccess) !== true) {
      report("vpcConfig.endpointPrivateAccess is not true: nodes and operators would reach the API over the internet; enable private access.");
    }
    // EKS makes the endpoint public when endpointPublicAccess is left out.
    if (flag(vpc.endpointPublicAccess) === false) return;
    const cidrs = texts(vpc.publicAccessCidrs);
    if (cidrs.length === 0) {
      report("public API endpoint without publicAccessCidrs: EKS then admits 0.0.0.0/0; set endpointPublicAccess false or list the admin CIDRs.");
      return;
    }
    for (const cidr of cidrs) {
      const parsed = parseCidr(cidr);
      if (cidr.includes(":")) {
        if (cidr.endsWith("/0")) report(`publicAccessCidrs contains ${cidr}: the whole internet; list the admin CIDRs instead.`);
      } else if (!parsed) {
        report(`publicAccessCidrs contains "${cidr}", not an IPv4 CIDR.`);
      } else if (parsed.prefix < minimumPrefixLength) {
        report(`publicAccessCidrs contains ${cidr} (/${parsed.prefix}), broader than the allowed /${minimumPrefixLength}: that is not an allow-list; list narrower admin CIDRs or keep the endpoint private.`);
      }
    }
  }),
};
