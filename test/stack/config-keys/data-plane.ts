// Stack-file keys of each region's Redis and Kafka.
import type { RenderedStack } from "../../../infra/plan/harness";
import { inputs, inRegion, inTopic, named, regionIn, topicsJobEnv, topicSpec, type Reaches, type Unreached } from "../../support/config-keys";
import { T } from "./shared";

const kafkaConnection = (r: RenderedStack, region: string): Record<string, string> => inputs(r, T.configMap, `${region}-kafka-connection`).data;
const brokerProperty = (r: RenderedStack, name: string): string | undefined =>
  new RegExp(`^${name.replace(/\./g, "\\.")}=(.*)$`, "m").exec(inputs(r, T.mskConfig, "frankfurt-kafka").serverProperties)?.[1];

export const DATA_PLANE_KEYS: Record<string, Reaches | Unreached> = {
  // Valkey comes with a Valkey version; the version alone is set on Frankfurt.
  "regions[].redis.engine": {
    ...inRegion("prod", "china", "redis.engine", "valkey", (r) => { r.redis.engineVersion = "8.0"; }),
    found: (r) => inputs(r, T.redis, "china-redis").engine,
  },
  "regions[].redis.engineVersion": { ...inRegion("prod", "frankfurt", "redis.engineVersion", "7.0"), found: (r) => inputs(r, T.redis, "frankfurt-redis").engineVersion },
  "regions[].redis.nodeType": { ...inRegion("prod", "china", "redis.nodeType", "cache.r7g.large"), found: (r) => inputs(r, T.redis, "china-redis").nodeType },
  "regions[].redis.replicas": { ...inRegion("prod", "china", "redis.replicas", 3), found: (r) => inputs(r, T.redis, "china-redis").numCacheClusters, expected: 4 },
  "regions[].redis.multiAz": { ...inRegion("prod", "china", "redis.multiAz", false), found: (r) => inputs(r, T.redis, "china-redis").multiAzEnabled },
  "regions[].redis.snapshotRetentionDays": {
    ...inRegion("prod", "china", "redis.snapshotRetentionDays", 14),
    found: (r) => inputs(r, T.redis, "china-redis").snapshotRetentionLimit,
  },
  "regions[].redis.snapshotWindow": { ...inRegion("prod", "china", "redis.snapshotWindow", "03:00-04:00"), found: (r) => inputs(r, T.redis, "china-redis").snapshotWindow },
  "regions[].redis.maintenanceWindow": {
    ...inRegion("prod", "china", "redis.maintenanceWindow", "tue:05:00-tue:06:00"),
    found: (r) => inputs(r, T.redis, "china-redis").maintenanceWindow,
  },
  "regions[].redis.evictionPolicy": {
    ...inRegion("prod", "china", "redis.evictionPolicy", "allkeys-lru"),
    found: (r) => named(inputs(r, "aws:elasticache/parameterGroup:ParameterGroup", "china-redis-valkey8").parameters, "maxmemory-policy").value,
  },
  "regions[].redis.logRetentionDays": {
    ...inRegion("prod", "china", "redis.logRetentionDays", 60),
    found: (r) => ["slow-log", "engine-log"].map((l) => inputs(r, T.logGroup, `china-redis-${l}`).retentionInDays),
    expected: [60, 60],
  },
  "regions[].redis.port": { ...inRegion("prod", "china", "redis.port", 6380), found: (r) => inputs(r, T.redis, "china-redis").port },
  "regions[].redis.cacheTtlSeconds": {
    ...inRegion("prod", "china", "redis.cacheTtlSeconds", 45),
    found: (r) => inputs(r, T.configMap, "china-redis-connection").data.RESPONSE_CACHE_TTL_SECONDS,
    expected: "45",
  },

  "regions[].kafka.kafkaVersion": { ...inRegion("prod", "china", "kafka.kafkaVersion", "3.7.x"), found: (r) => inputs(r, T.msk, "china-kafka").kafkaVersion },
  "regions[].kafka.brokerInstanceType": {
    ...inRegion("prod", "china", "kafka.brokerInstanceType", "kafka.m7g.large"),
    found: (r) => inputs(r, T.msk, "china-kafka").brokerNodeGroupInfo.instanceType,
  },
  "regions[].kafka.brokerCount": { ...inRegion("prod", "frankfurt", "kafka.brokerCount", 6), found: (r) => inputs(r, T.msk, "frankfurt-kafka").numberOfBrokerNodes },
  "regions[].kafka.volumeSizeGiB": {
    ...inRegion("prod", "china", "kafka.volumeSizeGiB", 800),
    found: (r) => inputs(r, T.msk, "china-kafka").brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize,
  },
  "regions[].kafka.maxVolumeSizeGiB": {
    ...inRegion("prod", "china", "kafka.maxVolumeSizeGiB", 6000),
    found: (r) => inputs(r, "aws:appautoscaling/target:Target", "china-kafka-storage").maxCapacity,
  },
  "regions[].kafka.storageTargetUtilizationPercent": {
    ...inRegion("prod", "china", "kafka.storageTargetUtilizationPercent", 50),
    found: (r) => inputs(r, "aws:appautoscaling/policy:Policy", "china-kafka-storage").targetTrackingScalingPolicyConfiguration.targetValue,
  },
  "regions[].kafka.defaultReplicationFactor": {
    ...inRegion("prod", "frankfurt", "kafka.defaultReplicationFactor", 4),
    found: (r) => brokerProperty(r, "default.replication.factor"),
    expected: "4",
  },
  "regions[].kafka.minInsyncReplicas": { ...inRegion("prod", "frankfurt", "kafka.minInsyncReplicas", 3), found: (r) => brokerProperty(r, "min.insync.replicas"), expected: "3" },
  "regions[].kafka.enhancedMonitoring": { ...inRegion("prod", "china", "kafka.enhancedMonitoring", "PER_BROKER"), found: (r) => inputs(r, T.msk, "china-kafka").enhancedMonitoring },
  "regions[].kafka.logRetentionDays": { ...inRegion("prod", "china", "kafka.logRetentionDays", 120), found: (r) => inputs(r, T.logGroup, "china-kafka-brokers").retentionInDays },
  "regions[].kafka.topics[].name": {
    ...inTopic("frankfurt", "inference-requests", "name", "llm-requests"),
    found: (r) => kafkaConnection(r, "frankfurt").KAFKA_TOPIC_REQUESTS,
  },
  // The results and dead-letter topics trade roles.
  "regions[].kafka.topics[].purpose": {
    ...inTopic("china", "inference-results", "purpose", "deadLetter"),
    edit: (c) => {
      named(regionIn(c, "china").kafka.topics, "inference-results").purpose = "deadLetter";
      named(regionIn(c, "china").kafka.topics, "inference-dead-letter").purpose = "results";
    },
    found: (r) => kafkaConnection(r, "china").KAFKA_TOPIC_DEAD_LETTER,
    expected: "inference-results",
  },
  "regions[].kafka.topics[].partitions": { ...inTopic("china", "inference-requests", "partitions", 30), found: (r) => topicSpec(r, "china", "inference-requests")[0] },
  "regions[].kafka.topics[].replicationFactor": {
    ...inTopic("china", "inference-dead-letter", "replicationFactor", 4),
    found: (r) => topicSpec(r, "china", "inference-dead-letter")[1],
  },
  "regions[].kafka.topics[].retentionHours": {
    ...inTopic("china", "inference-results", "retentionHours", 36),
    found: (r) => topicSpec(r, "china", "inference-results")[2],
    expected: 36 * 3_600_000,
  },
  "regions[].kafka.topics[].minInsyncReplicas": {
    ...inTopic("china", "inference-requests", "minInsyncReplicas", 1),
    found: (r) => topicSpec(r, "china", "inference-requests")[3],
  },
  "regions[].kafka.topicsJob.iamAuthJarUrl": {
    ...inRegion("prod", "frankfurt", "kafka.topicsJob.iamAuthJarUrl", "https://artifacts.example.com/aws-msk-iam-auth-2.3.4-all.jar"),
    found: (r) => topicsJobEnv(r, "frankfurt").JAR_URL,
  },
  "regions[].kafka.topicsJob.iamAuthJarSha256": {
    ...inRegion("prod", "frankfurt", "kafka.topicsJob.iamAuthJarSha256", "ab".repeat(32)),
    found: (r) => topicsJobEnv(r, "frankfurt").JAR_SHA256,
  },
  "regions[].kafka.topicsJob.acceptUnverifiedIamAuthJar": {
    reason: "an acknowledgement, not a setting: it only lifts prod's refusal of a jar off Maven Central without a sha256 " +
      "(test/kafka proves the refusal); the Job is the same either way",
  },
  "regions[].kafka.topicsJob.pruneUndeclared": {
    ...inRegion("prod", "china", "kafka.topicsJob.pruneUndeclared", true),
    found: (r) => topicsJobEnv(r, "china").PRUNE_UNDECLARED,
    expected: "true",
  },
  "regions[].kafka.clients.serviceAccountName": {
    ...inRegion("prod", "china", "kafka.clients.serviceAccountName", "llm-kafka-client"),
    found: (r) => inputs(r, "kubernetes:core/v1:ServiceAccount", "china-kafka-client").metadata.name,
  },
  "regions[].kafka.clients.consumerGroupPrefix": {
    ...inRegion("prod", "china", "kafka.clients.consumerGroupPrefix", "llm-"),
    found: (r) => kafkaConnection(r, "china").KAFKA_CONSUMER_GROUP_PREFIX,
  },
};
