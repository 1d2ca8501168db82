/**
 * What the region's model servers are sized to, from the same capacity plan
 * as their GPU pools (components/region/capacity.ts), so replica bounds and
 * node bounds can never disagree; and the rules a region's `serving:` section
 * must keep. Pure: RegionalPlatform and the stack file's check both run it.
 */
import type { SettingsProblem } from "../lib/contract";
import { gpusPerInstance } from "../gpu-node-pool/offerings";
import { simulateSurge, type SurgeReport } from "../gpu-node-pool/surge";
import { serverNames } from "../model-server/contract";
import { planReplicas, type ReplicaPlan } from "../model-server/replicas";
import type { CapacityPlanning, PlannedPool } from "./capacity";
import type { RegionConfig } from "./contract";

/** One model server of the region with its pool and replica bounds. */
export interface PlannedServer {
  placement: RegionConfig["serving"]["models"][number];
  /** Index of the placement in `serving.models`. */
  index: number;
  /** Its pool's settings, or undefined when the pool does not exist. */
  pool?: RegionConfig["gpuPools"][number];
  /** GPUs on one node of the pool. */
  gpusPerNode: number;
  replicas: ReplicaPlan;
}

/** Plans every model server of the region on its pool's share of the region's traffic, from the pools' plan. */
export function planServing(config: RegionConfig, pools: ReadonlyArray<PlannedPool<RegionConfig["gpuPools"][number]>>, planning: CapacityPlanning): PlannedServer[] {
  const surgeFactor = config.traffic.surgeFactor ?? planning.surgeFactor;
  return config.serving.models.map((placement, index) => {
    const planned = pools.find((p) => p.pool.name === placement.pool);
    if (!planned) return { placement, index, gpusPerNode: 0, replicas: { ok: false, reason: "no pool" } };
    const { pool, plan } = planned;
    const gpusPerNode = pool.gpusPerNode ?? gpusPerInstance(pool.instanceTypes[0]!);
    const peakQps = (config.traffic.peakQps * pool.trafficSharePercent / 100) * placement.poolSharePercent / 100;
    const replicas = planReplicas({
      peakQps, qpsPerGpu: pool.qpsPerGpu, surgeFactor, gpusPerNode, gpusPerReplica: placement.tensorParallelSize,
      // The placement's share of the pool's largest size: servers sharing a pool never plan past it together.
      maxNodes: Math.max(1, Math.floor(plan.maxNodes * placement.poolSharePercent / 100)),
    });
    return { placement, index, pool, gpusPerNode, replicas };
  });
}

/** Rules of a region's `serving:` section that need its pools and plan; paths are relative to the region. */
export function servingProblems(config: RegionConfig, servers: readonly PlannedServer[]): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const at = (i: number, key: string) => ["serving", "models", i, key];
  const poolNames = config.gpuPools.map((p) => p.name);
  const sharePerPool = new Map<string, number>();
  const names = new Map<string, number>();
  for (const { placement, index, pool, gpusPerNode, replicas } of servers) {
    const name = serverNames(placement.modelName, placement.tier).stable;
    const first = names.get(name);
    if (first !== undefined) problems.push({ path: at(index, "tier"), message: `models[${first}] already serves ${placement.modelName} at tier ${placement.tier}: one server per model and tier` });
    else names.set(name, index);
    if (!pool) {
      problems.push({ path: at(index, "pool"), message: `no GPU pool "${placement.pool}" in this region; pools: ${poolNames.join(", ")}` });
      continue;
    }
    sharePerPool.set(pool.name, (sharePerPool.get(pool.name) ?? 0) + placement.poolSharePercent);
    if (placement.tensorParallelSize > gpusPerNode) {
      problems.push({ path: at(index, "tensorParallelSize"), message: `${placement.tensorParallelSize} GPUs per replica do not fit on one node of pool ${pool.name} (${gpusPerNode} GPUs per node)` });
    } else if (!replicas.ok) {
      problems.push({ path: at(index, "poolSharePercent"), message: replicas.reason });
    }
  }
  // The front door routes by client tier, not by model (the model is in the request body): one server per tier it routes to.
  for (const tier of ["premium", "batch", "standard"] as const) {
    const of = servers.filter((s) => s.placement.tier === tier);
    if (of.length > 1 && of[1]!.placement.modelName !== of[0]!.placement.modelName) problems.push({ path: at(of[1]!.index, "tier"), message: `models[${of[0]!.index}] already serves tier ${tier}: the front door sends a tier's clients to one model server` });
  }
  for (const [pool, share] of sharePerPool) {
    if (share > 100 + 1e-9) problems.push({ path: ["serving", "models"], message: `the model servers on pool ${pool} take ${share} % of it together; at most 100` });
  }
  return problems;
}

/**
 * The seed's surge on each pool that has model servers, with the always-on
 * replicas those servers really keep (the sum of their minimums) and their
 * GPUs per replica. Servers of different sizes on one pool are counted in
 * replicas of the largest size, rounded down (the cautious side).
 */
export function planSurges(config: RegionConfig, capacity: ReadonlyArray<PlannedPool<RegionConfig["gpuPools"][number]>>, servers: readonly PlannedServer[]): Record<string, SurgeReport> {
  const surges: Record<string, SurgeReport> = {};
  for (const { pool, plan } of capacity) {
    const onPool = servers.filter((s) => s.pool?.name === pool.name && s.replicas.ok);
    if (onPool.length === 0) continue;
    const gpusPerReplica = Math.max(...onPool.map((s) => s.placement.tensorParallelSize));
    const alwaysOnGpus = onPool.reduce((sum, s) => sum + (s.replicas.ok ? s.replicas.min : 0) * s.placement.tensorParallelSize, 0);
    surges[pool.name] = simulateSurge({
      peakQps: (config.traffic.peakQps * pool.trafficSharePercent) / 100,
      qpsPerGpu: pool.qpsPerGpu,
      gpusPerNode: onPool[0]!.gpusPerNode,
      plan,
      minReplicas: Math.max(1, Math.floor(alwaysOnGpus / gpusPerReplica)),
    }, { gpusPerReplica });
  }
  return surges;
}
