/**
 * IAM for the topics Job and the inference workloads. MSK IAM access control
 * authorises Kafka actions by ARN: the cluster ARN
 * (`arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>`), topic
 * ARNs under `topic/<name>/<uuid>/` and group ARNs under `group/<name>/<uuid>/`.
 * All are derived from the cluster's own ARN, so the partition (aws or aws-cn)
 * is always the cluster's.
 */

/**
 * ARN of a topic or consumer group of the cluster with ARN `clusterArn`:
 * `arn:<partition>:kafka:<region>:<account>:<kind>/<cluster-name>/<cluster-uuid>/<name>`.
 */
function clusterResourceArn(clusterArn: string, kind: "topic" | "group", name: string): string {
  return `${clusterArn.replace(":cluster/", `:${kind}/`)}/${name}`;
}

/** Topic ARN pattern of every topic of the cluster with ARN `clusterArn`. */
export function topicArnPattern(clusterArn: string): string {
  return clusterResourceArn(clusterArn, "topic", "*");
}

/**
 * Least-privilege policy of the topics Job: connect to this cluster only and
 * manage its topics; delete only when pruning undeclared topics is on.
 */
export function topicsAdminPolicy(clusterArn: string, pruneUndeclared: boolean): string {
  const topicActions = [
    "kafka-cluster:CreateTopic",
    "kafka-cluster:DescribeTopic",
    "kafka-cluster:AlterTopic",
    "kafka-cluster:DescribeTopicDynamicConfiguration",
    "kafka-cluster:AlterTopicDynamicConfiguration",
    ...(pruneUndeclared ? ["kafka-cluster:DeleteTopic"] : []),
  ];
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "ConnectToThisCluster", Effect: "Allow", Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"], Resource: [clusterArn] },
      { Sid: "ManageItsTopics", Effect: "Allow", Action: topicActions, Resource: [topicArnPattern(clusterArn)] },
    ],
  });
}

/**
 * Least-privilege policy of the inference workloads' Kafka identity: connect
 * to this cluster, produce to and consume from the declared topics only (no
 * topic administration), and join only consumer groups whose id starts with
 * `consumerGroupPrefix`. `WriteDataIdempotently` is on the cluster because
 * Kafka producers are idempotent by default since 3.0.
 */
export function topicClientPolicy(clusterArn: string, topicNames: readonly string[], consumerGroupPrefix: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ConnectToThisCluster",
        Effect: "Allow",
        Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"],
        Resource: [clusterArn],
      },
      {
        Sid: "ProduceAndConsumeDeclaredTopics",
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData", "kafka-cluster:WriteData"],
        Resource: topicNames.map((topic) => clusterResourceArn(clusterArn, "topic", topic)),
      },
      {
        Sid: "JoinPrefixedConsumerGroups",
        Effect: "Allow",
        Action: ["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"],
        Resource: [clusterResourceArn(clusterArn, "group", `${consumerGroupPrefix}*`)],
      },
    ],
  });
}
