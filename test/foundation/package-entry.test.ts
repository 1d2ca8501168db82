import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/aws/provider";
import { beforeAll, describe, expect, it } from "vitest";
import { platformMocks } from "../../infra/plan/mocks";
import { REPO_ROOT } from "../support/render";

type Entry = typeof import("../../components");

const registered: pulumi.runtime.MockResourceArgs[] = [];
let entry: Entry;

beforeAll(async () => {
  // Build the package as `npm pack` would, then resolve it by name through package.json
  // "exports": the path another stack takes when it depends on this package.
  execFileSync(process.execPath, [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: REPO_ROOT });
  const mocks = platformMocks(() => "cn-northwest-1");
  await pulumi.runtime.setMocks({
    newResource: (args) => {
      registered.push(args);
      return mocks.newResource(args);
    },
    call: (args) => mocks.call(args),
  }, "consumer", "solo", false);
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
    new entry.RegionalPlatform("solo", {
      region: "cn-northwest-1",
      network: { cidrBlock: "10.50.0.0/16", availabilityZones: ["cn-northwest-1a", "cn-northwest-1b", "cn-northwest-1c"], natGateways: "single" },
      cluster: { version: "1.34" },
      gpuPools: [{ name: "g4dn", instanceTypes: ["g4dn.xlarge"], scaling: { minNodes: 1, desiredNodes: 1, maxNodes: 4 } }],
      imageMirror: "mirror.example.cn",
      tags: { project: "consumer", stack: "solo", region: "cn-northwest-1", owner: "them" },
    }, { providers: { aws: provider } });
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();

    const types = registered.map((r) => r.type);
    expect(types.filter((t) => t === "aws:eks/cluster:Cluster")).toHaveLength(1);
    expect(types.filter((t) => t === "aws:ec2/natGateway:NatGateway")).toHaveLength(1);
    const gpu = registered.find((r) => r.type === "aws:eks/nodeGroup:NodeGroup" && r.name === "solo-gpu-g4dn");
    expect(gpu?.inputs.scalingConfig).toEqual({ minSize: 1, desiredSize: 1, maxSize: 4 });
    // Every AWS resource goes through the caller's provider, none through a default one.
    const aws = registered.filter((r) => r.type.startsWith("aws:"));
    expect(aws.every((r) => String(r.provider).includes("pulumi:providers:aws::cn"))).toBe(true);
  });

  it("refuses a GPU type the region does not offer before registering the pool", () => {
    const provider = new Provider("cn2", { region: "cn-northwest-1" });
    expect(() => new entry.GpuNodePool("bad", {
      region: "cn-northwest-1", clusterName: "c", nodeRoleArn: "r", subnetIds: ["s"], instanceTypes: ["g6.xlarge"],
      scaling: { minNodes: 1, desiredNodes: 1, maxNodes: 2 }, tags: {},
    }, { provider })).toThrow(/g6.xlarge" is not offered in cn-northwest-1; allowed families: g4dn, g5, p3/);
  });
});
