// Pure logic of the data-plane components: tables, windows, properties, topic spec, IAM, the Job script.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { clientServiceAccountProblem, consumerGroupPrefixProblem, mskClusterNameProblem } from "../../components/kafka/args";
import { topicArnPattern, topicClientPolicy, topicsAdminPolicy } from "../../components/kafka/iam";
import { serverProperties } from "../../components/kafka/server-properties";
import { onMavenCentral, TOPICS_SCRIPT } from "../../components/kafka/topics-script";
import { resolveTopics, topicProblems, topicsJobName, topicSpec, type KafkaTopic } from "../../components/kafka/topics";
import { replicationGroupIdProblem } from "../../components/redis/args";
import { cacheParameters, parameterGroupFamily } from "../../components/redis/parameters";
import { windowProblems } from "../../components/redis/windows";

const guarantees = { defaultReplicationFactor: 3, minInsyncReplicas: 2 };
const topics: KafkaTopic[] = [
  { name: "inference-requests", purpose: "requests", partitions: 12, retentionHours: 72 },
  { name: "inference-results", purpose: "results", partitions: 12, retentionHours: 24 },
  { name: "inference-dead-letter", purpose: "deadLetter", partitions: 3, retentionHours: 336, replicationFactor: 3, minInsyncReplicas: 2 },
];

describe("Redis parameters and windows", () => {
  it("derives the parameter group family from engine and version", () => {
    expect(parameterGroupFamily("redis", "7.1")).toBe("redis7");
    expect(parameterGroupFamily("valkey", "8.0")).toBe("valkey8");
  });

  it("sets the documented eviction policy for the response cache", () => {
    expect(cacheParameters("volatile-ttl")).toEqual([
      { name: "maxmemory-policy", value: "volatile-ttl" },
      { name: "maxmemory-samples", value: "10" },
      { name: "timeout", value: "300" },
    ]);
  });

  it("accepts separate windows of an hour and checks windows that wrap midnight", () => {
    expect(windowProblems("17:00-18:00", "sun:19:00-sun:20:00")).toEqual([]);
    expect(windowProblems("23:30-00:30", "wed:02:00-wed:03:00")).toEqual([]);
    expect(windowProblems("23:30-00:30", "sat:23:45-sun:01:00")).toEqual([
      { window: "maintenanceWindow", reason: "overlaps the daily snapshot window 23:30-00:30; ElastiCache needs them apart" },
    ]);
  });

  it("refuses malformed, short and overlapping windows with what is allowed", () => {
    expect(windowProblems("5pm", "sunday")).toEqual([
      { window: "snapshotWindow", reason: 'a daily UTC window "hh:mm-hh:mm" such as "17:00-18:00"' },
      { window: "maintenanceWindow", reason: 'a weekly UTC window "ddd:hh:mm-ddd:hh:mm" such as "sun:19:00-sun:20:00" (days sun…sat)' },
    ]);
    expect(windowProblems("17:00-17:30", "sun:19:00-sun:19:30")).toEqual([
      { window: "snapshotWindow", reason: "must last at least 60 minutes" },
      { window: "maintenanceWindow", reason: "must last at least 60 minutes" },
    ]);
    expect(windowProblems("17:00-18:00", "tue:17:30-tue:18:30")).toEqual([
      { window: "maintenanceWindow", reason: "overlaps the daily snapshot window 17:00-18:00; ElastiCache needs them apart" },
    ]);
  });
});

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

  it("refuses bad topics with what is allowed", () => {
    const bad: KafkaTopic[] = [
      { name: "__internal", purpose: "requests", partitions: 0, retentionHours: 0 },
      { name: "inference-results", purpose: "results", partitions: 3, retentionHours: -1, replicationFactor: 4 },
      { name: "inference-results", partitions: 3, retentionHours: 1, replicationFactor: 3, minInsyncReplicas: 3 },
    ];
    expect(topicProblems(bad, guarantees, 3)).toEqual([
      { index: 0, field: "name", reason: 'letters, digits, ".", "_" and "-", at most 249 characters, not starting with "__" (internal topics)' },
      { index: 0, field: "partitions", reason: "a whole number ≥ 1" },
      { index: 0, field: "retentionHours", reason: "retention must be > 0 hours (Kafka deletes nothing only with -1, which this platform does not allow)" },
      { index: 1, field: "retentionHours", reason: "retention must be > 0 hours (Kafka deletes nothing only with -1, which this platform does not allow)" },
      { index: 1, field: "replicationFactor", reason: "replication factor 4 exceeds the 3 brokers; allowed: 1 to 3" },
      { index: 2, field: "name", reason: 'duplicate topic name: topics[1] is also "inference-results"' },
      { index: 2, field: "minInsyncReplicas", reason: "min.insync.replicas 3 must be less than the replication factor 3, or one broker down stops all writes" },
      { field: "topics", reason: 'declare exactly one topic with purpose "deadLetter" (found 0); purposes: requests, results, deadLetter, other' },
    ]);
  });
});

