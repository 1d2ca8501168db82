import { logRetentionProblem } from "../lib/log-retention";
import { partitionOf } from "../lib/partition";
import type { InputProblem } from "../lib/problems";
import { brokerCountProblem, brokerTypeProblem } from "./brokers";
import type { KafkaClusterArgs } from "./index";
import { topicProblems } from "./topics";

/** Largest EBS volume MSK gives a Standard broker, in GiB. */
export const MAX_BROKER_VOLUME_GIB = 16384;

/** CloudWatch monitoring levels of MSK. */
export const ENHANCED_MONITORING_LEVELS = ["DEFAULT", "PER_BROKER", "PER_TOPIC_PER_BROKER", "PER_TOPIC_PER_PARTITION"] as const;

/** Why the guarantees do not fit `brokers`, keyed by the field at fault. */
export function guaranteeProblems(brokers: number, replicationFactor: number, minInsyncReplicas: number): Array<{ field: "defaultReplicationFactor" | "minInsyncReplicas"; reason: string }> {
  const problems: Array<{ field: "defaultReplicationFactor" | "minInsyncReplicas"; reason: string }> = [];
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1 || replicationFactor > brokers) {
    problems.push({ field: "defaultReplicationFactor", reason: `replication factor ${replicationFactor} does not fit the ${brokers} brokers; allowed: 1 to ${brokers}` });
  }
  if (!Number.isInteger(minInsyncReplicas) || minInsyncReplicas < 1 || minInsyncReplicas >= replicationFactor) {
    problems.push({ field: "minInsyncReplicas", reason: `min.insync.replicas ${minInsyncReplicas} must be from 1 to ${replicationFactor - 1} (below the replication factor ${replicationFactor}), or one broker down stops all writes` });
  }
  return problems;
}

/** Service account of the topics Job; the IAM role trusts exactly this one. */
export const TOPICS_SERVICE_ACCOUNT = "kafka-topics";

/** Service account inference workloads run as to reach Kafka. */
export const DEFAULT_CLIENT_SERVICE_ACCOUNT = "inference-kafka-client";

/** Start of the consumer group ids inference workloads may join. */
export const DEFAULT_CONSUMER_GROUP_PREFIX = "inference-";

/**
 * Why `name` cannot be the inference workloads' service account (undefined
 * when it can): a Kubernetes name (DNS-1123 subdomain), and neither `default`
 * (every pod of the namespace would get Kafka access) nor the topics Job's
 * account (admin rights). Pure.
 */
export function clientServiceAccountProblem(name: string): string | undefined {
  const dns1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
  if (!dns1123.test(name) || name.length > 253) {
    return `service account name "${name}" is not a Kubernetes name: 1 to 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit`;
  }
  if (name === "default") return 'service account "default" is refused: every pod of the namespace runs as it and would get Kafka access; name a dedicated account, e.g. inference-kafka-client';
  if (name === TOPICS_SERVICE_ACCOUNT) return `service account "${TOPICS_SERVICE_ACCOUNT}" belongs to the topics Job (topic administration); name another, e.g. inference-kafka-client`;
  return undefined;
}

/** Longest consumer group prefix accepted. */
const MAX_GROUP_PREFIX = 200;

/**
 * Why `prefix` cannot start the consumer group ids workloads may join
 * (undefined when it can). It ends up in an IAM resource ARN followed by `*`,
 * so IAM wildcards (`*`, `?`) and policy variables would widen the grant, and
 * an empty prefix would allow every group. Pure.
 */
export function consumerGroupPrefixProblem(prefix: string): string | undefined {
  if (/^[A-Za-z0-9._-]+$/.test(prefix) && prefix.length <= MAX_GROUP_PREFIX) return undefined;
  return `consumer group prefix "${prefix}" is not allowed: 1 to ${MAX_GROUP_PREFIX} letters, digits, ".", "_" and "-" (no wildcards, not empty), e.g. inference-`;
}

/** MSK's limit on a cluster name. */
const MAX_CLUSTER_NAME = 64;

/**
 * Why the stack-scoped cluster name does not suit MSK (undefined when it
 * does): 1 to 64 letters, digits and hyphens starting with a letter or digit.
 * The configuration name adds only the validated Kafka version to the same
 * stem, so this check covers it too. Pure.
 */
