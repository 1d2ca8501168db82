import { createHash } from "node:crypto";
import { z } from "zod";
import type { BrokerGuarantees } from "./server-properties";

/** Roles of a topic in the inference flow; the first three must each be declared once. */
const TOPIC_PURPOSES = ["requests", "results", "deadLetter", "other"] as const;

/** Role of a topic in the inference flow. */
export type TopicPurpose = (typeof TOPIC_PURPOSES)[number];

/** Purposes every KafkaCluster declares exactly one topic for. */
const REQUIRED_TOPIC_PURPOSES: readonly TopicPurpose[] = ["requests", "results", "deadLetter"];

const TOPIC_NAME_RULE = 'letters, digits, ".", "_" and "-", at most 249 characters, not starting with "__" (internal topics)';
const AT_LEAST_ONE = "a whole number ≥ 1";

/** A topic declared in the stack and kept by the topics Job; rules that involve the cluster are in `topicProblems`. */
export const topicSchema = z.strictObject({
  /** Topic name: letters, digits, ".", "_", "-"; not starting with "__" (internal topics). */
  name: z.string().regex(/^(?!__)[a-zA-Z0-9._-]{1,249}$/, TOPIC_NAME_RULE),
  /** Role in the inference flow. @default other */
  purpose: z.enum(TOPIC_PURPOSES).default("other"),
  /** Partitions; can grow later, never shrink. At most 4000: what MSK's best practices allow its largest brokers in all (a typo, 1e9, is refused here). */
  partitions: z.number().int(AT_LEAST_ONE).min(1, AT_LEAST_ONE).max(4000, "at most 4000 (MSK's recommended partitions per broker for its largest type; smaller brokers hold fewer)"),
  /** Replicas per partition, at most the broker count. @default the cluster's defaultReplicationFactor */
  replicationFactor: z.number().int(AT_LEAST_ONE).min(1, AT_LEAST_ONE).optional(),
  /** Hours a message is kept. */
  retentionHours: z.number().gt(0, "retention must be > 0 hours (Kafka deletes nothing only with -1, which this platform does not allow)")
    .max(8760, "at most 8760 hours (a year): longer-lived data belongs in S3, not on broker disks"),
  /** Replicas acknowledging an `acks=all` write, below the replication factor. @default the cluster's minInsyncReplicas */
  minInsyncReplicas: z.number().int("a whole number").optional(),
});

/** A topic as declared (defaulted keys optional). */
export type KafkaTopic = z.input<typeof topicSchema>;
/** A declared topic after parsing: its purpose is known, its guarantees may still come from the cluster. */
export type DeclaredTopic = z.output<typeof topicSchema>;
/** A topic with every default filled in. */
export type ResolvedTopic = Required<DeclaredTopic>;

/** Fills per-topic guarantees from the cluster's. */
export function resolveTopics(topics: readonly DeclaredTopic[], g: BrokerGuarantees): ResolvedTopic[] {
  return topics.map((t) => ({
    name: t.name,
    purpose: t.purpose,
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

/** Rules between the declared topics and the cluster: unique names, guarantees that fit `brokers`, one topic per required purpose. */
export function topicProblems(topics: readonly DeclaredTopic[], g: BrokerGuarantees, brokers: number): TopicProblem[] {
  const problems: TopicProblem[] = [];
  const seen = new Map<string, number>();
  resolveTopics(topics, g).forEach((t, index) => {
    const add = (field: string, reason: string) => problems.push({ index, field, reason });
    const dup = seen.get(t.name);
    if (dup !== undefined) add("name", `duplicate topic name: topics[${dup}] is also "${t.name}"`);
    else seen.set(t.name, index);
    if (t.replicationFactor > brokers) add("replicationFactor", `replication factor ${t.replicationFactor} exceeds the ${brokers} brokers; allowed: 1 to ${brokers}`);
    if (t.minInsyncReplicas >= t.replicationFactor) {
      add("minInsyncReplicas", `min.insync.replicas ${t.minInsyncReplicas} must be less than the replication factor ${t.replicationFactor}, or one broker down stops all writes`);
    }
  });
  for (const purpose of REQUIRED_TOPIC_PURPOSES) {
    const count = topics.filter((t) => t.purpose === purpose).length;
    if (count !== 1) problems.push({ field: "topics", reason: `declare exactly one topic with purpose "${purpose}" (found ${count}); purposes: ${TOPIC_PURPOSES.join(", ")}` });
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
