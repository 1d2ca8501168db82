import { describe, expect, it } from "vitest";
import { nodesFor, planCapacity } from "../../components/gpu-node-pool/capacity";

const seed = { monthlyGrowth: 0.2, headroom: 0.3, surgeFactor: 10 };

describe("planCapacity", () => {
  it("sizes the seed's 500 QPS service for a 6-month horizon and the 500 → 5000 QPS surge", () => {
    // 500 × 1.3 = 650 QPS → 650/25 = 26 GPUs → 7 nodes of 4 GPUs.
    // 500 × 1.2^6 = 1492.99 QPS, × 1.3 = 1940.9 → 78 GPUs → 20 nodes.
    // 5000 QPS → 200 GPUs → 50 nodes.
    const plan = planCapacity({ ...seed, peakQps: 500, horizonMonths: 6, qpsPerGpu: 25, gpusPerNode: 4 });
    expect(plan.minNodes).toBe(7);
    expect(plan.desiredNodes).toBe(20);
    expect(plan.maxNodes).toBe(50);
    expect(plan.surgeQps).toBe(5000);
    // 30 % of today's 500 QPS = 150 QPS held warm: 6 GPUs at 25 QPS/GPU.
    expect(plan.spareGpus).toBe(6);
    expect(plan.forecastQps).toBeCloseTo(1492.99, 2);
    expect(plan.explanation).toContain("surge ×10 = 5000 QPS → max 50");
    expect(plan.explanation).toContain("min 7");
  });

  it("keeps one node when demand is tiny, and never lets desired fall below min", () => {
    const plan = planCapacity({ ...seed, peakQps: 1, horizonMonths: 1, qpsPerGpu: 100, gpusPerNode: 1 });
    expect(plan).toMatchObject({ minNodes: 1, desiredNodes: 1, maxNodes: 1 });
  });

  it("with no growth and no headroom, min and desired equal today's need", () => {
    const plan = planCapacity({ peakQps: 100, monthlyGrowth: 0, headroom: 0, surgeFactor: 1, horizonMonths: 12, qpsPerGpu: 10, gpusPerNode: 2 });
    expect(plan).toMatchObject({ minNodes: 5, desiredNodes: 5, maxNodes: 5, spareGpus: 0 });
  });

  it("does not round 650.0000001 QPS up into an extra GPU", () => {
    expect(nodesFor(500 * 1.3, 25, 1)).toBe(26);
    expect(nodesFor(651, 25, 1)).toBe(27);
  });
});
