import controllerPolicyTemplate from "./controller-policy.json";
import type { Partition } from "../lib/partition";

/**
 * Placeholder for the partition in controller-policy.json. IAM has no policy
 * variable for the partition, so one document serves both partitions by
 * substitution here instead of two copies that drift (`aws` and `aws-cn`).
 */
const PARTITION_PLACEHOLDER = "${Partition}";

/**
 * The AWS Load Balancer Controller's IAM policy for `partition`, as JSON text:
 * ELB and security-group management limited to resources tagged with
 * `elbv2.k8s.aws/cluster`, no WAF/Shield/Cognito (the chart values turn those
 * integrations off).
 */
export function controllerPolicy(partition: Partition): string {
  return JSON.stringify(controllerPolicyTemplate).split(PARTITION_PLACEHOLDER).join(partition);
}
