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
    ingress: { certificateArn: "arn:aws:acm:eu-central-1:123456789012:certificate/abc" },
    frontDoor: { auth: { issuer: "https://auth.example.com/", jwksUri: "https://auth.example.com/jwks.json" } },
    serving: { models: [{ modelName: "qwen25-7b", servedModelName: "Qwen/Qwen2.5-7B-Instruct", tier: "premium", pool: "l40s", weights: "qwen2.5-7b-instruct/2024-09-19" }] },
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
    expect(Object.keys(region.outputs)).toEqual(expect.arrayContaining(["redis", "kafka", "ingress", "monitoring", "serving", "frontDoor"]));
    // The model server's replicas come from the same plan: 300 QPS ÷ 30 = 10 GPUs always on; ×10 surge = 100 GPUs = 25 nodes × 4.
    expect(region.outputs.serving).toMatchObject({ models: [{ name: "qwen25-7b-premium", minReplicas: 10, maxReplicas: 100 }] });
  });

  it("refuses a model server on a pool the region lacks, too wide for its nodes, sized past its pool, or on a tier another model serves", () => {
    const models = [
      { modelName: "a", servedModelName: "a", tier: "premium" as const, pool: "h100", weights: "a/1" },
      { modelName: "b", servedModelName: "b", tier: "premium" as const, pool: "l40s", weights: "b/1", tensorParallelSize: 8 },
      { modelName: "c", servedModelName: "c", tier: "batch" as const, pool: "l40s", weights: "c/1", poolSharePercent: 100 },
    ];
    expect(refusedBy(() => new RegionalPlatform("fra4", { ...good, settings: { ...good.settings, serving: { models } } }, provider()))).toEqual([
      'serving.models[0].pool: no GPU pool "h100" in this region; pools: l40s',
      "serving.models[1].tensorParallelSize: 8 GPUs per replica do not fit on one node of pool l40s (4 GPUs per node)",
      "serving.models[1].tier: models[0] already serves tier premium: the front door sends a tier's clients to one model server",
      "serving.models: the model servers on pool l40s take 200 % of it together; at most 100",
    ]);
  });

  it("refuses a misspelt setting and a bad value in one error", () => {
    expect(refusedBy(() => new RegionalPlatform("fra1", { ...good, settings: { ...good.settings, natGateway: "single", vpcCidr: "10.0.0.0/8" } as RegionalPlatformArgs["settings"] }, provider()))).toEqual([
      "vpcCidr: prefix must be /16 to /20 (AWS allows /16–/28; /20 is the smallest that fits 6 subnets)",
      "natGateway: unknown key (misspelt?)",
    ]);
  });

  it("refuses prod's missing certificate, and a front door's back-off cap below its base with its other malformed settings; dev builds without a certificate", () => {
    const { ingress: _certificate, ...settings } = good.settings;
    expect(() => new RegionalPlatform("fra6", { ...good, settings, environment: "dev" }, provider())).not.toThrow();
    expect(refusedBy(() => new RegionalPlatform("fra5", { ...good, settings }, provider()))).toEqual([
      expect.stringMatching(/^ingress\.certificateArn: required in prod/),
    ]);
    // Rules that need the parsed region (the certificate, the plan) run once its settings are well-formed.
    const frontDoor = { ...good.settings.frontDoor!, retry: { backoffBaseSeconds: 5, backoffMaxSeconds: 2 }, proxyReplicas: 1 };
    expect(refusedBy(() => new RegionalPlatform("fra7", { ...good, settings: { ...good.settings, frontDoor } }, provider()))).toEqual([
      "frontDoor.retry.backoffMaxSeconds: below backoffBaseSeconds (5): the cap must be at least the first back-off",
      "frontDoor.proxyReplicas: at least 2: one proxy is a single point of failure for the region",
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
      // The certificate stayed in eu-central-1: the NLB could not use it.
      expect.stringMatching(/^ingress\.certificateArn: must be an ACM certificate of cn-north-1 \(arn:aws-cn:acm:cn-north-1:…\)/),
      "redis.multiAz: prod needs multiAz true (automatic failover to another AZ); a single AZ is allowed in dev only",
      "redis.replicas: prod needs at least 1 replica so a node loss fails over instead of losing the cache and sessions",
      expect.stringMatching(/^gpuPools\[0\]\.maxNodes: min 4 nodes is above max 2 \(/),
      // The model server on that pool cannot scale either: its replicas come from the same plan.
      expect.stringMatching(/^serving\.models\[0\]\.poolSharePercent: max 8 is not above min 10: the pool's 2 node\(s\) hold only 8 replica\(s\)/),
      expect.stringMatching(/^kubernetesVersion: one of (1\.\d+, )*1\.\d+ \(EKS standard support on \d{4}-\d\d-\d\d, calendar read \d{4}-\d\d-\d\d\)$/),
    ]);
    // The same region in the global partition's region code is named as a mismatch.
    expect(refusedBy(() => new RegionalPlatform("fra3", { ...good, settings: { ...good.settings, partition: "aws-cn" } }, provider()))).toEqual([
      'partition: eu-central-1 is in partition "aws", not "aws-cn"',
      "imageMirror: required in the aws-cn partition: nodes in China cannot pull from nvcr.io, quay.io, gcr.io or docker.io",
      expect.stringMatching(/^kafka\.topicsJob\.iamAuthJarUrl: required in the aws-cn partition/),
    ]);
  });
});
