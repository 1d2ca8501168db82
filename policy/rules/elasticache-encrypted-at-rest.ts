import { onlyTypes } from "../lib/applies";
import { flag, text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/**
 * Sessions and cached responses hold user prompts and outputs. FSBP asks for
 * encryption at rest; the platform also wants its own KMS key (kmsKeyId) so
 * access is logged in CloudTrail and can be revoked, which the AWS-owned
 * default key allows neither of.
 */
export const elasticacheEncryptedAtRest: PlatformResourceRule = {
  name: "elasticache-encrypted-at-rest",
  description: "Redis/Valkey replication groups are encrypted at rest with a customer-managed KMS key.",
  control: "AWS Security Hub FSBP ElastiCache.4",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["aws:elasticache/replicationGroup:ReplicationGroup"], (args, report) => {
    // Valkey encrypts at rest by default; Redis OSS does not.
    const defaultOn = text(args.props.engine) === "valkey";
    if ((flag(args.props.atRestEncryptionEnabled) ?? defaultOn) !== true) report("atRestEncryptionEnabled is not true: data and snapshots are stored unencrypted; set it to true.");
    if (!text(args.props.kmsKeyId)) report("kmsKeyId is not set: the AWS-owned key allows no audit or revocation; encrypt with the platform's KMS key.");
  }),
};
