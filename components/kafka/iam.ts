/**
 * IAM for the topics Job. MSK IAM access control authorises Kafka actions by
 * ARN: the cluster ARN (`arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>`)
 * and topic ARNs under `topic/<name>/<uuid>/`. Both are derived from the
 * cluster's own ARN, so the partition (aws or aws-cn) is always the cluster's.
 */

/** Topic ARN pattern of every topic of the cluster with ARN `clusterArn`. */
export function topicArnPattern(clusterArn: string): string {
  return `${clusterArn.replace(":cluster/", ":topic/")}/*`;
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
