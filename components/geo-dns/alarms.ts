import * as pulumi from "@pulumi/pulumi";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { MetricAlarm } from "@pulumi/aws/cloudwatch/metricAlarm";
import { rotatingKey } from "../lib/kms";
import { Topic } from "@pulumi/aws/sns/topic";
import { TopicSubscription } from "@pulumi/aws/sns/topicSubscription";
import { partitionOf, servicePrincipal } from "../lib/partition";
import { namedTags, type Tags } from "../lib/tags";

/**
 * Route 53 publishes health-check metrics (`AWS/Route53 HealthCheckStatus`)
 * only in US East (N. Virginia), so the alarms, their topic and its key live there.
 */
export const ROUTE53_METRICS_REGION = "us-east-1";

/** Inputs of {@link healthCheckAlarms}. */
export interface HealthCheckAlarmArgs {
  /** Health check id per region name. */
  healthCheckIds: Record<string, pulumi.Input<string>>;
  /** E-mail addresses subscribed to the alarm topic. */
  emails: readonly string[];
  /** Protect the topic's KMS key (prod). */
  protect: boolean;
  tags: Tags;
}

/** A KMS key policy: the account administers the key, CloudWatch may encrypt alarm notifications with it. */
function alarmKeyPolicy(accountId: string): string {
  const partition = partitionOf(ROUTE53_METRICS_REGION);
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministersKey",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "CloudWatchAlarmsPublishEncrypted",
        Effect: "Allow",
        Principal: { Service: servicePrincipal("cloudwatch", partition) },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  });
}

/**
 * One CloudWatch alarm per health check (unhealthy for one period, missing data
 * counts as unhealthy) to a KMS-encrypted SNS topic, all in us-east-1.
 * Children of `parent`; returns the topic ARN.
 */
export function healthCheckAlarms(name: string, args: HealthCheckAlarmArgs, parent: pulumi.Resource): pulumi.Output<string> {
  const region = ROUTE53_METRICS_REGION;
  const account = getCallerIdentityOutput({}, { parent });
  const key = rotatingKey(`${name}-alarms`, {
    description: `Encrypts ${name} health-check alarm notifications`,
    policy: account.accountId.apply(alarmKeyPolicy),
    region,
    tags: namedTags(args.tags, `${name}-alarms`),
  }, { parent, protect: args.protect, retainOnDelete: args.protect });
  const topic = new Topic(`${name}-alarms`, {
    displayName: `${name} health checks`,
    kmsMasterKeyId: key.arn,
    region,
    tags: namedTags(args.tags, `${name}-alarms`),
  }, { parent });
  args.emails.forEach((email, i) => {
    new TopicSubscription(`${name}-alarms-${i}`, { topic: topic.arn, protocol: "email", endpoint: email, region }, { parent });
  });
  for (const [target, healthCheckId] of Object.entries(args.healthCheckIds)) {
    new MetricAlarm(`${name}-${target}-unhealthy`, {
      alarmDescription: `Route 53 health check of the ${target} endpoint failed: geo-DNS sends its users elsewhere`,
      namespace: "AWS/Route53",
      metricName: "HealthCheckStatus",
      dimensions: { HealthCheckId: healthCheckId },
      // 1 = healthy, 0 = unhealthy; the minimum over a minute catches any unhealthy sample.
      statistic: "Minimum",
      period: 60,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "LessThanThreshold",
      treatMissingData: "breaching",
      alarmActions: [topic.arn],
      okActions: [topic.arn],
      region,
      tags: namedTags(args.tags, `${name}-${target}-unhealthy`),
    }, { parent });
  }
  return topic.arn;
}
