import { createRequire } from "node:module";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/aws/provider";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/render";
import { recordRegistrations } from "../support/components";
import { packedPackage } from "../support/package";

type Entry = typeof import("../../components");

const registered: pulumi.runtime.MockResourceArgs[] = [];
let entry: Entry;

beforeAll(async () => {
  // Build the package as `npm pack` would, then resolve it by name through package.json
  // "exports": the path another stack takes when it depends on this package.
  // Once per run for every file that needs it (build mode compiles only what changed).
  await packedPackage();
  await recordRegistrations(registered, "cn-northwest-1", "consumer", "solo");
  entry = createRequire(path.join(REPO_ROOT, "package.json"))("inference-platform") as Entry;
}, 120_000);

describe("package entry", () => {
  it("resolves to the compiled library and exports the components", () => {
    const resolved = createRequire(path.join(REPO_ROOT, "package.json")).resolve("inference-platform");
    expect(path.relative(REPO_ROOT, resolved)).toBe(path.join("dist", "components", "index.js"));
    expect(typeof entry.RegionalPlatform).toBe("function");
    expect(typeof entry.GpuNodePool).toBe("function");
    expect(entry.planCapacity({ peakQps: 500, monthlyGrowth: 0.2, horizonMonths: 1, headroom: 0.3, surgeFactor: 10, qpsPerGpu: 50, gpusPerNode: 1 }).maxNodes).toBe(100);
  });

  it("builds a one-region stack in another project, with the caller's provider", async () => {
    const provider = new Provider("cn", { region: "cn-northwest-1" });
    const region = new entry.RegionalPlatform("solo", {
      settings: {
        name: "solo", awsRegion: "cn-northwest-1", partition: "aws-cn", vpcCidr: "10.50.0.0/16", natGateways: "single",
        imageMirror: "mirror.example.cn",
        gpuPools: [{ name: "g4dn", instanceTypes: ["g4dn.xlarge"], qpsPerGpu: 10, minNodes: 1, maxNodes: 4 }],
        traffic: { peakQps: 10 },
        redis: { replicas: 0, multiAz: false },
        kafka: { brokerInstanceType: "kafka.t3.small", topicsJob: { iamAuthJarUrl: "https://artifacts.example.cn/aws-msk-iam-auth-all.jar" } },
        serving: { models: [{ modelName: "small", servedModelName: "org/small", tier: "premium", pool: "g4dn", weights: "small/1" }] },
        frontDoor: { auth: { issuer: "https://auth.example.cn/", jwksUri: "https://auth.example.cn/jwks.json" } },
      },
      kubernetesVersion: "1.36",
      planning: { monthlyGrowthPercent: 20, headroomPercent: 30, surgeFactor: 10, planningHorizonMonths: 1 },
      environment: "dev",
      tags: { project: "consumer", stack: "solo", region: "cn-northwest-1", owner: "them" },
    }, { providers: { aws: provider } });
    expect(region.outputs.gpuPools.g4dn).toMatchObject({ minNodes: 1, maxNodes: 4 });
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();

    const types = registered.map((r) => r.type);
    expect(types.filter((t) => t === "aws:eks/cluster:Cluster")).toHaveLength(1);
    expect(types.filter((t) => t === "aws:ec2/natGateway:NatGateway")).toHaveLength(1);
    const gpu = registered.find((r) => r.type === "aws:eks/nodeGroup:NodeGroup" && r.name === "solo-gpu-g4dn");
    expect(gpu?.inputs.scalingConfig).toMatchObject({ minSize: 1, maxSize: 4 });
    // Every AWS resource goes through the caller's provider, none through a default one.
    const aws = registered.filter((r) => r.type.startsWith("aws:"));
    expect(aws.every((r) => String(r.provider).includes("pulumi:providers:aws::cn"))).toBe(true);
  });

  it("refuses a GPU type the region does not offer before registering the pool", () => {
    const provider = new Provider("cn2", { region: "cn-northwest-1" });
    expect(() => new entry.GpuNodePool("bad", {
      region: "cn-northwest-1", clusterName: "c", nodeRoleArn: "r", subnetIds: ["s"], instanceTypes: ["g6.xlarge"],
      scaling: { minNodes: 1, desiredNodes: 1, maxNodes: 2 }, tags: {},
    }, { provider })).toThrow(/instanceTypes\[0\]: not offered in cn-northwest-1; allowed GPU families: g4dn, g5, p3/);
  });
});
