// Config of the data plane: per-region managed Redis and Kafka (components/redis, components/kafka).
import { z } from "zod";
import {
  clientServiceAccountProblem, consumerGroupPrefixProblem, guaranteeProblems,
  DEFAULT_CLIENT_SERVICE_ACCOUNT, DEFAULT_CONSUMER_GROUP_PREFIX, ENHANCED_MONITORING_LEVELS, MAX_BROKER_VOLUME_GIB,
} from "../../../components/kafka/args";
import { BURSTABLE_BROKER_FAMILY, brokerCountProblem, brokerFamily, brokerTypeProblem } from "../../../components/kafka/brokers";
import { onMavenCentral } from "../../../components/kafka/topics-script";
import { topicProblems, type KafkaTopic } from "../../../components/kafka/topics";
import { logRetentionProblem } from "../../../components/lib/log-retention";
import { cacheNodeTypeProblem, engineVersionProblem, EVICTION_POLICIES } from "../../../components/redis/parameters";
import { windowProblems } from "../../../components/redis/windows";
import { KNOWN_REGIONS } from "../regions";
import type { StackConfig } from "../schema";
import type { SemanticProblem } from "../semantics";

const wholeNumber = z.number().int("a whole number");

/** `regions[].redis`: sizing and protection of the region's ElastiCache replication group. */
export const redisSectionSchema = z.strictObject({
  /** `redis` (OSS 7) or `valkey`. @default redis */
  engine: z.enum(["redis", "valkey"]).default("redis"),
  /** Engine version (redis 7.0/7.1, valkey 7.2/8.0/8.1). @default 7.1 */
  engineVersion: z.string().default("7.1"),
  /** Node type of every node. @default cache.r6g.large */
  nodeType: z.string().default("cache.r6g.large"),
  /** Read replicas next to the primary; 0 = single node (dev only). @default 1 */
  replicas: wholeNumber.min(0, "must be ≥ 0").max(5, "at most 5 (ElastiCache's replicas per shard)").default(1),
  /** Multi-AZ with automatic failover; prod requires it. @default true */
  multiAz: z.boolean().default(true),
  /** Days automatic snapshots are kept (0 = none); prod needs ≥ 7. @default 7 */
  snapshotRetentionDays: wholeNumber.min(0, "must be ≥ 0").max(35, "at most 35 (ElastiCache's limit)").default(7),
  /** Daily UTC snapshot window. @default 17:00-18:00 */
  snapshotWindow: z.string().default("17:00-18:00"),
  /** Weekly UTC maintenance window. @default sun:19:00-sun:20:00 */
  maintenanceWindow: z.string().default("sun:19:00-sun:20:00"),
  /** maxmemory-policy for the response cache. @default volatile-ttl */
  evictionPolicy: z.enum(EVICTION_POLICIES).default("volatile-ttl"),
  /** Days slow-log and engine-log are kept. @default 30 */
  logRetentionDays: wholeNumber.default(30),
  /** Response cache TTL published to pods (the seed's 30 s). @default 30 */
  cacheTtlSeconds: wholeNumber.min(1, "must be ≥ 1 second").default(30),
}).prefault({});

const topicSchema = z.strictObject({
  name: z.string().min(1, "a topic name"),
  /** requests, results, deadLetter (one each) or other. @default other */
  purpose: z.enum(["requests", "results", "deadLetter", "other"]).default("other"),
  partitions: wholeNumber,
  /** @default kafka.defaultReplicationFactor */
  replicationFactor: wholeNumber.optional(),
  retentionHours: z.number(),
  /** @default kafka.minInsyncReplicas */
  minInsyncReplicas: wholeNumber.optional(),
});

/** Topics a region gets when its stack file declares none. */
const DEFAULT_TOPICS: KafkaTopic[] = [
  { name: "inference-requests", purpose: "requests", partitions: 12, retentionHours: 72 },
  { name: "inference-results", purpose: "results", partitions: 12, retentionHours: 24 },
  { name: "inference-dead-letter", purpose: "deadLetter", partitions: 3, retentionHours: 336 },
];

