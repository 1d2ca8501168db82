import { createHash } from "node:crypto";
import type { BrokerGuarantees } from "./server-properties";

/** Role of a topic in the inference flow; the first three must each be declared once. */
export type TopicPurpose = "requests" | "results" | "deadLetter" | "other";

/** Purposes every KafkaCluster declares exactly one topic for. */
const REQUIRED_TOPIC_PURPOSES: readonly TopicPurpose[] = ["requests", "results", "deadLetter"];

/** A topic declared in the stack and kept by the topics Job. */
export interface KafkaTopic {
  /** Topic name: letters, digits, ".", "_", "-"; not starting with "__" (internal topics). */
  name: string;
  /** Role in the inference flow. @default "other" */
  purpose?: TopicPurpose;
  /** Partitions; can grow later, never shrink. */
  partitions: number;
  /** Replicas per partition, at most the broker count. @default the cluster's defaultReplicationFactor */
  replicationFactor?: number;
  /** Hours a message is kept; > 0. */
  retentionHours: number;
  /** Replicas acknowledging an `acks=all` write, below the replication factor. @default the cluster's minInsyncReplicas */
  minInsyncReplicas?: number;
}

/** A topic with every default filled in. */
export type ResolvedTopic = Required<KafkaTopic>;

/** Fills per-topic defaults from the cluster's guarantees. */
export function resolveTopics(topics: readonly KafkaTopic[], g: BrokerGuarantees): ResolvedTopic[] {
  return topics.map((t) => ({
    name: t.name,
    purpose: t.purpose ?? "other",
    partitions: t.partitions,
    replicationFactor: t.replicationFactor ?? g.defaultReplicationFactor,
    retentionHours: t.retentionHours,
    minInsyncReplicas: t.minInsyncReplicas ?? g.minInsyncReplicas,
  }));
}

/** One topic problem: the topic index (or none for the list) and what is allowed. */
export interface TopicProblem {
  index?: number;
  field: string;
  reason: string;
}

/** Checks names, sizes and guarantees of the declared topics against `brokers`. */
export function topicProblems(topics: readonly KafkaTopic[], g: BrokerGuarantees, brokers: number): TopicProblem[] {
  const problems: TopicProblem[] = [];
  const seen = new Map<string, number>();
  resolveTopics(topics, g).forEach((t, index) => {
    const add = (field: string, reason: string) => problems.push({ index, field, reason });
    if (!/^[a-zA-Z0-9._-]{1,249}$/.test(t.name) || t.name.startsWith("__")) {
      add("name", 'letters, digits, ".", "_" and "-", at most 249 characters, not starting with "__" (internal topics)');
    }
    const dup = seen.get(t.name);
    if (dup !== undefined) add("name", `duplicate topic name: topics[${dup}] is also "${t.name}"`);
    else seen.set(t.name, index);
    if (!Number.isInteger(t.partitions) || t.partitions < 1) add("partitions", "a whole number ≥ 1");
    if (!(t.retentionHours > 0)) add("retentionHours", "retention must be > 0 hours (Kafka deletes nothing only with -1, which this platform does not allow)");
    if (!Number.isInteger(t.replicationFactor) || t.replicationFactor < 1) add("replicationFactor", "a whole number ≥ 1");
    else if (t.replicationFactor > brokers) add("replicationFactor", `replication factor ${t.replicationFactor} exceeds the ${brokers} brokers; allowed: 1 to ${brokers}`);
    if (t.minInsyncReplicas >= t.replicationFactor) {
      add("minInsyncReplicas", `min.insync.replicas ${t.minInsyncReplicas} must be less than the replication factor ${t.replicationFactor}, or one broker down stops all writes`);
    }
  });
  for (const purpose of REQUIRED_TOPIC_PURPOSES) {
    const count = topics.filter((t) => (t.purpose ?? "other") === purpose).length;
    if (count !== 1) problems.push({ field: "topics", reason: `declare exactly one topic with purpose "${purpose}" (found ${count}); purposes: requests, results, deadLetter, other` });
  }
  return problems;
}

/** The topic list as the Job reads it: one `name partitions replicas retention.ms min.insync` line per topic. */
export function topicSpec(topics: readonly ResolvedTopic[]): string {
  return topics
    .map((t) => [t.name, t.partitions, t.replicationFactor, Math.round(t.retentionHours * 3_600_000), t.minInsyncReplicas].join(" "))
    .join("\n");
}

/**
 * Name of the Job that applies `spec`: it carries a hash of everything the
 * Job does, so any change of the topic list makes a new Job that runs again.
 */
export function topicsJobName(spec: string, pruneUndeclared: boolean, script: string): string {
  const digest = createHash("sha256").update(`${spec}\nprune=${pruneUndeclared}\n${script}`).digest("hex");
  return `kafka-topics-${digest.slice(0, 10)}`;
}
