/**
 * The contract of KafkaCluster: its settings, their defaults and their rules,
 * defined once. `KafkaClusterArgs` extends `KafkaSettings`, the component
 * validates with this schema, and a region's `kafka:` section in the stack
 * file is this schema. Pulumi-free.
 */
import { z } from "zod";
import type { SettingsProblem } from "../lib/contract";
import { notOfferedProblem, unknownTypeProblem } from "../lib/instance-facts";
import { logRetentionProblem } from "../lib/log-retention";
import type { Partition } from "../lib/partition";
import { BURSTABLE_BROKER_FAMILY, brokerCountProblem, brokerFamily, brokerTypeProblem } from "./brokers";
import { clientServiceAccountProblem, consumerGroupPrefixProblem } from "./identities";
import { onMavenCentral } from "./topics-script";
import { topicProblems, topicSchema, type KafkaTopic } from "./topics";

/** Largest EBS volume MSK gives a Standard broker, in GiB. */
const MAX_BROKER_VOLUME_GIB = 16384;
/** Replicas prod keeps of every partition: one per AZ. */
const PROD_MIN_REPLICATION_FACTOR = 3;
/** Replicas prod acknowledges a write on. */
const PROD_MIN_INSYNC_REPLICAS = 2;

const wholeNumber = z.number().int("a whole number");
const VOLUME_RANGE = `a whole number of GiB from 1 to ${MAX_BROKER_VOLUME_GIB}`;
const TARGET_RANGE = "from 10 to 80 percent (MSK recommends 50–60)";

/**
 * MSK versions a Standard-broker cluster can be created with, as of
 * KAFKA_VERSIONS_RECORDED: AWS's "Supported Apache Kafka versions"
 * (https://docs.aws.amazon.com/msk/latest/developerguide/supported-kafka-versions.html;
 * its China edition dates 3.6.0's end of support 2026-06-01, kept while clusters on it are upgraded) and the API strings
 * of aws-cdk's KafkaVersion (`x.y.x.kraft` for KRaft; 4.x is KRaft only, 4.2 Express only:
 * https://github.com/aws/aws-cdk/blob/dbf8d37c9acbf8d7601892669618068a4bbf5b39/packages/@aws-cdk/aws-msk-alpha/lib/cluster-version.ts).
 */
const KAFKA_VERSIONS = ["3.6.0", "3.7.x", "3.7.x.kraft", "3.8.x", "3.8.x.kraft", "3.9.x", "3.9.x.kraft", "4.0.x.kraft", "4.1.x.kraft"] as const;
const KAFKA_VERSIONS_RECORDED = "2026-11-29";
const KAFKA_VERSION_RANGE = `an MSK Kafka version: one of ${KAFKA_VERSIONS.join(", ")} (recorded ${KAFKA_VERSIONS_RECORDED})`;

/** MSK's default quotas of Standard brokers per cluster (Amazon MSK quota page): ZooKeeper-based, KRaft-based. */
const MAX_BROKERS_ZOOKEEPER = 30;
const MAX_BROKERS_KRAFT = 60;

/** Why `brokers` is not a broker count MSK creates for `kafkaVersion` by default, or undefined. */
function brokerQuotaProblem(brokers: number, kafkaVersion: string): string | undefined {
  const kraft = kafkaVersion.endsWith(".kraft");
  const max = kraft ? MAX_BROKERS_KRAFT : MAX_BROKERS_ZOOKEEPER;
  if (brokers >= 1 && brokers <= max) return undefined;
  const per = kraft ? "per KRaft-based cluster" : `per ZooKeeper-based cluster; ${MAX_BROKERS_KRAFT} with a KRaft version such as 3.9.x.kraft`;
  return `from 1 to ${max} brokers (MSK's default quota ${per})`;
}

/** Topics a cluster gets when none are declared. */
const DEFAULT_TOPICS: KafkaTopic[] = [
  { name: "inference-requests", purpose: "requests", partitions: 12, retentionHours: 72 },
  { name: "inference-results", purpose: "results", partitions: 12, retentionHours: 24 },
  { name: "inference-dead-letter", purpose: "deadLetter", partitions: 3, retentionHours: 336 },
];

