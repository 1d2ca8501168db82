// KafkaCluster's contract: the settings schema with its defaults and rules, what the region and prod add, the cluster name rule.
import { describe, expect, it } from "vitest";
import { kafkaProdProblems, kafkaRegionProblems, kafkaSettingsSchema, type KafkaSettings, type ResolvedKafkaSettings } from "../../components/kafka";
import { mskClusterNameProblem } from "../../components/kafka/contract";
import { parseSettings, propertyPath, type SettingsProblem } from "../../components/lib/contract";

const topics: KafkaSettings["topics"] = [
  { name: "requests", purpose: "requests", partitions: 6, retentionHours: 72 },
  { name: "results", purpose: "results", partitions: 6, retentionHours: 24 },
  { name: "dead-letter", purpose: "deadLetter", partitions: 1, retentionHours: 336 },
];

/** Problems of the Kafka settings schema, as the component lists them. */
const kafkaProblems = (settings: KafkaSettings): string[] => {
  const parsed = parseSettings(kafkaSettingsSchema, settings);
  return parsed.ok ? [] : show(parsed.problems);
};
const show = (problems: SettingsProblem[]) => problems.map((p) => `${propertyPath(p.path)}: ${p.message}`);
const resolved = (settings: KafkaSettings): ResolvedKafkaSettings => kafkaSettingsSchema.parse(settings);
const frankfurt = { zones: 3, partition: "aws" } as const;
const china = { zones: 3, partition: "aws-cn" } as const;
const chinaJar = "https://inference-artifacts-111122223333.s3.cn-north-1.amazonaws.com.cn/aws-msk-iam-auth/aws-msk-iam-auth-2.3.4-all.jar";

describe("KafkaCluster settings", () => {
  it("accepts the defaults and six brokers", () => {
    expect(kafkaProblems({})).toEqual([]);
    expect(kafkaProblems({ topics, brokerCount: 6 })).toEqual([]);
  });

  it("declares a requests, a results and a dead-letter topic by default", () => {
    expect(resolved({}).topics.map((t) => [t.name, t.purpose, t.partitions, t.retentionHours])).toEqual([
      ["inference-requests", "requests", 12, 72], ["inference-results", "results", 12, 24], ["inference-dead-letter", "deadLetter", 3, 336],
    ]);
  });

  it("refuses every bad input at once, saying what is allowed", () => {
    expect(kafkaProblems({
      topics, brokerInstanceType: "kafka.c5.large", brokerCount: 4, volumeSizeGiB: 200, maxVolumeSizeGiB: 100,
      storageTargetUtilizationPercent: 90, defaultReplicationFactor: 5, minInsyncReplicas: 5,
    })).toEqual([
      "storageTargetUtilizationPercent: from 10 to 80 percent (MSK recommends 50–60)",
      "brokerInstanceType: unknown broker type family kafka.c5; allowed: kafka.t3, kafka.m5, kafka.m7g",
      "defaultReplicationFactor: replication factor 5 does not fit the 4 brokers; allowed: 1 to 4",
      "minInsyncReplicas: min.insync.replicas 5 must be from 1 to 4 (below the replication factor 5), or one broker down stops all writes",
      "maxVolumeSizeGiB: the autoscaling ceiling must be ≥ volumeSizeGiB (200)",
      "topics[0].replicationFactor: replication factor 5 exceeds the 4 brokers; allowed: 1 to 4",
      "topics[0].minInsyncReplicas: min.insync.replicas 5 must be less than the replication factor 5, or one broker down stops all writes",
      "topics[1].replicationFactor: replication factor 5 exceeds the 4 brokers; allowed: 1 to 4",
      "topics[1].minInsyncReplicas: min.insync.replicas 5 must be less than the replication factor 5, or one broker down stops all writes",
      "topics[2].replicationFactor: replication factor 5 exceeds the 4 brokers; allowed: 1 to 4",
      "topics[2].minInsyncReplicas: min.insync.replicas 5 must be less than the replication factor 5, or one broker down stops all writes",
    ]);
  });

  it("refuses versions, volumes, monitoring levels and jar settings out of range", () => {
    expect(kafkaProblems({
      kafkaVersion: "latest", volumeSizeGiB: 0, maxVolumeSizeGiB: 20000, enhancedMonitoring: "ALL" as "DEFAULT",
      topicsJob: { iamAuthJarUrl: "http://example.com/x.jar", iamAuthJarSha256: "ABC" },
    })).toEqual([
      "kafkaVersion: an MSK Kafka version: one of 3.6.0, 3.7.x, 3.7.x.kraft, 3.8.x, 3.8.x.kraft, 3.9.x, 3.9.x.kraft, 4.0.x.kraft, 4.1.x.kraft (recorded 2026-11-29)",
      "volumeSizeGiB: a whole number of GiB from 1 to 16384",
      "maxVolumeSizeGiB: at most 16384 GiB",
      'enhancedMonitoring: Invalid option: expected one of "DEFAULT"|"PER_BROKER"|"PER_TOPIC_PER_BROKER"|"PER_TOPIC_PER_PARTITION"',
      "topicsJob.iamAuthJarUrl: an https URL of the aws-msk-iam-auth all-jar",
      "topicsJob.iamAuthJarSha256: 64 lower-case hex digits",
    ]);
  });

  it("accepts a dedicated client service account and a plain consumer group prefix", () => {
    expect(kafkaProblems({ clients: { serviceAccountName: "batch.kafka-client", consumerGroupPrefix: "Batch_v2." } })).toEqual([]);
  });

  it.each([
    ["Inference_Client", "inference-", 'clients.serviceAccountName: service account name "Inference_Client" is not a Kubernetes name: 1 to 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit'],
    ["default", "inference-", 'clients.serviceAccountName: service account "default" is refused: every pod of the namespace runs as it and would get Kafka access; name a dedicated account, e.g. inference-kafka-client'],
    ["kafka-topics", "inference-", 'clients.serviceAccountName: service account "kafka-topics" belongs to the topics Job (topic administration); name another, e.g. inference-kafka-client'],
    ["inference-kafka-client", "inference-*", 'clients.consumerGroupPrefix: consumer group prefix "inference-*" is not allowed: 1 to 200 letters, digits, ".", "_" and "-" (no wildcards, not empty), e.g. inference-'],
    ["inference-kafka-client", "", 'clients.consumerGroupPrefix: consumer group prefix "" is not allowed: 1 to 200 letters, digits, ".", "_" and "-" (no wildcards, not empty), e.g. inference-'],
  ])("refuses client service account %j with group prefix %j", (serviceAccountName, consumerGroupPrefix, expected) => {
    expect(kafkaProblems({ clients: { serviceAccountName, consumerGroupPrefix } })).toEqual([expected]);
  });
});

