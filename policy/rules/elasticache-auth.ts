import { onlyTypes } from "../lib/applies";
import { text, texts } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/**
 * The security group admits every pod on the node security group; without
 * AUTH any of them can read or flush sessions. ElastiCache.6 only asks for
 * AUTH on Redis before 6.0; the platform asks it of every version: an AUTH
 * token, or RBAC user groups (userGroupIds).
 */
export const elasticacheAuth: PlatformResourceRule = {
  name: "elasticache-auth",
  description: "Redis/Valkey replication groups authenticate clients (AUTH token or RBAC user groups).",
  control: "AWS Security Hub FSBP ElastiCache.6 (stricter: every engine version)",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["aws:elasticache/replicationGroup:ReplicationGroup"], (args, report) => {
    const token = text(args.props.authToken) ?? text(args.props.authTokenWo);
    if (!token && texts(args.props.userGroupIds).length === 0) {
      report("no authToken and no userGroupIds: any pod that reaches the port can read and flush the cache; set an AUTH token (from @pulumi/random) or RBAC user groups.");
    }
  }),
};
