// The region's children on their own (network, cluster, GPU pools, autoscaler, headroom): what each
// accepts, and what it refuses with one InputPropertiesError before any child registers. One file, one
// set of mocks: each constructs synchronously and reads nothing the mocks' region would change.
import { beforeAll, describe, expect, it } from "vitest";
import { ClusterAutoscaler, type ClusterAutoscalerArgs } from "../../components/cluster-autoscaler";
import { EksCluster, type EksClusterArgs } from "../../components/eks-cluster";
import { GpuHeadroom } from "../../components/gpu-headroom";
import { GpuNodePool, type GpuNodePoolArgs } from "../../components/gpu-node-pool";
import { Network, s3GatewayServiceName, type NetworkArgs } from "../../components/network";
import { clusterAutoscalerPolicy } from "../../components/cluster-autoscaler/iam-policy";
import { refusedBy, TEST_TAGS, useComponentMocks } from "../support/components";

beforeAll(() => useComponentMocks());

describe("S3 gateway endpoint service name", () => {
  it("carries the cn. prefix in China and none elsewhere", () => {
    expect(s3GatewayServiceName("cn-north-1")).toBe("cn.com.amazonaws.cn-north-1.s3");
    expect(s3GatewayServiceName("eu-central-1")).toBe("com.amazonaws.eu-central-1.s3");
  });
});

describe("Network inputs", () => {
  const good: NetworkArgs = { region: "eu-central-1", cidrBlock: "10.0.0.0/16", availabilityZones: ["eu-central-1a", "eu-central-1b", "eu-central-1c"], tags: TEST_TAGS };
  it("accepts a /16 over three zones of its region", () => {
    expect(new Network("n", good).natGatewayCount).toBe(3);
    expect(new Network("n1", { ...good, natGateways: "single" }).natGatewayCount).toBe(1);
  });
  it("refuses a bad CIDR, a retention CloudWatch lacks, two zones and a zone of another region, all at once", () => {
    expect(refusedBy(() => new Network("n2", { ...good, cidrBlock: "10.0.0.0/24", flowLogRetentionDays: 10 }))).toEqual([
      "cidrBlock: prefix must be /16 to /20 (AWS allows /16–/28; /20 is the smallest that fits 6 subnets)",
      expect.stringMatching(/^flowLogRetentionDays: CloudWatch Logs keeps logs for one of 1, 3, 5, .* days$/),
    ]);
    expect(refusedBy(() => new Network("n3", { ...good, cidrBlock: "10.0.0.1/16", availabilityZones: ["eu-central-1a", "us-east-1a"] }))).toEqual([
      "cidrBlock: an IPv4 CIDR such as 10.20.0.0/16 with no host bits set",
    ]);
    expect(refusedBy(() => new Network("n4", { ...good, availabilityZones: ["eu-central-1a", "us-east-1a"] }))).toEqual([
      "availabilityZones: exactly three distinct zones are required",
      'availabilityZones[1]: "us-east-1a" is not a zone of eu-central-1',
    ]);
  });
});

describe("EksCluster inputs", () => {
  const good: EksClusterArgs = { region: "cn-north-1", version: "1.36", vpcId: "vpc", privateSubnetIds: ["a", "b", "c"], tags: TEST_TAGS };
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
    expect(refusedBy(() => new EksCluster("c6", { ...good, workloadIdentity: "pod-identity", version: "1.21" as "1.36", privateSubnetIds: ["a"] }))).toEqual([
      expect.stringMatching(/^version: "1.21": one of (1\.\d+, )*1\.\d+ \(EKS standard support on \d{4}-\d\d-\d\d, calendar read \d{4}-\d\d-\d\d\)$/),
      "privateSubnetIds: EKS needs subnets in at least two AZs",
      'workloadIdentity: EKS Pod Identity is not offered in the China regions; use "irsa"',
    ]);
    expect(() => new EksCluster("c7", { ...good, workloadIdentity: "irsa", logRetentionDays: 365 })).not.toThrow();
  });
});

