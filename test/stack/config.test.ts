import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseStackConfig, StackConfigError } from "../../infra/config/load";
import { realRaw, refusalOf } from "../support/config";
import { REPO_ROOT } from "../support/render";

const refusal = (raw: Record<string, unknown>): string => refusalOf(() => parseStackConfig(raw, "Pulumi.prod.yaml"));

describe("stack config validation", () => {
  it("accepts both real stack files", () => {
    const prod = parseStackConfig(realRaw("prod"), "Pulumi.prod.yaml");
    expect(prod.regions.map((r) => [r.awsRegion, r.partition])).toEqual([["cn-north-1", "aws-cn"], ["eu-central-1", "aws"]]);
    const dev = parseStackConfig(realRaw("dev"), "Pulumi.dev.yaml");
    expect(dev.regions.map((r) => r.awsRegion)).toEqual(["ap-east-1", "eu-central-1"]);
  });

  it("takes the seed defaults from Pulumi.yaml", () => {
    const project = parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8"));
    expect(project.config.monthlyGrowthPercent.default).toBe(20);
    expect(project.config.headroomPercent.default).toBe(30);
    expect(project.config.surgeFactor.default).toBe(10);
    const dev = parseStackConfig(realRaw("dev"), "Pulumi.dev.yaml");
    expect([dev.monthlyGrowthPercent, dev.headroomPercent, dev.surgeFactor]).toEqual([20, 30, 10]);
  });

  const cases: Array<{ what: string; edit: (c: Record<string, any>) => void; expected: string[] }> = [
    {
      what: "a monitoring request topic other than Kafka's (the region sets it from kafka.topics)",
      edit: (c) => { c.regions[1].monitoring.requestTopic = "other-requests"; },
      expected: ["inference-platform:regions[1].monitoring.requestTopic", '"other-requests"', "set by the region: the lag alert watches kafka.topics' requests topic"],
    },
    {
      what: "a pool override below the plan's minimum",
      edit: (c) => { c.regions[1].gpuPools[0].maxNodes = 1; },
      expected: ["inference-platform:regions[1].gpuPools[0].maxNodes", "(got 1)", "nodes is above max 1"],
    },
    {
      what: "a GPU type not offered in cn-north-1",
      edit: (c) => { c.regions[0].gpuPools[0].instanceTypes = ["p5.48xlarge"]; },
      expected: ["Pulumi.prod.yaml", "inference-platform:regions[0].gpuPools[0].instanceTypes[0]", '"p5.48xlarge"', "not offered in cn-north-1", "g4dn, g5, p3"],
    },
    {
      what: "an unknown region",
      edit: (c) => { c.regions[1].awsRegion = "eu-atlantis-1"; },
      expected: ["inference-platform:regions[1].awsRegion", '"eu-atlantis-1"', "unknown region; allowed:", "eu-central-1"],
    },
    {
      what: "a region in the wrong partition",
      edit: (c) => { c.regions[0].partition = "aws"; },
      expected: ["inference-platform:regions[0].partition", "cn-north-1 is in partition \"aws-cn\""],
    },
    {
      what: "min nodes above max nodes",
      edit: (c) => { Object.assign(c.regions[1].gpuPools[0], { minNodes: 9, maxNodes: 3 }); },
      expected: ["inference-platform:regions[1].gpuPools[0].minNodes", "min (9) is greater than maxNodes (3)"],
    },
    {
      what: "zero throughput",
      edit: (c) => { c.regions[1].traffic.peakQps = 0; c.regions[1].gpuPools[0].qpsPerGpu = -5; },
      expected: ["inference-platform:regions[1].traffic.peakQps (got 0): must be > 0", "inference-platform:regions[1].gpuPools[0].qpsPerGpu (got -5): must be > 0"],
    },
    {
      what: "headroom and growth out of range",
      edit: (c) => { c.headroomPercent = 500; c.monthlyGrowthPercent = -1; },
      expected: ["inference-platform:headroomPercent (got 500): at most 200", "inference-platform:monthlyGrowthPercent (got -1): must be ≥ 0"],
    },
    {
      what: "overlapping VPC CIDRs",
      edit: (c) => { c.regions[1].vpcCidr = "10.20.128.0/17"; },
      expected: ["inference-platform:regions[1].vpcCidr", "overlaps regions[0].vpcCidr 10.20.0.0/16"],
    },
    {
      what: "duplicate region names",
      edit: (c) => { c.regions[1].name = "china"; },
      expected: ["inference-platform:regions[1].name", 'duplicate region name: regions[0] is also "china"'],
    },
    {
      what: "a missing required key",
      edit: (c) => { delete c.owner; },
      expected: ["inference-platform:owner (missing): required key is missing"],
    },
    {
      what: "a misspelt key",
      edit: (c) => { c.regions[0].gpuPool = c.regions[0].gpuPools; },
      expected: ["inference-platform:regions[0].gpuPool", "unknown key (misspelt?)"],
    },
    {
      what: "a China region without an image mirror",
      edit: (c) => { delete c.regions[0].imageMirror; },
      expected: ["inference-platform:regions[0].imageMirror", "required in the aws-cn partition"],
    },
    {
      what: "a public API endpoint open to the internet",
      edit: (c) => { c.regions[1].cluster.publicAccessCidrs = ["0.0.0.0/0"]; },
      expected: ["inference-platform:regions[1].cluster.publicAccessCidrs[0]", "0.0.0.0/0 opens the API"],
    },
    {
      what: "an unsupported Kubernetes version",
      edit: (c) => { c.kubernetesVersion = "1.21"; },
      expected: ["inference-platform:kubernetesVersion", '"1.21"', "one of 1.", "(EKS standard support on "],
    },
    {
      what: "a log retention CloudWatch does not offer",
      edit: (c) => { c.regions[1].cluster.logRetentionDays = 100; },
      expected: ["inference-platform:regions[1].cluster.logRetentionDays (got 100): CloudWatch Logs keeps logs for one of 1, 3, 5, 7, 14, 30, 60, 90, 120"],
    },
    {
      what: "pool traffic shares not adding up to 100",
      edit: (c) => { c.regions[0].gpuPools[1].trafficSharePercent = 50; },
      expected: ["inference-platform:regions[0].gpuPools", "adds up to 130, must be 100"],
    },
  ];

  for (const c of cases) {
    it(`refuses ${c.what}, naming file, key, value and what is allowed`, () => {
      const raw = realRaw("prod");
      c.edit(raw);
      const message = refusal(raw);
      for (const fragment of c.expected) expect(message).toContain(fragment);
    });
  }

  it("lists every problem in one error", () => {
    const raw = realRaw("prod");
    raw.regions[0].gpuPools[0].instanceTypes = ["p5.48xlarge"];
    raw.regions[1].vpcCidr = "10.20.0.0/16";
    raw.regions[1].name = "china";
    const e = (() => {
      try {
        parseStackConfig(raw, "Pulumi.prod.yaml");
        return undefined;
      } catch (x) {
        return x as StackConfigError;
      }
    })();
    expect(e?.problems.map((p) => p.key)).toEqual(expect.arrayContaining([
      "inference-platform:regions[0].gpuPools[0].instanceTypes[0]",
      "inference-platform:regions[1].name",
      "inference-platform:regions[1].vpcCidr",
    ]));
  });
});
