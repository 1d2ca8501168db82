// Broker guarantees and the declared topics: server properties, topic rules, the Job's spec and name.
import { describe, expect, it } from "vitest";
import { kafkaSettingsSchema } from "../../components/kafka";
import { parseSettings, propertyPath } from "../../components/lib/contract";
import { serverProperties } from "../../components/kafka/server-properties";
import { TOPICS_SCRIPT } from "../../components/kafka/topics-script";
import { resolveTopics, topicProblems, topicSchema, topicsJobName, topicSpec, type KafkaTopic } from "../../components/kafka/topics";

const guarantees = { defaultReplicationFactor: 3, minInsyncReplicas: 2 };
const topics = topicSchema.array().parse([
  { name: "inference-requests", purpose: "requests", partitions: 12, retentionHours: 72 },
  { name: "inference-results", purpose: "results", partitions: 12, retentionHours: 24 },
  { name: "inference-dead-letter", purpose: "deadLetter", partitions: 3, retentionHours: 336, replicationFactor: 3, minInsyncReplicas: 2 },
] satisfies KafkaTopic[]);

/** Problems of a topic list as the settings schema reports them (3 brokers, RF 3, min ISR 2). */
const topicListProblems = (list: KafkaTopic[]): string[] => {
  const parsed = parseSettings(kafkaSettingsSchema, { topics: list });
  return parsed.ok ? [] : parsed.problems.map((p) => `${propertyPath(p.path)}: ${p.message}`);
};

describe("Kafka broker guarantees and topics", () => {
  it("writes the durable server properties", () => {
    expect(serverProperties(guarantees)).toBe(
      "auto.create.topics.enable=false\ndefault.replication.factor=3\nmin.insync.replicas=2\nunclean.leader.election.enable=false\n",
    );
  });

  it("fills topic defaults and renders one spec line per topic", () => {
    expect(topicSpec(resolveTopics(topics, guarantees))).toBe(
      "inference-requests 12 3 259200000 2\ninference-results 12 3 86400000 2\ninference-dead-letter 3 3 1209600000 2",
    );
    expect(topicProblems(topics, guarantees, 3)).toEqual([]);
  });

  it("names the Job after the topic list: same list same Job, any change a new Job", () => {
    const spec = topicSpec(resolveTopics(topics, guarantees));
    const name = topicsJobName(spec, false, TOPICS_SCRIPT);
    expect(name).toMatch(/^kafka-topics-[0-9a-f]{10}$/);
    expect(topicsJobName(spec, false, TOPICS_SCRIPT)).toBe(name);
    const grown = topicSpec(resolveTopics([{ ...topics[0]!, partitions: 24 }, topics[1]!, topics[2]!], guarantees));
    expect(topicsJobName(grown, false, TOPICS_SCRIPT)).not.toBe(name);
    expect(topicsJobName(spec, true, TOPICS_SCRIPT)).not.toBe(name);
  });

  it("accepts any number of other topics next to the three required ones", () => {
    expect(topicListProblems([...topics, { name: "batch.jobs_v2", partitions: 1, retentionHours: 0.5 }, { name: "audit", purpose: "other", partitions: 3, retentionHours: 720 }])).toEqual([]);
  });

  it("refuses bad topics with what is allowed", () => {
    expect(topicListProblems([
      { name: "__internal", purpose: "requests", partitions: 0, retentionHours: 0 },
      { name: "inference-results", purpose: "results", partitions: 3, retentionHours: -1, replicationFactor: 4 },
      { name: "inference-results", partitions: 3, retentionHours: 1, replicationFactor: 3, minInsyncReplicas: 3 },
    ])).toEqual([
      'topics[0].name: letters, digits, ".", "_" and "-", at most 249 characters, not starting with "__" (internal topics)',
      "topics[0].partitions: a whole number ≥ 1",
      "topics[0].retentionHours: retention must be > 0 hours (Kafka deletes nothing only with -1, which this platform does not allow)",
      "topics[1].retentionHours: retention must be > 0 hours (Kafka deletes nothing only with -1, which this platform does not allow)",
      "topics[1].replicationFactor: replication factor 4 exceeds the 3 brokers; allowed: 1 to 3",
      'topics[2].name: duplicate topic name: topics[1] is also "inference-results"',
      "topics[2].minInsyncReplicas: min.insync.replicas 3 must be less than the replication factor 3, or one broker down stops all writes",
      'topics: declare exactly one topic with purpose "deadLetter" (found 0); purposes: requests, results, deadLetter, other',
    ]);
  });
});
