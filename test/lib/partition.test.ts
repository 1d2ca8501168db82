import { describe, expect, it } from "vitest";
import { subnetOf } from "../../components/lib/cidr";
import { imageFrom } from "../../components/lib/images";
import { assumeRolePolicy, managedPolicyArn, partitionOf, servicePrincipal } from "../../components/lib/partition";

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
