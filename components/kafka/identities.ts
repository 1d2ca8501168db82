/**
 * Names of the cluster's two Kubernetes identities and the rules on them: the
 * topics Job's (topic administration) and the inference workloads' (produce
 * and consume). Pulumi-free.
 */

/** Service account of the topics Job; the IAM role trusts exactly this one. */
export const TOPICS_SERVICE_ACCOUNT = "kafka-topics";

/**
 * Why `name` cannot be the inference workloads' service account (undefined
 * when it can): a Kubernetes name (DNS-1123 subdomain), and neither `default`
 * (every pod of the namespace would get Kafka access) nor the topics Job's
 * account (admin rights).
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
 * an empty prefix would allow every group.
 */
export function consumerGroupPrefixProblem(prefix: string): string | undefined {
  if (/^[A-Za-z0-9._-]+$/.test(prefix) && prefix.length <= MAX_GROUP_PREFIX) return undefined;
  return `consumer group prefix "${prefix}" is not allowed: 1 to ${MAX_GROUP_PREFIX} letters, digits, ".", "_" and "-" (no wildcards, not empty), e.g. inference-`;
}