/** Sizing, guarantees, topics and identities of one MSK cluster. */
export const kafkaSettingsSchema = z.strictObject({
  /** MSK Kafka version, one MSK supports (KAFKA_VERSIONS). @default 3.8.x */
  kafkaVersion: z.string().refine((v) => (KAFKA_VERSIONS as readonly string[]).includes(v), KAFKA_VERSION_RANGE).default("3.8.x"),
  /** Broker type (families kafka.t3, kafka.m5, kafka.m7g); prod refuses kafka.t3. @default kafka.m5.large */
  brokerInstanceType: z.string().default("kafka.m5.large"),
  /** Brokers, a multiple of the AZ count. @default 3 */
  brokerCount: wholeNumber.default(3),
  /** Initial EBS storage per broker, GiB. @default 100 */
  volumeSizeGiB: z.number().int(VOLUME_RANGE).min(1, VOLUME_RANGE).max(MAX_BROKER_VOLUME_GIB, VOLUME_RANGE).default(100),
  /** Storage autoscaling ceiling per broker, GiB, ≥ volumeSizeGiB. @default 1000 */
  maxVolumeSizeGiB: wholeNumber.max(MAX_BROKER_VOLUME_GIB, `at most ${MAX_BROKER_VOLUME_GIB} GiB`).default(1000),
  /** Disk utilisation that triggers a storage scale-out, percent. @default 60 */
  storageTargetUtilizationPercent: z.number().min(10, TARGET_RANGE).max(80, TARGET_RANGE).default(60),
  /** `default.replication.factor`, 1 to the broker count; prod needs ≥ 3. @default 3 */
  defaultReplicationFactor: wholeNumber.default(3),
  /** `min.insync.replicas`, below the replication factor; prod needs ≥ 2. @default 2 */
  minInsyncReplicas: wholeNumber.default(2),
  /** CloudWatch metrics level. @default PER_TOPIC_PER_BROKER */
  enhancedMonitoring: z.enum(["DEFAULT", "PER_BROKER", "PER_TOPIC_PER_BROKER", "PER_TOPIC_PER_PARTITION"]).default("PER_TOPIC_PER_BROKER"),
  /** Days broker logs are kept in CloudWatch Logs. @default 30 */
  logRetentionDays: wholeNumber.default(30),
  /** Declared topics, kept by the topics Job: one each for requests, results and deadLetter, any number of others. @default inference-requests, inference-results, inference-dead-letter */
  topics: z.array(topicSchema).prefault(DEFAULT_TOPICS),
  /** The Job creating and keeping the topics. */
  topicsJob: z.strictObject({
    /** https URL of the aws-msk-iam-auth "all" jar; required, and not on GitHub, in China. @default aws-msk-iam-auth 2.3.4 on Maven Central */
    iamAuthJarUrl: z.string().regex(/^https:\/\/\S+$/, "an https URL of the aws-msk-iam-auth all-jar").optional(),
    /** sha256 the jar must have; prod needs it for a URL off Maven Central. @default not verified */
    iamAuthJarSha256: z.string().regex(/^[0-9a-f]{64}$/, "64 lower-case hex digits").optional(),
    /**
     * Explicitly run a prod Job with a jar off Maven Central that nobody
     * checks: a swapped jar would run with the Job's Kafka admin rights.
     * Say in the stack file why, and until when. @default false
     */
    acceptUnverifiedIamAuthJar: z.boolean().default(false),
    /** Delete topics that are no longer declared (never `__*`). Data loss: opt in explicitly. @default false */
    pruneUndeclared: z.boolean().default(false),
  }).prefault({}),
  /** The Kafka identity of the inference workloads (the cluster admits IAM clients only). */
  clients: z.strictObject({
    /** Service account pods name in `serviceAccountName:`; not `default`, not `kafka-topics`. @default inference-kafka-client */
    serviceAccountName: z.string().default("inference-kafka-client"),
    /** Consumer group ids the workloads may join start with this (no wildcards). @default inference- */
    consumerGroupPrefix: z.string().default("inference-"),
  }).prefault({}),
}).superRefine((s, ctx) => {
  const add = (path: Array<string | number>, message: string | undefined) => {
    if (message) ctx.addIssue({ code: "custom", path, message });
  };
  const brokers = s.brokerCount;
  add(["brokerInstanceType"], brokerTypeProblem(s.brokerInstanceType) ?? unknownTypeProblem("kafka", s.brokerInstanceType));
  add(["brokerCount"], brokerQuotaProblem(brokers, s.kafkaVersion));
  // Replication is judged against a broker count that can exist.
  const validBrokers = Math.max(1, Math.min(brokers, MAX_BROKERS_KRAFT));
  const rf = s.defaultReplicationFactor;
  if (rf < 1 || rf > validBrokers) add(["defaultReplicationFactor"], `replication factor ${rf} does not fit the ${validBrokers} brokers; allowed: 1 to ${validBrokers}`);
  if (s.minInsyncReplicas < 1 || s.minInsyncReplicas >= rf) {
    add(["minInsyncReplicas"], `min.insync.replicas ${s.minInsyncReplicas} must be from 1 to ${rf - 1} (below the replication factor ${rf}), or one broker down stops all writes`);
  }
  if (s.maxVolumeSizeGiB < s.volumeSizeGiB) add(["maxVolumeSizeGiB"], `the autoscaling ceiling must be ≥ volumeSizeGiB (${s.volumeSizeGiB})`);
  add(["logRetentionDays"], logRetentionProblem(s.logRetentionDays));
  for (const p of topicProblems(s.topics, s, validBrokers)) add(p.index === undefined ? ["topics"] : ["topics", p.index, p.field], p.reason);
  add(["clients", "serviceAccountName"], clientServiceAccountProblem(s.clients.serviceAccountName));
  add(["clients", "consumerGroupPrefix"], consumerGroupPrefixProblem(s.clients.consumerGroupPrefix));
});

