import { onlyTypes } from "../lib/applies";
import { flag, text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/**
 * Without TLS, the AUTH token and every session travel in clear text across
 * the VPC. `preferred` mode still accepts plain-text clients, so only
 * `required` (or no mode, which means required once TLS is on) passes.
 */
export const elasticacheEncryptedInTransit: PlatformResourceRule = {
  name: "elasticache-encrypted-in-transit",
  description: "Redis/Valkey replication groups require TLS in transit.",
  control: "AWS Security Hub FSBP ElastiCache.5",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["aws:elasticache/replicationGroup:ReplicationGroup"], (args, report) => {
    if (flag(args.props.transitEncryptionEnabled) !== true) report("transitEncryptionEnabled is not true: clients and the AUTH token travel in clear text; set it to true.");
    else if (text(args.props.transitEncryptionMode) === "preferred") report('transitEncryptionMode is "preferred", which still accepts plain-text clients; set it to "required".');
  }),
};
