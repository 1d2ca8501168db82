// What a user of "inference-platform/testing" writes: the package's mocks in their own unit test,
// no hand-written outputs, and the region every resource gets learned from the caller's provider.
import { createRequire } from "node:module";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { getAmi } from "@pulumi/aws/ec2/getAmi";
import { Topic } from "@pulumi/aws/sns/topic";
import { Provider } from "@pulumi/aws/provider";
import { beforeAll, describe, expect, it } from "vitest";
import { RegionalPlatform } from "../../components";
import { MOCK_ACCOUNT, platformMocks } from "../../components/testing";
import { REPO_ROOT } from "../support/render";
import { recording, valueOf, waitForRPCs } from "../support/components";

const registered: pulumi.runtime.MockResourceArgs[] = [];

beforeAll(async () => {
  // Files share workers: no config left from the previous file (an aws:region would reach the default provider).
  pulumi.runtime.setAllConfig({}, []);
  // Not the provider's region, so a resource taking it shows the region was not learned.
  const mocks = platformMocks({ defaultRegion: "eu-west-3" });
  await pulumi.runtime.setMocks(recording(mocks, registered), "consumer", "test", false);
});

describe("inference-platform/testing", () => {
  it("is exported beside the package entry, compiled", () => {
    const resolved = createRequire(path.join(REPO_ROOT, "package.json")).resolve("inference-platform/testing");
    expect(path.relative(REPO_ROOT, resolved)).toBe(path.join("dist", "components", "testing", "index.js"));
  });

  it("builds the README's region with no hand-written outputs, in the provider's region", async () => {
    const provider = new Provider("fra", { region: "eu-central-1" });
    const region = new RegionalPlatform("fra", {
      settings: {
        name: "fra", awsRegion: "eu-central-1", partition: "aws", vpcCidr: "10.40.0.0/16",
        gpuPools: [{ name: "l40s", instanceTypes: ["g6e.12xlarge"], qpsPerGpu: 30 }],
        traffic: { peakQps: 300 },
        serving: { models: [{ modelName: "qwen25-7b", servedModelName: "Qwen/Qwen2.5-7B-Instruct", tier: "premium", pool: "l40s", weights: "qwen2.5-7b-instruct/2024-09-19" }] },
        frontDoor: { auth: { issuer: "https://auth.example.com/", jwksUri: "https://auth.example.com/jwks.json" } },
      },
      kubernetesVersion: "1.35",
      planning: { monthlyGrowthPercent: 20, headroomPercent: 30, surgeFactor: 10, planningHorizonMonths: 6 },
      environment: "dev",
      tags: { project: "mine", stack: "test", region: "eu-central-1", owner: "me" },
    }, { providers: { aws: provider } });

    // What the data-plane children add to the region's outputs (typed `unknown` there).
    const childOutputs = (child: string) => valueOf(pulumi.output(region.outputs[child] as Record<string, pulumi.Input<string>>));
    const [hostname, endpoint, kubeconfig, redis, kafka] = await Promise.all([
      valueOf(region.hostname), valueOf(region.cluster.endpoint), valueOf(region.cluster.kubeconfig), childOutputs("redis"), childOutputs("kafka"),
    ]);
    await waitForRPCs();
    expect(hostname).toMatch(/^k8s-envoy-ga-inferenc-[0-9a-f]+-[0-9a-f]{16}\.elb\.eu-central-1\.amazonaws\.com$/);
    expect(endpoint).toMatch(/^https:\/\/.+\.gr7\.eu-central-1\.eks\.amazonaws\.com$/);
    expect(kubeconfig).toContain(endpoint);
    expect(redis.primaryEndpoint).toMatch(/^master\..+\.eu-central-1\.cache\.amazonaws\.com$/);
    expect(kafka.bootstrapBrokersIam).toMatch(/^b-1\..+\.kafka\.eu-central-1\.amazonaws\.com:9098,/);
    expect(kafka.clientRoleArn).toMatch(new RegExp(`^arn:aws:iam::${MOCK_ACCOUNT}:role/`));

    const types = new Set(registered.map((r) => r.type));
    for (const t of ["aws:eks/cluster:Cluster", "aws:elasticache/replicationGroup:ReplicationGroup", "aws:msk/cluster:Cluster", "kubernetes:gateway.networking.k8s.io/v1:Gateway"]) {
      expect(types, t).toContain(t);
    }
  });

  it("gives a resource whose provider named no region the defaultRegion", async () => {
    const topic = new Topic("lone");
    expect(await valueOf(topic.arn)).toBe(`arn:aws:sns:eu-west-3:${MOCK_ACCOUNT}:topic/lone`);
  });

  it("hands a StackReference the outputs given for its stack", () => {
    const mocks = platformMocks({ stacks: { "org/platform/prod": { dnsName: "api.example.com" } } });
    const reference = { type: "pulumi:pulumi:StackReference", name: "platform", inputs: { name: "org/platform/prod" }, custom: true, id: "org/platform/prod" };
    expect(mocks.newResource(reference)).toEqual({ id: "org/platform/prod", state: { name: "org/platform/prod", outputs: { dnsName: "api.example.com" }, secretOutputNames: [] } });
  });

  it("hands over as secret a recorded output that holds a secret's placeholder, as the engine would", () => {
    const mocks = platformMocks({ stacks: { "org/platform/prod": { dnsName: "api.example.com", regions: { fra: { redis: { authToken: "[secret]" } } } } } });
    const reference = { type: "pulumi:pulumi:StackReference", name: "platform", inputs: { name: "org/platform/prod" }, custom: true, id: "org/platform/prod" };
    expect(mocks.newResource(reference)).toMatchObject({ state: { secretOutputNames: ["regions"] } });
  });

  it("refuses a StackReference to a stack it has no outputs for, naming the stacks it has", () => {
    const mocks = platformMocks({ stacks: { "org/platform/prod": {} } });
    const reference = { type: "pulumi:pulumi:StackReference", name: "other", inputs: { name: "org/platform/staging" }, custom: true, id: "org/platform/staging" };
    expect(() => mocks.newResource(reference)).toThrow('StackReference to "org/platform/staging": platformMocks has no outputs for it (options.stacks holds "org/platform/prod")');
    expect(() => platformMocks().newResource(reference)).toThrow(/options\.stacks holds none/);
  });

  it("refuses a provider function it does not know, naming it", async () => {
    await expect(getAmi({ owners: ["amazon"], mostRecent: true }))
      .rejects.toThrow(/unmocked provider call aws:ec2\/getAmi:getAmi: platformMocks answers only aws:index\/getCallerIdentity/);
  });
});
