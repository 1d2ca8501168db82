import { beforeAll, describe, expect, it } from "vitest";
import { GpuNodePool, type GpuNodePoolArgs } from "../../components/gpu-node-pool";
import { refusedBy, TEST_TAGS, useComponentMocks } from "../support/components";

beforeAll(() => useComponentMocks("cn-north-1"));

describe("GpuNodePool inputs", () => {
  const good: GpuNodePoolArgs = {
    region: "cn-north-1", clusterName: "c", nodeRoleArn: "r", subnetIds: ["a"], instanceTypes: ["g5.12xlarge"],
    scaling: { minNodes: 1, desiredNodes: 2, maxNodes: 3 }, tags: TEST_TAGS,
  };
  it("accepts a China-offered GPU type with a consistent scaling", () => {
    expect(new GpuNodePool("g", good).scaling).toEqual({ minNodes: 1, desiredNodes: 2, maxNodes: 3 });
  });
  it("refuses a CPU type, a small volume and an unavailable-percent out of range", () => {
    expect(refusedBy(() => new GpuNodePool("g1", { ...good, instanceTypes: ["m5.large"], rootVolumeGiB: 50, maxUnavailablePercent: 0 }))).toEqual([
      "instanceTypes[0]: not a GPU instance type this library knows (components/gpu-node-pool/offerings.ts)",
      "rootVolumeGiB: at least 100 GiB: model images do not fit in less",
      "maxUnavailablePercent: between 1 and 100",
    ]);
  });
  it("refuses a family China lacks and inconsistent scaling, all at once", () => {
    expect(refusedBy(() => new GpuNodePool("g2", { ...good, instanceTypes: ["p5.48xlarge"], scaling: { minNodes: 4, desiredNodes: 9, maxNodes: 3 } }))).toEqual([
      expect.stringMatching(/^instanceTypes\[0\]: not offered in cn-north-1; allowed GPU families: g4dn, g5, p3 \(table recorded/),
      "scaling.minNodes: min 4 > max 3",
      "scaling.desiredNodes: 9 is outside [4, 3]",
    ]);
  });
});
