import { planCapacity, type CapacityPlan } from "../../components/gpu-node-pool/capacity";
import { gpusPerInstance } from "../../components/gpu-node-pool/offerings";
import type { GpuPoolConfig, RegionConfig, StackConfig } from "./schema";

/** A GPU pool's config with the node counts it is created with. */
export interface PlannedPool {
  pool: GpuPoolConfig;
  /** Planned counts, with min/max overrides from the stack file applied. */
  plan: CapacityPlan;
}

/**
 * Plans every GPU pool of a region from the region's traffic forecast (its
 * own overrides first, then the stack-wide defaults) and the pool's share.
 */
export function planRegionPools(cfg: StackConfig, region: RegionConfig): PlannedPool[] {
  return region.gpuPools.map((pool) => {
    const plan = planCapacity({
      peakQps: (region.traffic.peakQps * pool.trafficSharePercent) / 100,
      monthlyGrowth: (region.traffic.monthlyGrowthPercent ?? cfg.monthlyGrowthPercent) / 100,
      horizonMonths: cfg.planningHorizonMonths,
      headroom: (region.traffic.headroomPercent ?? cfg.headroomPercent) / 100,
      surgeFactor: region.traffic.surgeFactor ?? cfg.surgeFactor,
      qpsPerGpu: pool.qpsPerGpu,
      gpusPerNode: pool.gpusPerNode ?? gpusPerInstance(pool.instanceTypes[0]!),
    });
    const minNodes = pool.minNodes ?? plan.minNodes;
    const maxNodes = pool.maxNodes ?? plan.maxNodes;
    const desiredNodes = Math.min(maxNodes, Math.max(minNodes, plan.desiredNodes));
    const overridden = pool.minNodes !== undefined || pool.maxNodes !== undefined;
    return {
      pool,
      plan: {
        ...plan,
        minNodes,
        desiredNodes,
        maxNodes,
        explanation: overridden ? `${plan.explanation}; stack file overrides → ${minNodes}/${desiredNodes}/${maxNodes}` : plan.explanation,
      },
    };
  });
}
