import { onlyTypes } from "../lib/applies";
import { text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/**
 * Alarm topics carry resource names, thresholds and runbook links of the
 * platform. They are encrypted at rest with a customer-managed KMS key: the
 * AWS-managed `alias/aws/sns` key cannot be used either, because its key
 * policy cannot grant CloudWatch access, so alarms would silently fail to
 * publish to the topic.
 */
export const snsTopicKmsEncrypted: PlatformResourceRule = {
  name: "sns-topic-kms-encrypted",
  description: "SNS topics are encrypted with a customer-managed KMS key (not alias/aws/sns).",
  control: "AWS Security Hub FSBP SNS.1",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["aws:sns/topic:Topic"], (args, report) => {
    const key = text(args.props.kmsMasterKeyId) ?? "";
    if (key === "") report("kmsMasterKeyId is not set: encrypt the topic with a customer-managed KMS key.");
    else if (key === "alias/aws/sns" || key.endsWith(":alias/aws/sns")) {
      report("kmsMasterKeyId is the AWS-managed alias/aws/sns key: CloudWatch cannot publish to it; use a customer-managed key whose policy admits cloudwatch.amazonaws.com.");
    }
  }),
};
