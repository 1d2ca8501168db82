/**
 * CloudWatch alarms for the managed services Prometheus cannot see from
 * inside the cluster (ElastiCache, MSK), all to one KMS-encrypted SNS topic
 * per region. The alarm table is plain data; `alarmTopic` and `metricAlarms`
 * create the resources under the caller's component.
 */
import * as pulumi from "@pulumi/pulumi";
import { MetricAlarm } from "@pulumi/aws/cloudwatch/metricAlarm";
import type * as inputs from "@pulumi/aws/types/input";
import type { Key } from "@pulumi/aws/kms/key";
import { Topic } from "@pulumi/aws/sns/topic";
import { TopicPolicy } from "@pulumi/aws/sns/topicPolicy";
import { TopicSubscription } from "@pulumi/aws/sns/topicSubscription";
import { partitionOf, servicePrincipal } from "../lib/partition";
import { rotatingKey } from "../lib/kms";
import { namedTags, type Tags } from "../lib/tags";
import type { AlertThresholds } from "./thresholds";

/** The managed services of a region that get alarms. */
export interface ManagedServices {
  /** ElastiCache replication group (cluster mode disabled): members `<id>-001` … `<id>-00<nodeCount>`. */
  redis?: { replicationGroupId: pulumi.Input<string>; nodeCount: number };
  /** MSK cluster: brokers 1 … brokerCount. */
  kafka?: { clusterName: pulumi.Input<string>; brokerCount: number };
}

/** One alarm to create. */
export interface AlarmSpec {
  /** Suffix of the resource name, unique in the region. */
  key: string;
  /** Runbook section (docs/runbooks.md). */
  runbook: string;
  description: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, pulumi.Input<string>>;
  statistic: "Average" | "Maximum" | "Sum";
  periodSeconds: number;
  evaluationPeriods: number;
  threshold: number;
  comparisonOperator: "GreaterThanThreshold" | "LessThanThreshold";
  treatMissingData: "missing" | "notBreaching" | "breaching";
  /** When set, the alarm watches this metric-math expression of the metric (`m1`) instead of the metric itself. */
  expression?: string;
}

/** ElastiCache names the member clusters of a cluster-mode-disabled group `<group>-001`, `-002`, … */
function redisMemberIds(replicationGroupId: pulumi.Input<string>, nodeCount: number): pulumi.Output<string>[] {
  return Array.from({ length: nodeCount }, (_, i) => pulumi.interpolate`${replicationGroupId}-${String(i + 1).padStart(3, "0")}`);
}

/** Every alarm of the region's managed services with the region's thresholds. */
export function managedServiceAlarmSpecs(services: ManagedServices, t: AlertThresholds): AlarmSpec[] {
  const specs: AlarmSpec[] = [];
  const { redis, kafka } = services;
  if (redis) {
    redisMemberIds(redis.replicationGroupId, redis.nodeCount).forEach((member, i) => {
      const node = { CacheClusterId: member };
      const base = { namespace: "AWS/ElastiCache", dimensions: node, periodSeconds: 300, comparisonOperator: "GreaterThanThreshold" as const };
      const n = i + 1;
      specs.push(
        { ...base, key: `redis-${n}-cpu`, runbook: "elasticachecpuhigh", description: `Redis node ${n}: host CPU above ${t.redisCpuPercent} %`, metricName: "CPUUtilization", statistic: "Average", evaluationPeriods: 3, threshold: t.redisCpuPercent, treatMissingData: "missing" },
        { ...base, key: `redis-${n}-engine-cpu`, runbook: "elasticachecpuhigh", description: `Redis node ${n}: engine (main thread) CPU above ${t.redisCpuPercent} %`, metricName: "EngineCPUUtilization", statistic: "Average", evaluationPeriods: 3, threshold: t.redisCpuPercent, treatMissingData: "missing" },
        { ...base, key: `redis-${n}-memory`, runbook: "elasticachememoryhigh", description: `Redis node ${n}: memory above ${t.redisMemoryPercent} % of maxmemory`, metricName: "DatabaseMemoryUsagePercentage", statistic: "Average", evaluationPeriods: 3, threshold: t.redisMemoryPercent, treatMissingData: "missing" },
        { ...base, key: `redis-${n}-evictions`, runbook: "elasticacheevictions", description: `Redis node ${n}: more than ${t.redisEvictionsPerMinute} evictions a minute`, metricName: "Evictions", statistic: "Sum", evaluationPeriods: 1, threshold: t.redisEvictionsPerMinute * 5, treatMissingData: "notBreaching" },
        // Only replicas publish ReplicationLag; whichever node is primary reports nothing.
        { ...base, key: `redis-${n}-replication-lag`, runbook: "elasticachereplicationlag", description: `Redis node ${n}: replica more than ${t.redisReplicationLagSeconds} s behind`, metricName: "ReplicationLag", statistic: "Maximum", periodSeconds: 60, evaluationPeriods: 5, threshold: t.redisReplicationLagSeconds, treatMissingData: "notBreaching" },
      );
    });
  }
  if (kafka) {
    const cluster = { "Cluster Name": kafka.clusterName };
    const base = { namespace: "AWS/Kafka", comparisonOperator: "GreaterThanThreshold" as const };
    for (let b = 1; b <= kafka.brokerCount; b++) {
      const broker = { ...cluster, "Broker ID": String(b) };
      specs.push(
        { ...base, key: `kafka-broker-${b}-disk`, runbook: "mskdiskusedhigh", description: `MSK broker ${b}: data-log disk above ${t.kafkaDiskUsedPercent} %`, metricName: "KafkaDataLogsDiskUsed", dimensions: broker, statistic: "Maximum", periodSeconds: 300, evaluationPeriods: 1, threshold: t.kafkaDiskUsedPercent, treatMissingData: "missing" },
        { ...base, key: `kafka-broker-${b}-under-replicated`, runbook: "mskunderreplicatedpartitions", description: `MSK broker ${b}: partitions under-replicated`, metricName: "UnderReplicatedPartitions", dimensions: broker, statistic: "Maximum", periodSeconds: 60, evaluationPeriods: 5, threshold: 0, treatMissingData: "missing" },
      );
    }
    specs.push(
      { ...base, key: "kafka-offline-partitions", runbook: "mskofflinepartitions", description: "MSK: partitions offline (no leader)", metricName: "OfflinePartitionsCount", dimensions: cluster, statistic: "Maximum", periodSeconds: 60, evaluationPeriods: 1, threshold: 0, treatMissingData: "missing" },
      // Exactly one broker is the controller: alarm on |controllers − 1| > 0, i.e. none or several.
      { ...base, key: "kafka-active-controller", runbook: "mskactivecontrollercount", description: "MSK: active controller count is not 1", metricName: "ActiveControllerCount", dimensions: cluster, statistic: "Sum", periodSeconds: 60, evaluationPeriods: 3, threshold: 0, treatMissingData: "missing", expression: "ABS(m1 - 1)" },
    );
  }
  return specs;
}

