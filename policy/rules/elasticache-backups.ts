import { onlyTypes } from "../lib/applies";
import { configWithDefaults } from "../lib/config";
import { isProduction, PROD_STACKS_SCHEMA } from "../lib/stack";
import { numeric, text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

const defaults = { prodStacks: ["prod"], minimumDays: 1, prodMinimumDays: 7 };

/**
 * Sessions live only in Redis: without automatic snapshots a bad deploy or a
 * FLUSHALL loses every user's session for good. FSBP asks for any retention
 * (≥ 1 day); production (a stack prodStacks names, or a cache tagged
 * environment=prod) keeps a week so a problem noticed after a weekend can still be rolled back.
 */
export const elasticacheBackups: PlatformResourceRule = {
  name: "elasticache-backups",
  description: "Redis/Valkey replication groups and clusters keep automatic snapshots (≥ 1 day; ≥ 7 days in production stacks).",
  control: "AWS Security Hub FSBP ElastiCache.1",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      prodStacks: PROD_STACKS_SCHEMA,
      minimumDays: { type: "integer", minimum: 1, maximum: 35, default: defaults.minimumDays, description: "Shortest snapshot retention in any stack." },
      prodMinimumDays: { type: "integer", minimum: 1, maximum: 35, default: defaults.prodMinimumDays, description: "Shortest snapshot retention in production stacks." },
    },
  },
  validateResource: onlyTypes(["aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/cluster:Cluster"], (args, report) => {
    if (text(args.props.engine) === "memcached") args.notApplicable("memcached has no snapshots");
    const { prodStacks, minimumDays, prodMinimumDays } = configWithDefaults(args, defaults);
    const prod = isProduction(args.urn, args.props, prodStacks);
    const floor = prod ? prodMinimumDays : minimumDays;
    const days = numeric(args.props.snapshotRetentionLimit) ?? 0;
    if (days < floor) {
      report(`snapshotRetentionLimit is ${days} day(s); ${prod ? "production stacks keep" : "keep"} automatic snapshots at least ${floor} day(s) (up to 35).`);
    }
  }),
};
