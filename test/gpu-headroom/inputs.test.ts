import { beforeAll, describe, expect, it } from "vitest";
import { GpuHeadroom } from "../../components/gpu-headroom";
import { refusedBy, useComponentMocks } from "../support/components";

beforeAll(() => useComponentMocks());

describe("GpuHeadroom inputs", () => {
  it("accepts whole spare counts, zero included", () => {
    expect(new GpuHeadroom("h", { namespace: "n", pools: [{ pool: "a", spareGpus: 0 }, { pool: "b", spareGpus: 3 }] }).spareGpus).toEqual({ a: 0, b: 3 });
  });
  it("refuses negative and fractional counts", () => {
    expect(refusedBy(() => new GpuHeadroom("h1", { namespace: "n", pools: [{ pool: "a", spareGpus: -1 }, { pool: "b", spareGpus: 1.5 }] }))).toEqual([
      "pools[0].spareGpus: a whole number ≥ 0",
      "pools[1].spareGpus: a whole number ≥ 0",
    ]);
  });
});
