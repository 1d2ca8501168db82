import { onlyTypes } from "../lib/applies";
import { record, text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/**
 * MSK always encrypts broker volumes, by default with an AWS-managed key. The
 * platform wants its own KMS key so reads of the request backlog are audited
 * in CloudTrail and access can be revoked. No FSBP control covers this.
 */
export const mskEncryptedAtRest: PlatformResourceRule = {
  name: "msk-encrypted-at-rest",
  description: "MSK clusters encrypt broker storage with a customer-managed KMS key.",
  control: "platform",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["aws:msk/cluster:Cluster"], (args, report) => {
    if (!text(record(args.props.encryptionInfo)?.encryptionAtRestKmsKeyArn)) {
      report("encryptionInfo.encryptionAtRestKmsKeyArn is not set: the AWS-managed key allows no audit or revocation; encrypt with the platform's KMS key.");
    }
  }),
};
