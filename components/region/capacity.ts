/**
 * The capacity plan of a region's GPU pools, computed once per region from
 * the region's traffic (its own overrides first, then the stack-wide
 * planning figures) and each pool's share. Pure: the pools, the headroom
 * placeholders, monitoring and the stack outputs all read this one result.
 */
import { planCapacity, type CapacityPlan } from "../gpu-node-pool/capacity";
import { gpusPerInstance } from "../gpu-node-pool/offerings";

/** Stack-wide planning figures (the seed's 20 %/month growth, 30 % headroom, 10× surge). */
export interface CapacityPlanning {
  /** Demand growth per month, percent. */
  monthlyGrowthPercent: number;
  /** Spare capacity above the forecast, percent. */
  headroomPercent: number;
  /** Surge multiple of today's peak. */
  surgeFactor: number;
  /** Months ahead the GPU pools are sized for. */
  planningHorizonMonths: number;
}

/** A region's traffic, with optional per-region overrides of the planning figures. */
export interface RegionTraffic {
  peakQps: number;
  monthlyGrowthPercent?: number;
  headroomPercent?: number;
  surgeFactor?: number;
}

/** What planning needs of one pool. */
export interface PoolSizing {
  name: string;
  instanceTypes: string[];
  qpsPerGpu: number;
  gpusPerNode?: number;
  trafficSharePercent: number;
  minNodes?: number;
  maxNodes?: number;
}

/** A pool with the node counts it is created with. */
export interface PlannedPool<P extends PoolSizing = PoolSizing> {
  pool: P;
  /** Planned counts, with min/max overrides from the stack file applied. */
  plan: CapacityPlan;
}

/** Plans every GPU pool of a region. */
export function planRegionPools<P extends PoolSizing>(traffic: RegionTraffic, pools: readonly P[], planning: CapacityPlanning): Array<PlannedPool<P>> {
  return pools.map((pool) => {
    const plan = planCapacity({
      peakQps: (traffic.peakQps * pool.trafficSharePercent) / 100,
      monthlyGrowth: (traffic.monthlyGrowthPercent ?? planning.monthlyGrowthPercent) / 100,
      horizonMonths: planning.planningHorizonMonths,
      headroom: (traffic.headroomPercent ?? planning.headroomPercent) / 100,
      surgeFactor: traffic.surgeFactor ?? planning.surgeFactor,
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

/**
 * Pools whose stack-file override leaves min above max once combined with
 * the plan (e.g. only `minNodes` set above the planned maximum): the node
 * group would refuse it mid-deploy, so the region refuses it first. Paths are
 * relative to the region.
 */
export function capacityProblems(planned: ReadonlyArray<PlannedPool>): Array<{ path: Array<string | number>; message: string }> {
  return planned.flatMap(({ pool, plan }, j) => plan.minNodes > plan.maxNodes
    ? [{ path: ["gpuPools", j, pool.minNodes !== undefined ? "minNodes" : "maxNodes"], message: `min ${plan.minNodes} nodes is above max ${plan.maxNodes} (${plan.explanation})` }]
    : []);
}

/** Node counts of all pools together (what the capacity alerts compare against). */
export function totalNodes(planned: ReadonlyArray<PlannedPool>): { minNodes: number; desiredNodes: number; maxNodes: number } {
  return planned.reduce(
    (sum, { plan }) => ({ minNodes: sum.minNodes + plan.minNodes, desiredNodes: sum.desiredNodes + plan.desiredNodes, maxNodes: sum.maxNodes + plan.maxNodes }),
    { minNodes: 0, desiredNodes: 0, maxNodes: 0 },
  );
}

/** The load a region's alert thresholds derive from: its peak, and its own headroom or the stack's. */
export function regionLoad(traffic: RegionTraffic, planning: Pick<CapacityPlanning, "headroomPercent">): { peakQps: number; headroomPercent: number } {
  return { peakQps: traffic.peakQps, headroomPercent: traffic.headroomPercent ?? planning.headroomPercent };
}
