// RegionalPlatform on its own: one region's settings in, every problem refused before a child registers.
import { Provider } from "@pulumi/aws/provider";
import { beforeAll, describe, expect, it } from "vitest";
import { RegionalPlatform, type RegionalPlatformArgs } from "../../components/region";
import { refusedBy, TEST_TAGS, useComponentMocks } from "../support/components";

beforeAll(() => useComponentMocks());

const good: RegionalPlatformArgs = {
  settings: {
    name: "fra", awsRegion: "eu-central-1", partition: "aws", vpcCidr: "10.40.0.0/16",
    gpuPools: [{ name: "l40s", instanceTypes: ["g6e.12xlarge"], qpsPerGpu: 30 }],
    traffic: { peakQps: 300 },
  },
  kubernetesVersion: "1.35",
  planning: { monthlyGrowthPercent: 20, headroomPercent: 30, surgeFactor: 10, planningHorizonMonths: 6 },
  environment: "prod",
  tags: TEST_TAGS,
};
const provider = () => ({ providers: { aws: new Provider(`p${Math.random().toString(36).slice(2, 8)}`, { region: "eu-central-1" }) } });

describe("RegionalPlatform inputs", () => {
  it("builds a whole region from a few settings, with the capacity plan computed once", () => {
    const region = new RegionalPlatform("fra", good, provider());
    // 300 QPS × 1.3 / 30 QPS per GPU = 13 GPUs → 4 nodes of 4 GPUs; surge 3000 QPS → 25 nodes.
    expect(region.outputs.gpuPools.l40s).toMatchObject({ minNodes: 4, maxNodes: 25, spareGpus: 3 });
    expect(Object.keys(region.outputs)).toEqual(expect.arrayContaining(["redis", "kafka", "ingress", "monitoring"]));
  });

  it("refuses a misspelt setting and a bad value in one error", () => {
    expect(refusedBy(() => new RegionalPlatform("fra1", { ...good, settings: { ...good.settings, natGateway: "single", vpcCidr: "10.0.0.0/8" } as RegionalPlatformArgs["settings"] }, provider()))).toEqual([
      "vpcCidr: prefix must be /16 to /20 (AWS allows /16–/28; /20 is the smallest that fits 6 subnets)",
      "natGateway: unknown key (misspelt?)",
    ]);
  });

  it("refuses the region's own rules, prod's, an override below the plan and an unsupported version, all at once", () => {
    const settings = {
      ...good.settings,
      awsRegion: "cn-north-1",
      partition: "aws-cn" as const,
      gpuPools: [{ name: "l40s", instanceTypes: ["g6e.12xlarge"], qpsPerGpu: 30, maxNodes: 2 }],
      redis: { replicas: 0, multiAz: false },
    };
    expect(refusedBy(() => new RegionalPlatform("fra2", { ...good, settings, kubernetesVersion: "1.30" as "1.35" }, provider()))).toEqual([
      "imageMirror: required in the aws-cn partition: nodes in China cannot pull from nvcr.io, quay.io, gcr.io or docker.io",
      expect.stringMatching(/^gpuPools\[0\]\.instanceTypes\[0\]: not offered in cn-north-1; allowed GPU families: g4dn, g5, p3/),
      expect.stringMatching(/^kafka\.topicsJob\.iamAuthJarUrl: required in the aws-cn partition/),
      "redis.multiAz: prod needs multiAz true (automatic failover to another AZ); a single AZ is allowed in dev only",
      "redis.replicas: prod needs at least 1 replica so a node loss fails over instead of losing the cache and sessions",
      expect.stringMatching(/^gpuPools\[0\]\.maxNodes: min 4 nodes is above max 2 \(/),
      expect.stringMatching(/^kubernetesVersion: one of 1\.34, 1\.35 /),
    ]);
    // The same region in the global partition's region code is named as a mismatch.
    expect(refusedBy(() => new RegionalPlatform("fra3", { ...good, settings: { ...good.settings, partition: "aws-cn" } }, provider()))).toEqual([
      'partition: eu-central-1 is in partition "aws", not "aws-cn"',
      "imageMirror: required in the aws-cn partition: nodes in China cannot pull from nvcr.io, quay.io, gcr.io or docker.io",
      expect.stringMatching(/^kafka\.topicsJob\.iamAuthJarUrl: required in the aws-cn partition/),
    ]);
  });
});
