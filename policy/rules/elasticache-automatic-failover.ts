import { onlyTypes } from "../lib/applies";
import { configWithDefaults } from "../lib/config";
import { isProduction, PROD_STACKS_SCHEMA } from "../lib/stack";
import { flag, numeric } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

const defaults = { prodStacks: ["prod"] };

/**
 * > 99.9 % availability leaves 43 minutes a month: a Redis primary that dies
 * without a replica in another AZ to promote takes sessions and the cache
 * down for longer than that. Dev may run one node, so the rule applies to
 * production only: a stack prodStacks names (the URN's stack part; policies
 * see no stack config) or a cache tagged environment=prod.
 */
export const elasticacheAutomaticFailover: PlatformResourceRule = {
  name: "elasticache-automatic-failover",
  description: "In production stacks, Redis/Valkey replication groups have a replica, automatic failover and Multi-AZ.",
  control: "AWS Security Hub FSBP ElastiCache.3",
  enforcementLevel: "mandatory",
  configSchema: { properties: { prodStacks: PROD_STACKS_SCHEMA } },
  validateResource: onlyTypes(["aws:elasticache/replicationGroup:ReplicationGroup"], (args, report) => {
    const { prodStacks } = configWithDefaults(args, defaults);
    if (!isProduction(args.urn, args.props, prodStacks)) args.notApplicable("not a production stack");
    const missing: string[] = [];
    if (flag(args.props.automaticFailoverEnabled) !== true) missing.push("automaticFailoverEnabled is not true");
    if (flag(args.props.multiAzEnabled) !== true) missing.push("multiAzEnabled is not true");
    const nodes = numeric(args.props.numCacheClusters) ?? 1 + (numeric(args.props.replicasPerNodeGroup) ?? 0);
    if (nodes < 2) missing.push(`${nodes} node(s), no replica to fail over to`);
    if (missing.length > 0) report(`production cache without automatic failover across AZs: ${missing.join("; ")}. Set replicas ≥ 1, automaticFailoverEnabled and multiAzEnabled.`);
  }),
};