/** `regions[].kafka`: sizing, guarantees and topics of the region's MSK cluster. */
export const kafkaSectionSchema = z.strictObject({
  /** MSK Kafka version. @default 3.8.x */
  kafkaVersion: z.string().regex(/^\d+\.\d+\.(\d+|x)$/, "an MSK Kafka version such as 3.8.x").default("3.8.x"),
  /** Broker type. @default kafka.m5.large */
  brokerInstanceType: z.string().default("kafka.m5.large"),
  /** Brokers, a multiple of the region's AZ count. @default 3 */
  brokerCount: wholeNumber.default(3),
  /** Initial storage per broker, GiB. @default 100 */
  volumeSizeGiB: wholeNumber.min(1, "must be ≥ 1 GiB").max(MAX_BROKER_VOLUME_GIB, `at most ${MAX_BROKER_VOLUME_GIB} GiB`).default(100),
  /** Storage autoscaling ceiling per broker, GiB. @default 1000 */
  maxVolumeSizeGiB: wholeNumber.max(MAX_BROKER_VOLUME_GIB, `at most ${MAX_BROKER_VOLUME_GIB} GiB`).default(1000),
  /** Disk utilisation that triggers a scale-out, percent. @default 60 */
  storageTargetUtilizationPercent: z.number().min(10, "at least 10").max(80, "at most 80").default(60),
  /** default.replication.factor. @default 3 */
  defaultReplicationFactor: wholeNumber.default(3),
  /** min.insync.replicas. @default 2 */
  minInsyncReplicas: wholeNumber.default(2),
  /** CloudWatch metrics level. @default PER_TOPIC_PER_BROKER */
  enhancedMonitoring: z.enum(ENHANCED_MONITORING_LEVELS).default("PER_TOPIC_PER_BROKER"),
  /** Days broker logs are kept. @default 30 */
  logRetentionDays: wholeNumber.default(30),
  /** Declared topics, kept by the topics Job. @default requests, results and dead-letter topics */
  topics: z.array(topicSchema).prefault(DEFAULT_TOPICS),
  /** The topics Job. */
  topicsJob: z.strictObject({
    /** https URL of the aws-msk-iam-auth all-jar; required in China. @default Maven Central */
    iamAuthJarUrl: z.string().regex(/^https:\/\/\S+$/, "an https URL").optional(),
    /** sha256 of the jar; prod needs it for a URL off Maven Central. @default not verified */
    iamAuthJarSha256: z.string().regex(/^[0-9a-f]{64}$/, "64 lower-case hex digits").optional(),
    /**
     * Explicitly run a prod Job with a jar off Maven Central that nobody
     * checks: a swapped jar would run with the Job's Kafka admin rights.
     * Say in the stack file why, and until when. @default false
     */
    acceptUnverifiedIamAuthJar: z.boolean().default(false),
    /** Delete undeclared topics (data loss; opt in). @default false */
    pruneUndeclared: z.boolean().default(false),
  }).prefault({}),
  /** Kafka identity of the inference workloads in the app namespace. */
  clients: z.strictObject({
    /** Service account pods run as to reach Kafka. @default inference-kafka-client */
    serviceAccountName: z.string().default(DEFAULT_CLIENT_SERVICE_ACCOUNT),
    /** Consumer group ids the workloads may join start with this. @default inference- */
    consumerGroupPrefix: z.string().default(DEFAULT_CONSUMER_GROUP_PREFIX),
  }).prefault({}),
}).prefault({});