describe("stack-scoped physical names", () => {
  it("accepts the real stacks' names", () => {
    expect(replicationGroupIdProblem("prod-frankfurt-redis")).toBeUndefined();
    expect(replicationGroupIdProblem("a".repeat(40))).toBeUndefined();
    expect(mskClusterNameProblem("prod-frankfurt-kafka")).toBeUndefined();
    expect(mskClusterNameProblem("a".repeat(64))).toBeUndefined();
  });

  it("refuses a replication group id ElastiCache would reject, saying what it takes", () => {
    expect(replicationGroupIdProblem("a".repeat(41))).toBe(
      `replication group id "${"a".repeat(41)}" (<stack>-<name>, 41 characters) is not allowed: ElastiCache takes 1 to 40 lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen; use a shorter or plainer stack or component name`,
    );
    for (const id of ["my_stack-redis", "prod.eu-redis", "1prod-redis", "prod--redis", "prod-redis-"]) {
      expect(replicationGroupIdProblem(id), id).toContain("is not allowed: ElastiCache takes 1 to 40 lower-case letters");
    }
  });

  it("refuses an MSK cluster name over 64 characters or with other characters", () => {
    expect(mskClusterNameProblem("a".repeat(65))).toBe(
      `MSK cluster name "${"a".repeat(65)}" (<stack>-<name>, 65 characters) is not allowed: MSK takes 1 to 64 letters, digits and hyphens starting with a letter or digit; use a shorter or plainer stack or component name`,
    );
    expect(mskClusterNameProblem("my_stack-kafka")).toContain("is not allowed");
  });
});

describe("where the MSK IAM library comes from", () => {
  it("treats only https URLs on Maven Central itself as immutable", () => {
    expect(onMavenCentral("https://repo1.maven.org/maven2/software/amazon/msk/aws-msk-iam-auth/2.3.4/aws-msk-iam-auth-2.3.4-all.jar")).toBe(true);
    expect(onMavenCentral("https://repo.maven.apache.org/maven2/software/amazon/msk/aws-msk-iam-auth/2.3.4/aws-msk-iam-auth-2.3.4-all.jar")).toBe(true);
  });

  it("does not trust GitHub, S3 copies, look-alike hosts or plain http", () => {
    for (const url of [
      "https://github.com/aws/aws-msk-iam-auth/releases/download/v2.3.4/aws-msk-iam-auth-2.3.4-all.jar",
      "https://inference-artifacts-111122223333.s3.cn-north-1.amazonaws.com.cn/aws-msk-iam-auth/aws-msk-iam-auth-2.3.4-all.jar",
      "https://repo1.maven.org.example.com/maven2/x.jar",
      "http://repo1.maven.org/maven2/x.jar",
      "not a url",
    ]) expect(onMavenCentral(url), url).toBe(false);
  });
});