describe("what the region adds to KafkaCluster", () => {
  it("accepts brokers in multiples of the AZs, and in China a jar hosted in the region", () => {
    expect(kafkaRegionProblems(resolved({ brokerCount: 6 }), frankfurt)).toEqual([]);
    expect(kafkaRegionProblems(resolved({ topicsJob: { iamAuthJarUrl: chinaJar } }), china)).toEqual([]);
  });

  it("refuses brokers the AZs cannot share evenly, and China without a jar URL or with one on GitHub", () => {
    expect(show(kafkaRegionProblems(resolved({ brokerCount: 4 }), china))).toEqual([
      "brokerCount: must be a multiple of the 3 availability zones (3, 6, 9…) so every AZ holds the same number of brokers",
      "topicsJob.iamAuthJarUrl: required in the aws-cn partition and not on github.com (unreachable from China): an https URL of a copy in the region, e.g. an S3 bucket",
    ]);
    const github = resolved({ topicsJob: { iamAuthJarUrl: "https://github.com/aws/aws-msk-iam-auth/releases/download/v2.3.4/aws-msk-iam-auth-2.3.4-all.jar" } });
    expect(show(kafkaRegionProblems(github, china))).toEqual([expect.stringMatching(/^topicsJob\.iamAuthJarUrl: required in the aws-cn partition/)]);
    expect(kafkaRegionProblems(github, frankfurt)).toEqual([]);
  });
});

describe("what prod adds to KafkaCluster", () => {
  it("accepts the defaults, a pinned jar copy and an explicitly accepted unverified one", () => {
    expect(kafkaProdProblems(resolved({}))).toEqual([]);
    expect(kafkaProdProblems(resolved({ topicsJob: { iamAuthJarUrl: chinaJar, iamAuthJarSha256: "0".repeat(64) } }))).toEqual([]);
    expect(kafkaProdProblems(resolved({ topicsJob: { iamAuthJarUrl: chinaJar, acceptUnverifiedIamAuthJar: true } }))).toEqual([]);
  });

  it("refuses burstable brokers, fewer than 3 replicas, min ISR 1 and an unchecked jar copy", () => {
    expect(show(kafkaProdProblems(resolved({
      brokerInstanceType: "kafka.t3.small", defaultReplicationFactor: 2, minInsyncReplicas: 1, topicsJob: { iamAuthJarUrl: chinaJar },
    })))).toEqual([
      "brokerInstanceType: kafka.t3.small is burstable (dev only); prod needs kafka.m5.large or larger (kafka.m5, kafka.m7g)",
      "defaultReplicationFactor: prod keeps 3 replicas (one per AZ); allowed: 3 up to the broker count",
      "minInsyncReplicas: prod acknowledges writes on at least 2 replicas; allowed: 2 up to the replication factor - 1",
      `topicsJob.iamAuthJarSha256: prod needs the jar's sha256 when iamAuthJarUrl is off Maven Central (${chinaJar}): 64 lower-case hex digits of the jar you uploaded (see components/kafka/README.md), or acceptUnverifiedIamAuthJar: true to run it unchecked knowingly`,
    ]);
  });
});

describe("stack-scoped MSK cluster name", () => {
  it("accepts the real stacks' names and the longest MSK takes", () => {
    expect(mskClusterNameProblem("prod-frankfurt-kafka")).toBeUndefined();
    expect(mskClusterNameProblem("a".repeat(64))).toBeUndefined();
  });

  it("refuses an MSK cluster name over 64 characters or with other characters", () => {
    expect(mskClusterNameProblem("a".repeat(65))).toBe(
      `MSK cluster name "${"a".repeat(65)}" (<stack>-<name>, 65 characters) is not allowed: MSK takes 1 to 64 letters, digits and hyphens starting with a letter or digit; use a shorter or plainer stack or component name`,
    );
    expect(mskClusterNameProblem("my_stack-kafka")).toContain("is not allowed");
  });
});