/** Inputs of {@link alarmTopic}. */
export interface AlarmTopicArgs {
  region: string;
  /** Account the alarms live in (topic policy conditions, key administrators). */
  accountId: pulumi.Input<string>;
  /** Addresses subscribed by email (each confirms once). */
  notifyEmails: string[];
  /** Protect and retain the KMS key (prod). */
  protect: boolean;
  tags: Tags;
}

/** The region's alarm topic, encrypted with its own rotating KMS key that CloudWatch may use. */
export function alarmTopic(name: string, args: AlarmTopicArgs, parent: pulumi.Resource): { key: Key; topic: Topic } {
  const partition = partitionOf(args.region);
  const cloudwatch = servicePrincipal("cloudwatch", partition);
  const key = rotatingKey(`${name}-alarms`, {
    description: `Encrypts the alarm topic ${name}`,
    policy: pulumi.output(args.accountId).apply((account) => JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Sid: "AccountAdministersKey", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
        // SNS encrypts what CloudWatch publishes with the publisher's access to the key.
        { Sid: "CloudWatchAlarmsPublish", Effect: "Allow", Principal: { Service: cloudwatch }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*" },
      ],
    })),
    tags: namedTags(args.tags, `${name}-alarms`),
  }, { parent, protect: args.protect, retainOnDelete: args.protect });

  const topic = new Topic(`${name}-alarms`, { kmsMasterKeyId: key.arn, tags: namedTags(args.tags, `${name}-alarms`) }, { parent });
  new TopicPolicy(`${name}-alarms`, {
    arn: topic.arn,
    policy: pulumi.all([topic.arn, args.accountId]).apply(([arn, account]) => JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CloudWatchAlarmsOfThisAccount",
          Effect: "Allow",
          Principal: { Service: cloudwatch },
          Action: "sns:Publish",
          Resource: arn,
          Condition: {
            StringEquals: { "aws:SourceAccount": account },
            ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:${args.region}:${account}:alarm:*` },
          },
        },
        { Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "sns:Publish", Resource: arn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
      ],
    })),
  }, { parent });
  args.notifyEmails.forEach((email, i) => new TopicSubscription(`${name}-alarms-email-${i}`, { topic: topic.arn, protocol: "email", endpoint: email }, { parent }));
  return { key, topic };
}

/** Creates the alarms of `specs`, each raising to and clearing on `topicArn`. */
export function metricAlarms(name: string, specs: AlarmSpec[], topicArn: pulumi.Input<string>, runbookBaseUrl: string, tags: Tags, parent: pulumi.Resource): MetricAlarm[] {
  return specs.map((s) => {
    const metric = { namespace: s.namespace, metricName: s.metricName, dimensions: s.dimensions, period: s.periodSeconds, stat: s.statistic };
    const queries: inputs.cloudwatch.MetricAlarmMetricQuery[] | undefined = s.expression
      ? [{ id: "m1", metric, returnData: false }, { id: "e1", expression: s.expression, label: s.description, returnData: true }]
      : undefined;
    return new MetricAlarm(`${name}-${s.key}`, {
      alarmDescription: `${s.description}. Runbook: ${runbookBaseUrl}#${s.runbook}`,
      comparisonOperator: s.comparisonOperator,
      evaluationPeriods: s.evaluationPeriods,
      threshold: s.threshold,
      treatMissingData: s.treatMissingData,
      ...(queries
        ? { metricQueries: queries }
        : { namespace: s.namespace, metricName: s.metricName, dimensions: s.dimensions, statistic: s.statistic, period: s.periodSeconds }),
      actionsEnabled: true,
      alarmActions: [topicArn],
      okActions: [topicArn],
      tags: namedTags(tags, `${name}-${s.key}`),
    }, { parent });
  });
}
