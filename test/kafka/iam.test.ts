// IAM of the topics Job and of the inference workloads, and the rules on the workloads' identity.
import { describe, expect, it } from "vitest";
import { clientServiceAccountProblem, consumerGroupPrefixProblem } from "../../components/kafka/identities";
import { topicArnPattern, topicClientPolicy, topicsAdminPolicy } from "../../components/kafka/iam";

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
});

describe("inference workloads' Kafka identity", () => {
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
