/**
 * Partition facts derived from a region name. Every ARN, service principal and
 * endpoint suffix in this library comes from here, so no `arn:aws:` literal is
 * ever written for a China (`aws-cn`) resource.
 */

/** The AWS partitions this library can deploy to. */
export type Partition = "aws" | "aws-cn";

/** Partition a region belongs to: `cn-*` regions live in the separate China partition. */
export function partitionOf(region: string): Partition {
  return region.startsWith("cn-") ? "aws-cn" : "aws";
}

/** DNS suffix of public service endpoints in a partition. */
export function dnsSuffix(partition: Partition): string {
  return partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

/**
 * IAM service principal for `service` in `partition`.
 * EC2 is the one principal this library uses whose name carries the China DNS
 * suffix (`ec2.amazonaws.com.cn`); EKS, pods.eks, VPC flow logs and the others
 * keep `.amazonaws.com` in both partitions.
 */
export function servicePrincipal(service: string, partition: Partition): string {
  return service === "ec2" ? `ec2.${dnsSuffix(partition)}` : `${service}.amazonaws.com`;
}

/** ARN of an AWS-managed IAM policy, e.g. `AmazonEKSWorkerNodePolicy`. */
export function managedPolicyArn(partition: Partition, policyName: string): string {
  return `arn:${partition}:iam::aws:policy/${policyName}`;
}

/** A JSON trust policy letting the given AWS services assume a role. */
export function assumeRolePolicy(partition: Partition, services: string[], actions: string[] = ["sts:AssumeRole"]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: services.map((s) => servicePrincipal(s, partition)) },
        Action: actions,
      },
    ],
  });
}
