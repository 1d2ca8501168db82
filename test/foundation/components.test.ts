import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { validateClusterAutoscalerArgs } from "../../components/cluster-autoscaler";
import { clusterAutoscalerPolicy } from "../../components/cluster-autoscaler/iam-policy";
import { validateGpuHeadroomArgs } from "../../components/gpu-headroom";
import { validateEksClusterArgs, type EksClusterArgs } from "../../components/eks-cluster";
import { validateGpuNodePoolArgs, type GpuNodePoolArgs } from "../../components/gpu-node-pool";
import { subnetOf } from "../../components/lib/cidr";
import { imageFrom } from "../../components/lib/images";
import { assumeRolePolicy, managedPolicyArn, partitionOf, servicePrincipal } from "../../components/lib/partition";
import { s3GatewayServiceName, validateNetworkArgs, type NetworkArgs } from "../../components/network";

const tags = { project: "p", stack: "s", region: "r", owner: "o" };

function refusedWith(fn: () => void): string[] {
  try {
    fn();
  } catch (e) {
    expect(pulumi.InputPropertiesError.isInstance(e)).toBe(true);
    return (e as pulumi.InputPropertiesError).errors.map((x) => `${x.propertyPath}: ${x.reason}`);
  }
  throw new Error("inputs were accepted");
}

describe("partition helpers", () => {
  it("derive ARNs, principals and suffixes from the region", () => {
    expect(partitionOf("cn-north-1")).toBe("aws-cn");
    expect(partitionOf("eu-central-1")).toBe("aws");
    expect(managedPolicyArn("aws-cn", "AmazonEKSClusterPolicy")).toBe("arn:aws-cn:iam::aws:policy/AmazonEKSClusterPolicy");
    expect(servicePrincipal("ec2", "aws-cn")).toBe("ec2.amazonaws.com.cn");
    expect(servicePrincipal("eks", "aws-cn")).toBe("eks.amazonaws.com");
    expect(JSON.parse(assumeRolePolicy("aws", ["ec2"])).Statement[0].Principal.Service).toEqual(["ec2.amazonaws.com"]);
  });

  it("rewrite upstream images to a mirror, and leave them alone without one", () => {
    const image = { registry: "nvcr.io", repository: "nvidia/k8s-device-plugin", tag: "v0.17.1" };
    expect(imageFrom(image)).toBe("nvcr.io/nvidia/k8s-device-plugin:v0.17.1");
    expect(imageFrom(image, "mirror.example.cn/m/")).toBe("mirror.example.cn/m/nvcr.io/nvidia/k8s-device-plugin:v0.17.1");
  });

  it("lay out subnets inside the VPC and refuse one that does not fit", () => {
    expect(subnetOf("10.20.0.0/16", 18, 2)).toBe("10.20.128.0/18");
    expect(subnetOf("10.20.0.0/16", 20, 14)).toBe("10.20.224.0/20");
    expect(() => subnetOf("10.20.0.0/16", 18, 4)).toThrow(/cannot take subnet 4/);
  });
});

describe("S3 gateway endpoint service name", () => {
  it("carries the cn. prefix in China and none elsewhere", () => {
    expect(s3GatewayServiceName("cn-north-1")).toBe("cn.com.amazonaws.cn-north-1.s3");
    expect(s3GatewayServiceName("eu-central-1")).toBe("com.amazonaws.eu-central-1.s3");
  });
});

describe("Network inputs", () => {
  const good: NetworkArgs = { region: "eu-central-1", cidrBlock: "10.0.0.0/16", availabilityZones: ["eu-central-1a", "eu-central-1b", "eu-central-1c"], tags };
  it("accepts a /16 over three zones of its region", () => {
    expect(() => validateNetworkArgs("n", good)).not.toThrow();
  });
  it("refuses a bad CIDR, two zones and a zone of another region, all at once", () => {
    const errors = refusedWith(() => validateNetworkArgs("n", { ...good, cidrBlock: "10.0.0.1/16", availabilityZones: ["eu-central-1a", "us-east-1a"] }));
    expect(errors).toEqual([
      'cidrBlock: "10.0.0.1/16" is not an IPv4 CIDR without host bits',
      "availabilityZones: exactly three distinct zones are required",
      'availabilityZones[1]: "us-east-1a" is not a zone of eu-central-1',
    ]);
  });
});