describe("GpuNodePool inputs", () => {
  const good: GpuNodePoolArgs = {
    region: "cn-north-1", clusterName: "c", nodeRoleArn: "r", subnetIds: ["a"], instanceTypes: ["g5.12xlarge"],
    scaling: { minNodes: 1, desiredNodes: 2, maxNodes: 3 }, tags: TEST_TAGS,
  };
  it("accepts a China-offered GPU type with a consistent scaling", () => {
    expect(new GpuNodePool("g", good).scaling).toEqual({ minNodes: 1, desiredNodes: 2, maxNodes: 3 });
  });
  it("refuses a CPU type, a small volume and an unavailable-percent out of range", () => {
    expect(refusedBy(() => new GpuNodePool("g1", { ...good, instanceTypes: ["m5.large"], rootVolumeGiB: 50, maxUnavailablePercent: 0 }))).toEqual([
      expect.stringMatching(/^instanceTypes\[0\]: (unknown EC2 instance type|m5\.large is not of the families allowed here); known families: g4dn, g5, g6, g6e, p3, p4d, p5, p5e \(instance facts recorded /),
      "rootVolumeGiB: at least 100 GiB: model images do not fit in less",
      "maxUnavailablePercent: between 1 and 100",
    ]);
  });
  it("refuses a family China lacks and inconsistent scaling, all at once", () => {
    expect(refusedBy(() => new GpuNodePool("g2", { ...good, instanceTypes: ["p5.48xlarge"], scaling: { minNodes: 4, desiredNodes: 9, maxNodes: 3 } }))).toEqual([
      expect.stringMatching(/^instanceTypes\[0\]: not offered in cn-north-1; allowed GPU families: g4dn, g5, p3 \(table recorded/),
      "scaling.minNodes: min 4 > max 3",
      "scaling.desiredNodes: 9 is outside [4, 3]",
    ]);
  });
});

describe("ClusterAutoscaler inputs", () => {
  const good: ClusterAutoscalerArgs = { region: "eu-central-1", clusterName: "c", identity: { kind: "pod-identity", clusterName: "c" }, kubernetesVersion: "1.36", tags: TEST_TAGS };
  it("accepts a supported minor version and a duration", () => {
    expect(new ClusterAutoscaler("a", { ...good, scaleDownUnneededTime: "15m" }).image).toMatch(/cluster-autoscaler:v1\.36\./);
  });
  it("refuses a patch version and a bare number", () => {
    expect(refusedBy(() => new ClusterAutoscaler("a1", { ...good, kubernetesVersion: "1.36.1" as "1.36", scaleDownUnneededTime: "600" }))).toEqual([
      expect.stringMatching(/^kubernetesVersion: one of (1\.\d+, )*1\.\d+ \(EKS standard support on \d{4}-\d\d-\d\d, calendar read \d{4}-\d\d-\d\d\)$/),
      "scaleDownUnneededTime: a duration such as 10m",
    ]);
  });
  it("scopes resizing to groups its cluster owns, and only reads elsewhere", () => {
    const doc = JSON.parse(clusterAutoscalerPolicy("prod-eks"));
    expect(doc.Statement[0].Action).toEqual(["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]);
    expect(doc.Statement[0].Condition.StringEquals).toEqual({ "aws:ResourceTag/k8s.io/cluster-autoscaler/prod-eks": "owned" });
    expect(doc.Statement[1].Action.every((a: string) => /:(Describe|Get)/.test(a))).toBe(true);
  });
});

describe("GpuHeadroom inputs", () => {
  it("accepts whole spare counts, zero included", () => {
    expect(new GpuHeadroom("h", { namespace: "n", pools: [{ pool: "a", spareGpus: 0 }, { pool: "b", spareGpus: 3 }] }).spareGpus).toEqual({ a: 0, b: 3 });
  });
  it("refuses negative and fractional counts", () => {
    expect(refusedBy(() => new GpuHeadroom("h1", { namespace: "n", pools: [{ pool: "a", spareGpus: -1 }, { pool: "b", spareGpus: 1.5 }] }))).toEqual([
      "pools[0].spareGpus: a whole number ≥ 0",
      "pools[1].spareGpus: a whole number ≥ 0",
    ]);
  });
});
