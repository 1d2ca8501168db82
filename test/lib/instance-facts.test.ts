import { describe, expect, it } from "vitest";
import { GPU_FAMILIES, gpusPerInstance } from "../../components/gpu-node-pool/offerings";
import {
  CACHE_NODE_TYPES, EC2_INSTANCE_TYPES, familyOf, KAFKA_BROKER_TYPES, notOfferedProblem, unknownTypeProblem,
} from "../../components/lib/instance-facts";
import { PRICES_BY_REGION } from "../../infra/plan/cost/prices";

describe("the instance facts table", () => {
  it("knows sizes of every GPU family a region offers, and the GPUs capacity planning counts", () => {
    for (const family of GPU_FAMILIES) expect(Object.keys(EC2_INSTANCE_TYPES).map(familyOf), family).toContain(family);
    expect(["g4dn.xlarge", "g5.12xlarge", "g6e.12xlarge", "g6e.48xlarge", "p5.48xlarge"].map(gpusPerInstance)).toEqual([1, 4, 4, 8, 8]);
    expect(EC2_INSTANCE_TYPES["g6e.12xlarge"]).toEqual({ vcpus: 48, memoryGiB: 384, gpus: 4 });
  });

  it("refuses to guess the GPUs of a size it does not know (it used to assume 1)", () => {
    expect(() => gpusPerInstance("g6e.13xlarge")).toThrow("no instance facts for g6e.13xlarge");
  });

  it("holds every type the recorded prices name, so cost and validation speak of the same types", () => {
    for (const prices of Object.values(PRICES_BY_REGION)) {
      for (const t of Object.keys(prices.ec2)) expect(EC2_INSTANCE_TYPES[t], t).toBeDefined();
      for (const t of Object.keys(prices.cacheNode)) expect(CACHE_NODE_TYPES[t], t).toBeDefined();
      for (const t of Object.keys(prices.kafkaBroker)) expect(KAFKA_BROKER_TYPES[t], t).toBeDefined();
    }
  });

  it("names the known sizes of a family, or the known families", () => {
    expect(unknownTypeProblem("cache", "cache.r6g.large")).toBeUndefined();
    expect(unknownTypeProblem("kafka", "kafka.m7g.24xlarge")).toMatch(/^unknown MSK broker type: kafka\.m7g comes in large, xlarge, .*16xlarge \(/);
    expect(unknownTypeProblem("ec2", "g5.xlarge", ["m5", "t3"])).toMatch(/^unknown EC2 instance type; known families: m5, t3 \(/);
  });

  it("checks offerings only where they are recorded", () => {
    expect(notOfferedProblem("kafka", "kafka.m7g.large", "eu-central-1")).toBeUndefined();
    expect(notOfferedProblem("kafka", "kafka.m7g.large", "ap-east-1")).toMatch(/not offered in ap-east-1; offered there: kafka\.t3, kafka\.m5/);
    // No source lists ElastiCache types of the China regions: there only the type is checked.
    expect(notOfferedProblem("cache", "cache.c7gn.large", "cn-north-1")).toBeUndefined();
  });
});
