// What the data-plane tests of test/stack expect of each real stack's regions, and how they find a resource.
import { expect } from "vitest";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";

/** What one region's data plane must look like. */
interface RegionExpectation {
  name: string;
  awsRegion: string;
  partition: "aws" | "aws-cn";
  dns: string;
  /** Physical names, `<stack>-<name>`: unique when dev and prod share an account and region. */
  redisId: string;
  mskName: string;
  nodes: number;
  brokers: number;
  volume: number;
  maxVolume: number;
  logDays: number;
  partitions: [number, number, number];
}

/** Expected data plane per stack and region, written out from the stack files. */
export const EXPECTED: Record<"prod" | "dev", { regions: RegionExpectation[] }> = {
  prod: {
    regions: [
      { name: "china", awsRegion: "cn-north-1", partition: "aws-cn", dns: "amazonaws.com.cn", redisId: "prod-china-redis", mskName: "prod-china-kafka", nodes: 3, brokers: 6, volume: 500, maxVolume: 4000, logDays: 90, partitions: [24, 24, 6] },
      { name: "frankfurt", awsRegion: "eu-central-1", partition: "aws", dns: "amazonaws.com", redisId: "prod-frankfurt-redis", mskName: "prod-frankfurt-kafka", nodes: 3, brokers: 3, volume: 500, maxVolume: 4000, logDays: 90, partitions: [12, 12, 3] },
    ],
  },
  dev: {
    regions: [
      { name: "shanghai", awsRegion: "ap-east-1", partition: "aws", dns: "amazonaws.com", redisId: "dev-shanghai-redis", mskName: "dev-shanghai-kafka", nodes: 1, brokers: 3, volume: 20, maxVolume: 100, logDays: 14, partitions: [3, 3, 1] },
      { name: "frankfurt", awsRegion: "eu-central-1", partition: "aws", dns: "amazonaws.com", redisId: "dev-frankfurt-redis", mskName: "dev-frankfurt-kafka", nodes: 1, brokers: 3, volume: 20, maxVolume: 100, logDays: 14, partitions: [3, 3, 1] },
    ],
  },
};

/** The ids the mocks give a region's ARNs, private subnets and node security group. */
export function regionIds(region: RegionExpectation) {
  return {
    arn: (service: string, rest: string) => `arn:${region.partition}:${service}:${region.awsRegion}:123456789012:${rest}`,
    privateSubnets: [0, 1, 2].map((i) => `${region.name}-net-private-${i}-id`),
    nodeSg: `sg-${region.name}-eks-cluster`,
  };
}

export function named(r: RenderedStack, type: string, name: string): RenderedResource {
  const found = r.resources.filter((x) => x.type === type && x.name === name);
  expect(found, `${type} ${name}`).toHaveLength(1);
  return found[0]!;
}
