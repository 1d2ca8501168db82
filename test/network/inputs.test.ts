import { beforeAll, describe, expect, it } from "vitest";
import { Network, s3GatewayServiceName, type NetworkArgs } from "../../components/network";
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
