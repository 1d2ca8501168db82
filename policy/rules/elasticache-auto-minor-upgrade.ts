import { onlyTypes } from "../lib/applies";
import { flag, text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/**
 * Minor engine versions carry security fixes; ElastiCache applies them in the
 * maintenance window when auto minor version upgrade is on. Both resource
 * types default to on, so only an explicit false is a violation.
 */
export const elasticacheAutoMinorUpgrade: PlatformResourceRule = {
  name: "elasticache-auto-minor-upgrade",
  description: "Redis/Valkey caches apply minor engine upgrades automatically in their maintenance window.",
  control: "AWS Security Hub FSBP ElastiCache.2",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/cluster:Cluster"], (args, report) => {
    if (text(args.props.engine) === "memcached") args.notApplicable("memcached is not covered by ElastiCache.2");
    if (flag(args.props.autoMinorVersionUpgrade) === false) {
      report("autoMinorVersionUpgrade is false: security fixes in minor versions would not be applied; set it to true.");
    }
  }),
};
