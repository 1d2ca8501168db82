// The stack file's regions[].kafka, on copies of the real stack files.
import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../../infra/config/load";
import { realRaw, refusalOf, type RawConfig as Raw } from "../support/config";

/** The message of the refusal of `stack` edited by `edit`. */
function refusal(stack: "dev" | "prod", edit: (c: Raw) => void): string {
  const raw = realRaw(stack);
  edit(raw);
  return refusalOf(() => parseStackConfig(raw, `Pulumi.${stack}.yaml`));
}

describe("kafka config: the real stack files", () => {
  it("accepts prod with m5 brokers in both regions", () => {
    const prod = parseStackConfig(realRaw("prod"), "Pulumi.prod.yaml");
    expect(prod.regions.map((r) => [r.kafka.brokerInstanceType, r.kafka.brokerCount, r.kafka.defaultReplicationFactor, r.kafka.minInsyncReplicas])).toEqual([
      ["kafka.m5.large", 6, 3, 2],
      ["kafka.m5.large", 3, 3, 2],
    ]);
    expect(prod.regions[0]!.kafka.topics.map((t) => [t.name, t.purpose, t.partitions, t.retentionHours])).toEqual([
      ["inference-requests", "requests", 24, 72],
      ["inference-results", "results", 24, 24],
      ["inference-dead-letter", "deadLetter", 6, 336],
    ]);
    expect(prod.regions[0]!.kafka.topicsJob.iamAuthJarUrl).toMatch(/^https:\/\/.*\.s3\.cn-north-1\.amazonaws\.com\.cn\//);
  });

  it("accepts dev with kafka.t3.small brokers that keep RF 3 / min ISR 2", () => {
    const dev = parseStackConfig(realRaw("dev"), "Pulumi.dev.yaml");
    for (const r of dev.regions) {
      expect([r.kafka.brokerInstanceType, r.kafka.brokerCount, r.kafka.defaultReplicationFactor, r.kafka.minInsyncReplicas]).toEqual(["kafka.t3.small", 3, 3, 2]);
      expect(r.kafka.topicsJob.pruneUndeclared).toBe(true);
    }
  });

  it("gives a region without a kafka key the secure defaults", () => {
    const raw = realRaw("prod");
    delete raw.regions[1].kafka;
    const { kafka } = parseStackConfig(raw, "Pulumi.prod.yaml").regions[1]!;
    expect(kafka).toMatchObject({
      kafkaVersion: "3.8.x", brokerInstanceType: "kafka.m5.large", brokerCount: 3, volumeSizeGiB: 100, maxVolumeSizeGiB: 1000,
      defaultReplicationFactor: 3, minInsyncReplicas: 2, enhancedMonitoring: "PER_TOPIC_PER_BROKER", topicsJob: { pruneUndeclared: false },
    });
    expect(kafka.topics.map((t) => [t.name, t.purpose])).toEqual([
      ["inference-requests", "requests"], ["inference-results", "results"], ["inference-dead-letter", "deadLetter"],
    ]);
    expect(kafka.clients).toEqual({ serviceAccountName: "inference-kafka-client", consumerGroupPrefix: "inference-" });
  });

  it("accepts another dedicated client service account and group prefix", () => {
    const raw = realRaw("prod");
    raw.regions[1].kafka.clients = { serviceAccountName: "batch.kafka-client", consumerGroupPrefix: "batch_" };
    expect(parseStackConfig(raw, "Pulumi.prod.yaml").regions[1]!.kafka.clients).toEqual({ serviceAccountName: "batch.kafka-client", consumerGroupPrefix: "batch_" });
  });
});

describe("kafka config: checksum of the MSK IAM library in prod", () => {
  const chinaJar = "https://inference-artifacts-111122223333.s3.cn-north-1.amazonaws.com.cn/aws-msk-iam-auth/aws-msk-iam-auth-2.3.4-all.jar";
  const sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  it("shows the gap of the real prod file: China's S3 copy runs unchecked, accepted explicitly", () => {
    const china = parseStackConfig(realRaw("prod"), "Pulumi.prod.yaml").regions[0]!.kafka.topicsJob;
    expect([china.iamAuthJarUrl, china.iamAuthJarSha256, china.acceptUnverifiedIamAuthJar]).toEqual([chinaJar, undefined, true]);
  });

  it("refuses a prod jar off Maven Central without its sha256, saying how to fix it", () => {
    const message = refusal("prod", (c) => { delete c.regions[0].kafka.topicsJob.acceptUnverifiedIamAuthJar; });
    expect(message).toContain("1 invalid configuration value(s)");
    expect(message).toContain(
      `Pulumi.prod.yaml inference-platform:regions[0].kafka.topicsJob.iamAuthJarSha256 (missing): prod needs the jar's sha256 when iamAuthJarUrl is off Maven Central (${chinaJar}): 64 lower-case hex digits of the jar you uploaded (see components/kafka/README.md), or acceptUnverifiedIamAuthJar: true to run it unchecked knowingly`,
    );
    expect(refusal("prod", (c) => {
      c.regions[1].kafka.topicsJob = { iamAuthJarUrl: "https://github.com/aws/aws-msk-iam-auth/releases/download/v2.3.4/aws-msk-iam-auth-2.3.4-all.jar" };
    })).toContain("inference-platform:regions[1].kafka.topicsJob.iamAuthJarSha256 (missing): prod needs the jar's sha256");
  });

  it("accepts prod with the sha256 instead of the acceptance, Maven Central without one, and dev copies without one", () => {
    const pinned = realRaw("prod");
    pinned.regions[0].kafka.topicsJob = { iamAuthJarUrl: chinaJar, iamAuthJarSha256: sha256 };
    pinned.regions[1].kafka.topicsJob = { iamAuthJarUrl: "https://repo1.maven.org/maven2/software/amazon/msk/aws-msk-iam-auth/2.3.4/aws-msk-iam-auth-2.3.4-all.jar" };
    const prod = parseStackConfig(pinned, "Pulumi.prod.yaml");
    expect(prod.regions.map((r) => [r.kafka.topicsJob.iamAuthJarSha256, r.kafka.topicsJob.acceptUnverifiedIamAuthJar])).toEqual([[sha256, false], [undefined, false]]);

    const dev = realRaw("dev");
    dev.regions[0].kafka.topicsJob.iamAuthJarUrl = "https://artifacts-dev.s3.ap-east-1.amazonaws.com/aws-msk-iam-auth-2.3.4-all.jar";
    expect(parseStackConfig(dev, "Pulumi.dev.yaml").regions[0]!.kafka.topicsJob.iamAuthJarSha256).toBeUndefined();
  });
});

describe("kafka config: refusals name the key, the value and what is allowed", () => {
  const cases: Array<{ what: string; stack: "dev" | "prod"; edit: (c: Raw) => void; expected: string[] }> = [
    {
      what: "an unknown broker type family",
      stack: "prod",
      edit: (c) => { c.regions[1].kafka.brokerInstanceType = "kafka.c5.large"; },
      expected: ["inference-platform:regions[1].kafka.brokerInstanceType", '"kafka.c5.large"', "unknown broker type family kafka.c5; allowed: kafka.t3, kafka.m5, kafka.m7g"],
    },
    {
      what: "a broker count that is not a multiple of the AZs",
      stack: "dev",
      edit: (c) => { c.regions[0].kafka.brokerCount = 4; },
      expected: ["inference-platform:regions[0].kafka.brokerCount", "(got 4)", "must be a multiple of the 3 availability zones (3, 6, 9…)"],
    },
    {
      what: "a replication factor above the broker count",
      stack: "prod",
      edit: (c) => { c.regions[1].kafka.defaultReplicationFactor = 4; },
      expected: ["inference-platform:regions[1].kafka.defaultReplicationFactor", "replication factor 4 does not fit the 3 brokers; allowed: 1 to 3"],
    },
    {
      what: "min.insync.replicas not below the replication factor",
      stack: "dev",
      edit: (c) => { c.regions[1].kafka.minInsyncReplicas = 3; },
      expected: ["inference-platform:regions[1].kafka.minInsyncReplicas", "min.insync.replicas 3 must be from 1 to 2 (below the replication factor 3)"],
    },
    {
      what: "a topic replicated on more brokers than exist",
      stack: "prod",
      edit: (c) => { c.regions[1].kafka.topics[0].replicationFactor = 4; },
      expected: ["inference-platform:regions[1].kafka.topics[0].replicationFactor", "replication factor 4 exceeds the 3 brokers; allowed: 1 to 3"],
    },
    {
      what: "a topic's min.insync.replicas equal to its replication factor",
      stack: "prod",
      edit: (c) => { c.regions[0].kafka.topics[1].minInsyncReplicas = 3; },
      expected: ["inference-platform:regions[0].kafka.topics[1].minInsyncReplicas", "must be less than the replication factor 3"],
    },
    {
      what: "a retention of zero hours",
      stack: "dev",
      edit: (c) => { c.regions[0].kafka.topics[2].retentionHours = 0; },
      expected: ["inference-platform:regions[0].kafka.topics[2].retentionHours", "(got 0)", "retention must be > 0 hours"],
    },
    {
      what: "a negative retention",
      stack: "prod",
      edit: (c) => { c.regions[1].kafka.topics[0].retentionHours = -1; },
      expected: ["inference-platform:regions[1].kafka.topics[0].retentionHours", "(got -1)", "retention must be > 0 hours"],
    },
    {
      what: "no dead-letter topic",
      stack: "prod",
      edit: (c) => { c.regions[1].kafka.topics.pop(); },
      expected: ["inference-platform:regions[1].kafka.topics", 'declare exactly one topic with purpose "deadLetter" (found 0); purposes: requests, results, deadLetter, other'],
    },
    {
      what: "a duplicate topic name",
      stack: "dev",
      edit: (c) => { c.regions[0].kafka.topics.push({ name: "inference-results", partitions: 1, retentionHours: 1 }); },
      expected: ["inference-platform:regions[0].kafka.topics[3].name", 'duplicate topic name: topics[1] is also "inference-results"'],
    },
    {
      what: "prod on burstable brokers",
      stack: "prod",
      edit: (c) => { c.regions[1].kafka.brokerInstanceType = "kafka.t3.small"; },
      expected: ["inference-platform:regions[1].kafka.brokerInstanceType", "kafka.t3.small is burstable (dev only); prod needs kafka.m5.large or larger (kafka.m5, kafka.m7g)"],
    },
    {
      what: "prod with fewer than 3 replicas and min ISR 1",
      stack: "prod",
      edit: (c) => { Object.assign(c.regions[1].kafka, { defaultReplicationFactor: 2, minInsyncReplicas: 1 }); },
      expected: ["regions[1].kafka.defaultReplicationFactor", "prod keeps 3 replicas (one per AZ)", "regions[1].kafka.minInsyncReplicas", "prod acknowledges writes on at least 2 replicas"],
    },
    {
      what: "a log retention CloudWatch does not offer",
      stack: "prod",
      edit: (c) => { c.regions[0].kafka.logRetentionDays = 10; },
      expected: ["inference-platform:regions[0].kafka.logRetentionDays", "CloudWatch Logs keeps logs for one of 1, 3, 5, 7, 14, 30"],
    },
    {
      what: "an autoscaling ceiling below the initial volume",
      stack: "prod",
      edit: (c) => { c.regions[1].kafka.maxVolumeSizeGiB = 100; },
      expected: ["inference-platform:regions[1].kafka.maxVolumeSizeGiB", "the autoscaling ceiling must be ≥ volumeSizeGiB (500)"],
    },
    {
      what: "China without a reachable MSK IAM library",
      stack: "prod",
      edit: (c) => { c.regions[0].kafka.topicsJob.iamAuthJarUrl = "https://github.com/aws/aws-msk-iam-auth/releases/download/v2.3.4/aws-msk-iam-auth-2.3.4-all.jar"; },
      expected: ["inference-platform:regions[0].kafka.topicsJob.iamAuthJarUrl", "required in the aws-cn partition and not on github.com (unreachable from China)"],
    },
    {
      what: "a misspelt key",
      stack: "dev",
      edit: (c) => { c.regions[0].kafka.brokers = 3; },
      expected: ["inference-platform:regions[0].kafka.brokers", "unknown key (misspelt?)"],
    },
    {
      what: "the namespace's default service account as the Kafka client identity",
      stack: "prod",
      edit: (c) => { c.regions[0].kafka.clients = { serviceAccountName: "default" }; },
      expected: ["inference-platform:regions[0].kafka.clients.serviceAccountName", '"default"', 'service account "default" is refused: every pod of the namespace runs as it and would get Kafka access'],
    },
    {
      what: "a client service account that is no Kubernetes name",
      stack: "dev",
      edit: (c) => { c.regions[1].kafka.clients = { serviceAccountName: "Kafka_Client" }; },
      expected: ["inference-platform:regions[1].kafka.clients.serviceAccountName", 'is not a Kubernetes name: 1 to 253 lower-case letters, digits, "-" and "."'],
    },
    {
      what: "a consumer group prefix with an IAM wildcard",
      stack: "prod",
      edit: (c) => { c.regions[1].kafka.clients = { consumerGroupPrefix: "inference-*" }; },
      expected: ["inference-platform:regions[1].kafka.clients.consumerGroupPrefix", '"inference-*"', 'letters, digits, ".", "_" and "-" (no wildcards, not empty)'],
    },
  ];

  it.each(cases)("refuses $what", ({ stack, edit, expected }) => {
    const message = refusal(stack, edit);
    expect(message).toContain(`Pulumi.${stack}.yaml`);
    for (const part of expected) expect(message).toContain(part);
  });

  it("collects every prod Kafka problem of every region in one error", () => {
    const message = refusal("prod", (c) => {
      Object.assign(c.regions[0].kafka, { minInsyncReplicas: 1, brokerInstanceType: "kafka.t3.small" });
      c.regions[1].kafka.brokerInstanceType = "kafka.t3.small";
    });
    expect(message).toContain("3 invalid configuration value(s)");
  });

  it("collects every problem of the contract in one error, then every rule that needs the region", () => {
    const message = refusal("prod", (c) => {
      c.regions[0].kafka.logRetentionDays = 10;
      c.regions[1].kafka.topics[0].retentionHours = 0;
      c.regions[1].kafka.clients = { consumerGroupPrefix: "" };
      c.regions[1].kafka.brokerCount = 5;
    });
    expect(message).toContain("3 invalid configuration value(s)");
    // Once the settings parse, the region's rules (brokers over its AZs) and prod's come together.
    const second = refusal("prod", (c) => {
      c.regions[1].kafka.brokerCount = 5;
      c.regions[0].kafka.brokerInstanceType = "kafka.t3.small";
    });
    expect(second).toContain("2 invalid configuration value(s)");
    expect(second).toContain("inference-platform:regions[1].kafka.brokerCount");
    expect(second).toContain("inference-platform:regions[0].kafka.brokerInstanceType");
  });
});
