import { beforeAll, describe, expect, it } from "vitest";
import { EksCluster, type EksClusterArgs } from "../../components/eks-cluster";
import { refusedBy, TEST_TAGS, useComponentMocks } from "../support/components";

beforeAll(() => useComponentMocks("cn-north-1"));

describe("EksCluster inputs", () => {
  const good: EksClusterArgs = { region: "cn-north-1", version: "1.34", vpcId: "vpc", privateSubnetIds: ["a", "b", "c"], tags: TEST_TAGS };
  it("accepts a private cluster and an allow-listed public endpoint", () => {
    expect(new EksCluster("c", good).workloadIdentity.kind).toBe("irsa");
    expect(() => new EksCluster("c1", { ...good, publicAccessCidrs: ["203.0.113.0/24"] })).not.toThrow();
  });
  it("refuses an internet-wide endpoint and min > max, then a global-partition admin ARN in China", () => {
    expect(refusedBy(() => new EksCluster("c2", { ...good, publicAccessCidrs: ["0.0.0.0/0"], systemMinNodes: 5, systemMaxNodes: 2 }))).toEqual([
      "publicAccessCidrs[0]: 0.0.0.0/0 opens the API to the internet; list your office/VPN CIDRs",
      "systemMinNodes: min (5) is greater than systemMaxNodes (2)",
    ]);
    expect(refusedBy(() => new EksCluster("c3", { ...good, adminPrincipalArns: ["arn:aws:iam::123456789012:role/admin"], systemMinNodes: 5, systemMaxNodes: 2 }))).toEqual([
      "systemMinNodes: min (5) is greater than systemMaxNodes (2)",
    ]);
    expect(refusedBy(() => new EksCluster("c4", { ...good, adminPrincipalArns: ["arn:aws:iam::123456789012:role/admin"] }))).toEqual([
      "adminPrincipalArns[0]: must be an IAM ARN of partition aws-cn (arn:aws-cn:iam::…)",
    ]);
  });
  it("refuses Pod Identity in China, a version out of support, one subnet, and a retention CloudWatch does not offer", () => {
    expect(refusedBy(() => new EksCluster("c5", { ...good, logRetentionDays: 10 }))).toEqual([
      expect.stringMatching(/^logRetentionDays: CloudWatch Logs keeps logs for one of 1, 3, 5, 7, 14, 30, .* days$/),
    ]);
    expect(refusedBy(() => new EksCluster("c6", { ...good, workloadIdentity: "pod-identity", version: "1.21" as "1.34", privateSubnetIds: ["a"] }))).toEqual([
      expect.stringMatching(/^version: "1.21": one of 1.34, 1.35 \(EKS standard support as of \d{4}-\d\d-\d\d\)$/),
      "privateSubnetIds: EKS needs subnets in at least two AZs",
      'workloadIdentity: EKS Pod Identity is not offered in the China regions; use "irsa"',
    ]);
    expect(() => new EksCluster("c7", { ...good, workloadIdentity: "irsa", logRetentionDays: 365 })).not.toThrow();
  });
});