describe("EksCluster inputs", () => {
  const good: EksClusterArgs = { region: "cn-north-1", version: "1.34", vpcId: "vpc", privateSubnetIds: ["a", "b", "c"], tags };
  it("accepts a private cluster and an allow-listed public endpoint", () => {
    expect(() => validateEksClusterArgs("c", good)).not.toThrow();
    expect(() => validateEksClusterArgs("c", { ...good, publicAccessCidrs: ["203.0.113.0/24"] })).not.toThrow();
  });
  it("refuses an internet-wide endpoint, a global-partition admin ARN in China and min > max", () => {
    const errors = refusedWith(() => validateEksClusterArgs("c", {
      ...good, publicAccessCidrs: ["0.0.0.0/0"], adminPrincipalArns: ["arn:aws:iam::123456789012:role/admin"], systemMinNodes: 5, systemMaxNodes: 2,
    }));
    expect(errors).toEqual([
      "publicAccessCidrs[0]: 0.0.0.0/0 would expose the API to the internet",
      "systemMinNodes: min 5 > max 2",
      "adminPrincipalArns[0]: must be an IAM ARN of partition aws-cn",
    ]);
  });
  it("refuses Pod Identity in China and a retention CloudWatch does not offer", () => {
    const errors = refusedWith(() => validateEksClusterArgs("c", { ...good, workloadIdentity: "pod-identity", logRetentionDays: 10 }));
    expect(errors).toEqual([
      'workloadIdentity: EKS Pod Identity is not offered in the China regions; use "irsa"',
      expect.stringMatching(/^logRetentionDays: 10: CloudWatch Logs keeps logs for one of 1, 3, 5, 7, 14, 30, .* days$/),
    ]);
    expect(() => validateEksClusterArgs("c", { ...good, workloadIdentity: "irsa", logRetentionDays: 365 })).not.toThrow();
  });
});

describe("GpuNodePool inputs", () => {
  const good: GpuNodePoolArgs = {
    region: "cn-north-1", clusterName: "c", nodeRoleArn: "r", subnetIds: ["a"], instanceTypes: ["g5.12xlarge"],
    scaling: { minNodes: 1, desiredNodes: 2, maxNodes: 3 }, tags,
  };
  it("accepts a China-offered GPU type with a consistent scaling", () => {
    expect(() => validateGpuNodePoolArgs("g", good)).not.toThrow();
  });
  it("refuses a family China lacks, a CPU type and inconsistent scaling", () => {
    const errors = refusedWith(() => validateGpuNodePoolArgs("g", {
      ...good, instanceTypes: ["p5.48xlarge", "m5.large"], scaling: { minNodes: 4, desiredNodes: 9, maxNodes: 3 },
    }));
    expect(errors).toEqual([
      'instanceTypes[0]: "p5.48xlarge" is not offered in cn-north-1; allowed families: g4dn, g5, p3',
      'instanceTypes[1]: "m5.large" is not a GPU instance type',
      "scaling.minNodes: min 4 > max 3",
      "scaling.desiredNodes: 9 is outside [4, 3]",
    ]);
  });
});

describe("ClusterAutoscaler inputs", () => {
  const good = { region: "eu-central-1", clusterName: "c", identity: { kind: "pod-identity" as const, clusterName: "c" }, kubernetesVersion: "1.34", tags };
  it("accepts a minor version and a duration", () => {
    expect(() => validateClusterAutoscalerArgs("a", { ...good, scaleDownUnneededTime: "15m" })).not.toThrow();
  });
  it("refuses a patch version and a bare number", () => {
    expect(refusedWith(() => validateClusterAutoscalerArgs("a", { ...good, kubernetesVersion: "1.34.2", scaleDownUnneededTime: "600" }))).toEqual([
      'kubernetesVersion: "1.34.2" is not a Kubernetes minor version like 1.34',
      'scaleDownUnneededTime: "600" is not a duration such as 10m',
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
    expect(() => validateGpuHeadroomArgs("h", { namespace: "n", pools: [{ pool: "a", spareGpus: 0 }, { pool: "b", spareGpus: 3 }] })).not.toThrow();
  });
  it("refuses negative and fractional counts", () => {
    expect(refusedWith(() => validateGpuHeadroomArgs("h", { namespace: "n", pools: [{ pool: "a", spareGpus: -1 }, { pool: "b", spareGpus: 1.5 }] }))).toEqual([
      "pools[0].spareGpus: -1 is not a whole number ≥ 0",
      "pools[1].spareGpus: 1.5 is not a whole number ≥ 0",
    ]);
  });
});