describe("topics Job IAM", () => {
  const chinaArn = "arn:aws-cn:kafka:cn-north-1:123456789012:cluster/china-kafka/0123abcd-1234-2";

  it("scopes the role to the cluster and its topics, in the cluster's partition", () => {
    expect(topicArnPattern(chinaArn)).toBe("arn:aws-cn:kafka:cn-north-1:123456789012:topic/china-kafka/0123abcd-1234-2/*");
    const policy = JSON.parse(topicsAdminPolicy(chinaArn, false));
    expect(policy.Statement).toEqual([
      { Sid: "ConnectToThisCluster", Effect: "Allow", Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"], Resource: [chinaArn] },
      {
        Sid: "ManageItsTopics", Effect: "Allow",
        Action: ["kafka-cluster:CreateTopic", "kafka-cluster:DescribeTopic", "kafka-cluster:AlterTopic", "kafka-cluster:DescribeTopicDynamicConfiguration", "kafka-cluster:AlterTopicDynamicConfiguration"],
        Resource: ["arn:aws-cn:kafka:cn-north-1:123456789012:topic/china-kafka/0123abcd-1234-2/*"],
      },
    ]);
    expect(JSON.stringify(policy)).not.toContain("arn:aws:");
  });

  it("grants DeleteTopic only when pruning is on", () => {
    expect(topicsAdminPolicy(chinaArn, false)).not.toContain("DeleteTopic");
    expect(JSON.parse(topicsAdminPolicy(chinaArn, true)).Statement[1].Action).toContain("kafka-cluster:DeleteTopic");
  });
});

describe("inference workloads' Kafka IAM", () => {
  const chinaArn = "arn:aws-cn:kafka:cn-north-1:123456789012:cluster/prod-china-kafka/0123abcd-1234-2";
  const frankfurtArn = "arn:aws:kafka:eu-central-1:123456789012:cluster/prod-frankfurt-kafka/89abcdef-5678-2";
  const names = ["inference-requests", "inference-results", "inference-dead-letter"];

  it("grants connect on the cluster, read/write on each declared topic and the prefixed groups, in China's partition", () => {
    expect(JSON.parse(topicClientPolicy(chinaArn, names, "inference-"))).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ConnectToThisCluster", Effect: "Allow",
          Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"],
          Resource: ["arn:aws-cn:kafka:cn-north-1:123456789012:cluster/prod-china-kafka/0123abcd-1234-2"],
        },
        {
          Sid: "ProduceAndConsumeDeclaredTopics", Effect: "Allow",
          Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData", "kafka-cluster:WriteData"],
          Resource: [
            "arn:aws-cn:kafka:cn-north-1:123456789012:topic/prod-china-kafka/0123abcd-1234-2/inference-requests",
            "arn:aws-cn:kafka:cn-north-1:123456789012:topic/prod-china-kafka/0123abcd-1234-2/inference-results",
            "arn:aws-cn:kafka:cn-north-1:123456789012:topic/prod-china-kafka/0123abcd-1234-2/inference-dead-letter",
          ],
        },
        {
          Sid: "JoinPrefixedConsumerGroups", Effect: "Allow",
          Action: ["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"],
          Resource: ["arn:aws-cn:kafka:cn-north-1:123456789012:group/prod-china-kafka/0123abcd-1234-2/inference-*"],
        },
      ],
    });
  });

  it("keeps the commercial partition for Frankfurt and grants no topic administration or wildcard topics", () => {
    const policy = topicClientPolicy(frankfurtArn, ["jobs"], "batch.");
    expect(JSON.parse(policy).Statement.flatMap((s: { Resource: string[] }) => s.Resource)).toEqual([
      "arn:aws:kafka:eu-central-1:123456789012:cluster/prod-frankfurt-kafka/89abcdef-5678-2",
      "arn:aws:kafka:eu-central-1:123456789012:topic/prod-frankfurt-kafka/89abcdef-5678-2/jobs",
      "arn:aws:kafka:eu-central-1:123456789012:group/prod-frankfurt-kafka/89abcdef-5678-2/batch.*",
    ]);
    for (const admin of ["CreateTopic", "AlterTopic", "DeleteTopic", "AlterCluster", "topic/prod-frankfurt-kafka/89abcdef-5678-2/*"]) expect(policy).not.toContain(admin);
  });

  it("accepts Kubernetes names and plain prefixes", () => {
    for (const name of ["inference-kafka-client", "a", "batch.kafka-client", "x".repeat(253)]) expect(clientServiceAccountProblem(name), name).toBeUndefined();
    for (const prefix of ["inference-", "a", "Batch_v2.", "x".repeat(200)]) expect(consumerGroupPrefixProblem(prefix), prefix).toBeUndefined();
  });

  it("refuses other names, the default and topics accounts, wildcards and empty or long prefixes", () => {
    for (const name of ["", "Inference", "-client", "client-", "a_b", "a..b", "x".repeat(254)]) {
      expect(clientServiceAccountProblem(name), name).toBe(`service account name "${name}" is not a Kubernetes name: 1 to 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit`);
    }
    expect(clientServiceAccountProblem("default")).toMatch(/^service account "default" is refused: every pod of the namespace/);
    expect(clientServiceAccountProblem("kafka-topics")).toMatch(/^service account "kafka-topics" belongs to the topics Job/);
    for (const prefix of ["", "inference-*", "a?", "${aws:username}", "a/b", "x".repeat(201)]) {
      expect(consumerGroupPrefixProblem(prefix), prefix).toBe(`consumer group prefix "${prefix}" is not allowed: 1 to 200 letters, digits, ".", "_" and "-" (no wildcards, not empty), e.g. inference-`);
    }
  });
});

