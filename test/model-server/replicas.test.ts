// planReplicas by hand-checkable numbers: min serves today's peak, max the surge within the pool's largest size;
// refusals when there would be no replica, no room to grow, or a replica that fits no node.
import { describe, expect, it } from "vitest";
import { planCapacity } from "../../components/gpu-node-pool/capacity";
import { planReplicas, type ReplicaPlanInputs } from "../../components/model-server/replicas";

/** China's g5.12xlarge pool in prod: 80 % of 500 QPS, 25 QPS per A10G, 4 GPUs a node, 40 nodes at most. */
const china: ReplicaPlanInputs = { peakQps: 400, qpsPerGpu: 25, surgeFactor: 10, gpusPerNode: 4, maxNodes: 40, gpusPerReplica: 1 };

const bounds = (i: ReplicaPlanInputs) => {
  const plan = planReplicas(i);
  if (!plan.ok) throw new Error(plan.reason);
  return { min: plan.min, max: plan.max };
};
const refusal = (i: ReplicaPlanInputs) => {
  const plan = planReplicas(i);
  if (plan.ok) throw new Error(`accepted: ${plan.explanation}`);
  return plan.reason;
};

describe("planReplicas accepts", () => {
  it("one GPU per replica: 400 ÷ 25 = 16 GPUs → min 16; ×10 = 160 GPUs, 40 nodes × 4 = 160 → max 160", () => {
    expect(bounds(china)).toEqual({ min: 16, max: 160 });
  });

  it("four GPUs per replica: 16 ÷ 4 → min 4; 160 ÷ 4 → max 40 (one replica a node)", () => {
    expect(bounds({ ...china, gpusPerReplica: 4 })).toEqual({ min: 4, max: 40 });
  });

  it("rounds GPUs and replicas up: 130 ÷ 20 = 6.5 → 7 GPUs → min 4 of 2 GPUs; 1300 ÷ 20 = 65 → max 33", () => {
    expect(bounds({ peakQps: 130, qpsPerGpu: 20, surgeFactor: 10, gpusPerNode: 4, maxNodes: 17, gpusPerReplica: 2 })).toEqual({ min: 4, max: 33 });
  });

  it("caps the maximum at the replicas the pool's largest size holds: 3-GPU replicas on 4-GPU nodes fit one a node", () => {
    // 60 QPS ÷ 10 = 6 GPUs → min 2; surge 60 GPUs → 20 replicas, but 15 nodes hold 15.
    expect(bounds({ peakQps: 60, qpsPerGpu: 10, surgeFactor: 10, gpusPerNode: 4, maxNodes: 15, gpusPerReplica: 3 })).toEqual({ min: 2, max: 15 });
  });

  it("rounds float noise away before the ceiling (0.3 × 100 QPS is 30.000000000000004)", () => {
    expect(bounds({ peakQps: 0.3 * 100, qpsPerGpu: 10, surgeFactor: 2, gpusPerNode: 1, maxNodes: 10, gpusPerReplica: 1 })).toEqual({ min: 3, max: 6 });
  });

  it("explains itself in numbers a person can check", () => {
    const plan = planReplicas(china);
    expect(plan.ok && plan.explanation).toBe(
      "peak 400 QPS ÷ 25 QPS/GPU = 16 GPU(s) → min 16; surge ×10 = 160 GPU(s), 160 replica(s) fit in 40 node(s) × 4 GPU(s) → max 160; 1 GPU(s) per replica",
    );
  });
});

describe("planReplicas refuses", () => {
  it("a minimum of 0 (no traffic today)", () => {
    expect(refusal({ ...china, peakQps: 0 })).toMatch(/^min 0 replicas: today's peak \(0 QPS\) needs no GPU; a model server keeps at least 1 replica/);
  });

  it("a maximum not above the minimum because the surge adds nothing", () => {
    expect(refusal({ ...china, surgeFactor: 1 })).toMatch(/^max 16 is not above min 16: the surge \(×1\) adds no replica/);
  });

  it("a maximum not above the minimum because the pool is too small", () => {
    expect(refusal({ ...china, maxNodes: 3 })).toMatch(/^max 12 is not above min 16: the pool's 3 node\(s\) hold only 12 replica\(s\)/);
  });

  it("a replica larger than a node", () => {
    expect(refusal({ ...china, gpusPerReplica: 8 })).toBe("a replica needs 8 GPUs on one node, the pool's nodes have 4");
  });

  it("impossible inputs", () => {
    expect(refusal({ ...china, qpsPerGpu: 0 })).toBe("qpsPerGpu 0 is not > 0");
    expect(refusal({ ...china, maxNodes: 2.5 })).toBe("maxNodes 2.5 is not a whole number ≥ 1");
    expect(refusal({ ...china, gpusPerReplica: 0 })).toBe("gpusPerReplica 0 is not a whole number ≥ 1");
  });
});

describe("planReplicas beside planCapacity", () => {
  // The prod pools' own figures (Pulumi.prod.yaml): share of the region's peak, QPS per GPU, GPUs per node.
  const pools = [
    { pool: "china g5-12xl", peakQps: 400, qpsPerGpu: 25, gpusPerNode: 4 },
    { pool: "china g4dn-12xl", peakQps: 100, qpsPerGpu: 12, gpusPerNode: 4 },
    { pool: "frankfurt g6e-12xl", peakQps: 300, qpsPerGpu: 30, gpusPerNode: 4 },
  ];
  for (const p of pools) {
    for (const gpusPerReplica of [1, 2, 4]) {
      it(`${p.pool}, ${gpusPerReplica} GPU(s) a replica: max replicas fit the pool's max nodes and serve the surge`, () => {
        const plan = planCapacity({ ...p, monthlyGrowth: 0.2, horizonMonths: 6, headroom: 0.3, surgeFactor: 10 });
        const { min, max } = bounds({ ...p, surgeFactor: 10, maxNodes: plan.maxNodes, gpusPerReplica });
        expect(min).toBeGreaterThanOrEqual(1);
        expect(max).toBeGreaterThan(min);
        expect(max * gpusPerReplica).toBeLessThanOrEqual(plan.maxNodes * p.gpusPerNode);
        expect(max * gpusPerReplica * p.qpsPerGpu).toBeGreaterThanOrEqual(plan.surgeQps);
        expect(min * gpusPerReplica * p.qpsPerGpu).toBeGreaterThanOrEqual(p.peakQps);
      });
    }
  }
});