export function mskClusterNameProblem(clusterName: string): string | undefined {
  if (/^[0-9a-z][0-9a-z-]*$/.test(clusterName) && clusterName.length <= MAX_CLUSTER_NAME) return undefined;
  return `MSK cluster name "${clusterName}" (<stack>-<name>, ${clusterName.length} characters) is not allowed: MSK takes 1 to ${MAX_CLUSTER_NAME} letters, digits and hyphens starting with a letter or digit; use a shorter or plainer stack or component name`;
}

/** Every problem with KafkaCluster inputs (empty when they are fine). Pure. */
export function validateKafkaClusterArgs(args: KafkaClusterArgs): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (property: string, reason: string | undefined) => {
    if (reason) problems.push({ property, reason });
  };
  const brokers = args.brokerCount ?? 3;
  const volume = args.volumeSizeGiB ?? 100;
  const maxVolume = args.maxVolumeSizeGiB ?? 1000;
  const target = args.storageTargetUtilizationPercent ?? 60;
  const guarantees = { defaultReplicationFactor: args.defaultReplicationFactor ?? 3, minInsyncReplicas: args.minInsyncReplicas ?? 2 };

  if (args.subnetIds.length !== 3) add("subnetIds", `brokers spread over exactly 3 AZs: give one private subnet per AZ (got ${args.subnetIds.length})`);
  add("brokerInstanceType", brokerTypeProblem(args.brokerInstanceType ?? "kafka.m5.large"));
  add("brokerCount", brokerCountProblem(brokers, 3));
  if (!/^\d+\.\d+\.(\d+|x)$/.test(args.kafkaVersion ?? "3.8.x")) add("kafkaVersion", "an MSK Kafka version such as 3.8.x or 3.6.0");
  if (!Number.isInteger(volume) || volume < 1 || volume > MAX_BROKER_VOLUME_GIB) add("volumeSizeGiB", `a whole number of GiB from 1 to ${MAX_BROKER_VOLUME_GIB}`);
  if (!Number.isInteger(maxVolume) || maxVolume < volume || maxVolume > MAX_BROKER_VOLUME_GIB) add("maxVolumeSizeGiB", `a whole number of GiB from volumeSizeGiB (${volume}) to ${MAX_BROKER_VOLUME_GIB}`);
  if (!(target >= 10 && target <= 80)) add("storageTargetUtilizationPercent", "from 10 to 80 percent (MSK recommends 50–60)");
  for (const p of guaranteeProblems(brokers, guarantees.defaultReplicationFactor, guarantees.minInsyncReplicas)) add(p.field, p.reason);
  const level = args.enhancedMonitoring ?? "PER_TOPIC_PER_BROKER";
  if (!(ENHANCED_MONITORING_LEVELS as readonly string[]).includes(level)) add("enhancedMonitoring", `one of ${ENHANCED_MONITORING_LEVELS.join(", ")}`);
  add("logRetentionDays", logRetentionProblem(args.logRetentionDays ?? 30));
  for (const p of topicProblems(args.topics, guarantees, brokers)) {
    add(p.index === undefined ? "topics" : `topics[${p.index}].${p.field}`, p.reason);
  }

  add("clients.serviceAccountName", clientServiceAccountProblem(args.clients.serviceAccountName ?? DEFAULT_CLIENT_SERVICE_ACCOUNT));
  add("clients.consumerGroupPrefix", consumerGroupPrefixProblem(args.clients.consumerGroupPrefix ?? DEFAULT_CONSUMER_GROUP_PREFIX));

  const job = args.topicsJob;
  const jarUrl = job.iamAuthJarUrl;
  if (jarUrl !== undefined && !/^https:\/\/\S+$/.test(jarUrl)) add("topicsJob.iamAuthJarUrl", "an https URL of the aws-msk-iam-auth all-jar");
  if (job.iamAuthJarSha256 && !/^[0-9a-f]{64}$/.test(job.iamAuthJarSha256)) add("topicsJob.iamAuthJarSha256", "64 lower-case hex digits");
  if (partitionOf(args.region) === "aws-cn") {
    if (!job.imageMirror) add("topicsJob.imageMirror", "required in the aws-cn partition: nodes in China cannot pull from docker.io");
    if (!jarUrl || /^https:\/\/(github\.com|objects\.githubusercontent\.com)\//.test(jarUrl)) {
      add("topicsJob.iamAuthJarUrl", "required in the aws-cn partition and not on github.com (unreachable from China): host the jar in the region, e.g. an S3 bucket");
    }
  }
  return problems;
}