/** Runs the Job script against stub Kafka CLIs over a topic table (`name partitions replicas` lines). */
function runScript(state: string, spec: string, prune: boolean): { calls: string[]; status: number; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "topics-"));
  const calls = path.join(dir, "calls");
  fs.writeFileSync(path.join(dir, "state"), state);
  fs.writeFileSync(path.join(dir, "kafka-topics.sh"), [
    "#!/bin/bash",
    'echo "topics $*" >> "$CALLS"',
    'topic=""; prev=""; for a in "$@"; do [ "$prev" = "--topic" ] && topic="$a"; prev="$a"; done',
    'case " $* " in',
    '  *" --list "*) cut -d" " -f1 "$STATE" ;;',
    '  *" --describe "*) awk -v t="$topic" \'$1==t {printf "Topic: %s\\tTopicId: x\\tPartitionCount: %s\\tReplicationFactor: %s\\tConfigs:\\n", $1, $2, $3}\' "$STATE" ;;',
    "esac",
  ].join("\n"), { mode: 0o755 });
  fs.writeFileSync(path.join(dir, "kafka-configs.sh"), '#!/bin/bash\necho "configs $*" >> "$CALLS"\n', { mode: 0o755 });
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin", KAFKA_BIN: dir, CLIENT_PROPERTIES: path.join(dir, "client.properties"),
    CALLS: calls, STATE: path.join(dir, "state"), BOOTSTRAP_SERVERS: "b-1:9098", TOPIC_SPEC: spec, PRUNE_UNDECLARED: String(prune),
  };
  let status = 0;
  let stderr = "";
  try {
    execFileSync("bash", ["-c", TOPICS_SCRIPT], { env, stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    status = (e as { status: number }).status;
    stderr = String((e as { stderr: Buffer }).stderr);
  }
  const strip = (line: string) => line.replace(" --bootstrap-server b-1:9098", "").replace(` --command-config ${env.CLIENT_PROPERTIES}`, "");
  return { calls: fs.existsSync(calls) ? fs.readFileSync(calls, "utf8").trim().split("\n").map(strip) : [], status, stderr };
}

describe("topics Job script", () => {
  const spec = "requests 12 3 259200000 2\nresults 6 3 86400000 2";

  it("creates missing topics, grows partitions and re-applies retention", () => {
    const run = runScript("results 3 3\nold 1 3\n", spec, false);
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      "topics --list",
      "topics --create --topic requests --partitions 12 --replication-factor 3 --config retention.ms=259200000 --config min.insync.replicas=2",
      "topics --describe --topic results",
      "topics --alter --topic results --partitions 6",
      "configs --alter --entity-type topics --entity-name results --add-config retention.ms=86400000,min.insync.replicas=2",
    ]);
  });

  it("deletes undeclared topics only when pruning, never internal ones", () => {
    const run = runScript("requests 12 3\nresults 6 3\nold 1 3\n__consumer_offsets 50 3\n", spec, true);
    expect(run.status).toBe(0);
    expect(run.calls.filter((c) => c.includes("--delete"))).toEqual(["topics --delete --topic old"]);
    expect(run.calls.filter((c) => c.includes("--create") || c.includes("--partitions"))).toEqual([]);
  });

  it("fails rather than shrink partitions or change the replication factor", () => {
    const fewer = runScript("requests 24 3\n", "requests 12 3 259200000 2", false);
    expect(fewer.status).not.toBe(0);
    expect(fewer.stderr).toContain("topic requests has 24 partitions, declared 12: Kafka cannot remove partitions");
    const rf = runScript("requests 12 2\n", "requests 12 3 259200000 2", false);
    expect(rf.status).not.toBe(0);
    expect(rf.stderr).toContain("topic requests has replication factor 2, declared 3");
  });
});