/** What a caller may set (defaulted keys optional). */
export type KafkaSettings = z.input<typeof kafkaSettingsSchema>;
/** Settings with every default applied. */
export type ResolvedKafkaSettings = z.output<typeof kafkaSettingsSchema>;

/** What the region adds to the rules: brokers spread evenly over its `zones`, and a jar its partition can reach. */
export function kafkaRegionProblems(s: ResolvedKafkaSettings, region: { zones: number; partition: Partition }): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const spread = brokerCountProblem(s.brokerCount, region.zones);
  if (spread) problems.push({ path: ["brokerCount"], message: spread });
  const jarUrl = s.topicsJob.iamAuthJarUrl;
  if (region.partition === "aws-cn" && (!jarUrl || /^https:\/\/(github\.com|objects\.githubusercontent\.com)\//.test(jarUrl))) {
    problems.push({
      path: ["topicsJob", "iamAuthJarUrl"],
      message: "required in the aws-cn partition and not on github.com (unreachable from China): an https URL of a copy in the region, e.g. an S3 bucket",
    });
  }
  return problems;
}

/** Rules that need the cluster's AWS region: a broker type offered there. */
export function kafkaBrokerRegionProblems(s: ResolvedKafkaSettings, awsRegion: string): SettingsProblem[] {
  const problem = notOfferedProblem("kafka", s.brokerInstanceType, awsRegion);
  return problem ? [{ path: ["brokerInstanceType"], message: problem }] : [];
}

/** What prod adds to the rules: no burstable brokers, writes that survive a broker loss, a verified jar. */
export function kafkaProdProblems(s: ResolvedKafkaSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (brokerFamily(s.brokerInstanceType) === BURSTABLE_BROKER_FAMILY) {
    problems.push({ path: ["brokerInstanceType"], message: `${s.brokerInstanceType} is burstable (dev only); prod needs kafka.m5.large or larger (kafka.m5, kafka.m7g)` });
  }
  if (s.defaultReplicationFactor < PROD_MIN_REPLICATION_FACTOR) {
    problems.push({ path: ["defaultReplicationFactor"], message: `prod keeps ${PROD_MIN_REPLICATION_FACTOR} replicas (one per AZ); allowed: ${PROD_MIN_REPLICATION_FACTOR} up to the broker count` });
  }
  if (s.minInsyncReplicas < PROD_MIN_INSYNC_REPLICAS) {
    problems.push({ path: ["minInsyncReplicas"], message: `prod acknowledges writes on at least ${PROD_MIN_INSYNC_REPLICAS} replicas; allowed: ${PROD_MIN_INSYNC_REPLICAS} up to the replication factor - 1` });
  }
  const job = s.topicsJob;
  if (job.iamAuthJarUrl && !onMavenCentral(job.iamAuthJarUrl) && !job.iamAuthJarSha256 && !job.acceptUnverifiedIamAuthJar) {
    problems.push({
      path: ["topicsJob", "iamAuthJarSha256"],
      message: `prod needs the jar's sha256 when iamAuthJarUrl is off Maven Central (${job.iamAuthJarUrl}): 64 lower-case hex digits of the jar you uploaded (see components/kafka/README.md), or acceptUnverifiedIamAuthJar: true to run it unchecked knowingly`,
    });
  }
  return problems;
}

/** MSK's limit on a cluster name. */
const MAX_CLUSTER_NAME = 64;

/**
 * Why the stack-scoped cluster name does not suit MSK (undefined when it
 * does): 1 to 64 letters, digits and hyphens starting with a letter or digit.
 * The configuration name adds only the validated Kafka version to the same
 * stem, so this check covers it too.
 */
export function mskClusterNameProblem(clusterName: string): string | undefined {
  if (/^[0-9a-z][0-9a-z-]*$/.test(clusterName) && clusterName.length <= MAX_CLUSTER_NAME) return undefined;
  return `MSK cluster name "${clusterName}" (<stack>-<name>, ${clusterName.length} characters) is not allowed: MSK takes 1 to ${MAX_CLUSTER_NAME} letters, digits and hyphens starting with a letter or digit; use a shorter or plainer stack or component name`;
}