/** Cross-field rules of the data plane: families, AZ spread, guarantees, topics and what prod needs. */
export function checkDataPlane(cfg: StackConfig): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  const prod = cfg.environment === "prod";
  cfg.regions.forEach((r, i) => {
    const at = (section: "redis" | "kafka", ...rest: Array<string | number>) => ["regions", i, section, ...rest];
    const add = (path: Array<string | number>, message: string | undefined) => {
      if (message) problems.push({ path, message });
    };

    const redis = r.redis;
    add(at("redis", "nodeType"), cacheNodeTypeProblem(redis.nodeType));
    add(at("redis", "engineVersion"), engineVersionProblem(redis.engine, redis.engineVersion));
    for (const p of windowProblems(redis.snapshotWindow, redis.maintenanceWindow)) add(at("redis", p.window), p.reason);
    add(at("redis", "logRetentionDays"), logRetentionProblem(redis.logRetentionDays));
    if (redis.multiAz && redis.replicas < 1) add(at("redis", "replicas"), "Multi-AZ fails over to a replica: set replicas ≥ 1, or multiAz false (single node, dev only)");
    if (prod) {
      if (!redis.multiAz) add(at("redis", "multiAz"), "prod needs multiAz true (automatic failover to another AZ); a single AZ is allowed in dev only");
      if (redis.replicas < 1) add(at("redis", "replicas"), "prod needs at least 1 replica so a node loss fails over instead of losing the cache and sessions");
      if (redis.snapshotRetentionDays < 7) add(at("redis", "snapshotRetentionDays"), "prod keeps snapshots at least 7 days (allowed: 7 to 35)");
    }

    const kafka = r.kafka;
    const zones = KNOWN_REGIONS[r.awsRegion]?.zones.length ?? 3;
    add(at("kafka", "brokerInstanceType"), brokerTypeProblem(kafka.brokerInstanceType));
    if (prod && brokerFamily(kafka.brokerInstanceType) === BURSTABLE_BROKER_FAMILY) {
      add(at("kafka", "brokerInstanceType"), `${kafka.brokerInstanceType} is burstable (dev only); prod needs kafka.m5.large or larger (kafka.m5, kafka.m7g)`);
    }
    add(at("kafka", "brokerCount"), brokerCountProblem(kafka.brokerCount, zones));
    for (const p of guaranteeProblems(kafka.brokerCount, kafka.defaultReplicationFactor, kafka.minInsyncReplicas)) add(at("kafka", p.field), p.reason);
    if (prod && kafka.defaultReplicationFactor < 3) add(at("kafka", "defaultReplicationFactor"), "prod keeps 3 replicas (one per AZ); allowed: 3 up to the broker count");
    if (prod && kafka.minInsyncReplicas < 2) add(at("kafka", "minInsyncReplicas"), "prod acknowledges writes on at least 2 replicas; allowed: 2 up to the replication factor - 1");
    if (kafka.maxVolumeSizeGiB < kafka.volumeSizeGiB) add(at("kafka", "maxVolumeSizeGiB"), `the autoscaling ceiling must be ≥ volumeSizeGiB (${kafka.volumeSizeGiB})`);
    add(at("kafka", "logRetentionDays"), logRetentionProblem(kafka.logRetentionDays));
    for (const p of topicProblems(kafka.topics, kafka, kafka.brokerCount)) {
      add(p.index === undefined ? at("kafka", "topics") : at("kafka", "topics", p.index, p.field), p.reason);
    }
    add(at("kafka", "clients", "serviceAccountName"), clientServiceAccountProblem(kafka.clients.serviceAccountName));
    add(at("kafka", "clients", "consumerGroupPrefix"), consumerGroupPrefixProblem(kafka.clients.consumerGroupPrefix));
    const jarUrl = kafka.topicsJob.iamAuthJarUrl;
    if (r.partition === "aws-cn" && (!jarUrl || /^https:\/\/(github\.com|objects\.githubusercontent\.com)\//.test(jarUrl))) {
      add(at("kafka", "topicsJob", "iamAuthJarUrl"), "required in the aws-cn partition and not on github.com (unreachable from China): an https URL of a copy in the region, e.g. an S3 bucket");
    }
    const job = kafka.topicsJob;
    if (prod && jarUrl && !onMavenCentral(jarUrl) && !job.iamAuthJarSha256 && !job.acceptUnverifiedIamAuthJar) {
      add(at("kafka", "topicsJob", "iamAuthJarSha256"), `prod needs the jar's sha256 when iamAuthJarUrl is off Maven Central (${jarUrl}): 64 lower-case hex digits of the jar you uploaded (see components/kafka/README.md), or acceptUnverifiedIamAuthJar: true to run it unchecked knowingly`);
    }
  });
  return problems;
}
