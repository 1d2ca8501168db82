// What the plan records of each registration's dependencies: the resources it waits for as a whole
// (options.dependencies, which the deploy critical path follows) and input by input (propertyDependencies).
import { beforeAll, describe, expect, it } from "vitest";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { renderRealStack } from "../support/render";

let prod: RenderedStack;
beforeAll(async () => {
  prod = await renderRealStack("prod");
});
const one = (type: string, name: string): RenderedResource => prod.resources.find((r) => r.type === type && r.name === name)!;
const names = (urns: readonly string[]) => urns.map((u) => u.slice(u.lastIndexOf("::") + 2)).sort();

describe("dependencies in the plan", () => {
  it("names, input by input, what an input waits for: the MSK brokers wait for the three private subnets", () => {
    const msk = one("aws:msk/cluster:Cluster", "china-kafka");
    expect(names(msk.options.propertyDependencies?.brokerNodeGroupInfo ?? [])).toEqual(expect.arrayContaining(["china-net-private-0", "china-net-private-1", "china-net-private-2"]));
  });

  it("records none for a resource whose inputs wait for nothing (the VPC)", () => {
    expect(one("aws:ec2/vpc:Vpc", "china-net-vpc").options.propertyDependencies).toBeUndefined();
  });

  it("keeps every input's dependency among the resource's dependencies", () => {
    const stray = prod.resources.flatMap((r) => Object.values(r.options.propertyDependencies ?? {}).flat()
      .filter((urn) => !r.options.dependencies.includes(urn)).map((urn) => `${r.name} → ${urn}`));
    expect(stray).toEqual([]);
  });
});
