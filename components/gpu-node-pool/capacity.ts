/**
 * Capacity planning for a GPU pool, as plain functions (no Pulumi), following
 * the seed's rules: demand grows by a monthly rate, the pool keeps a headroom
 * above the forecast, and the maximum absorbs a surge (the seed's 500 → 5000 QPS).
 */

/** A region's traffic forecast and the throughput of its GPUs. */
export interface TrafficForecast {
  /** Peak requests per second served today. */
  peakQps: number;
  /** Demand growth per month as a fraction (seed: 0.20). */
  monthlyGrowth: number;
  /** Months ahead the pool is sized for. */
  horizonMonths: number;
  /** Spare capacity kept above the forecast, as a fraction (seed: 0.30). */
  headroom: number;
  /** Multiple of today's peak a sudden surge reaches (seed: 10, 500 → 5000 QPS). */
  surgeFactor: number;
  /** Sustained requests per second one GPU serves within the latency SLO. */
  qpsPerGpu: number;
  /** GPUs on one node of the pool. */
  gpusPerNode: number;
}

/** Node counts for the pool's autoscaling group, with how they were reached. */
export interface CapacityPlan {
  /** Always-on nodes: today's peak plus headroom, so no request waits for a node to boot. */
  minNodes: number;
  /** Nodes at creation: the horizon's forecast plus headroom (capacity ahead of demand). */
  desiredNodes: number;
  /** Ceiling for the autoscaler: the surge, or the forecast if that is larger. */
  maxNodes: number;
  /** Forecast peak QPS at the horizon. */
  forecastQps: number;
  /** Surge peak QPS. */
  surgeQps: number;
  /** GPUs to keep warm beyond today's need (today's peak × headroom), held by placeholder pods. */
  spareGpus: number;
  /** One line a person can check by hand. */
  explanation: string;
}

/** Nodes needed to serve `qps` at `qpsPerGpu` with `gpusPerNode` GPUs each. */
export function nodesFor(qps: number, qpsPerGpu: number, gpusPerNode: number): number {
  // Round away float noise (e.g. 650.0000000001) before taking the ceiling.
  const gpus = Math.ceil(Number((qps / qpsPerGpu).toFixed(6)));
  return Math.max(1, Math.ceil(gpus / gpusPerNode));
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Plans min / desired / max nodes for one GPU pool from its forecast. */
export function planCapacity(f: TrafficForecast): CapacityPlan {
  const baselineQps = f.peakQps * (1 + f.headroom);
  const forecastQps = f.peakQps * Math.pow(1 + f.monthlyGrowth, f.horizonMonths);
  const forecastWithHeadroom = forecastQps * (1 + f.headroom);
  const surgeQps = f.peakQps * f.surgeFactor;
  const perNode = f.qpsPerGpu * f.gpusPerNode;

  const minNodes = nodesFor(baselineQps, f.qpsPerGpu, f.gpusPerNode);
  const desiredNodes = Math.max(minNodes, nodesFor(forecastWithHeadroom, f.qpsPerGpu, f.gpusPerNode));
  const maxNodes = Math.max(desiredNodes, nodesFor(surgeQps, f.qpsPerGpu, f.gpusPerNode));
  const spareGpus = f.headroom > 0 ? Math.ceil(Number(((f.peakQps * f.headroom) / f.qpsPerGpu).toFixed(6))) : 0;

  const explanation =
    `peak ${f.peakQps} QPS × (1+${f.headroom} headroom) = ${round1(baselineQps)} → min ${minNodes}; ` +
    `× ${round1(1 + f.monthlyGrowth)}^${f.horizonMonths} months = ${round1(forecastQps)} QPS, +headroom ${round1(forecastWithHeadroom)} → desired ${desiredNodes}; ` +
    `surge ×${f.surgeFactor} = ${round1(surgeQps)} QPS → max ${maxNodes}; ` +
    `at ${perNode} QPS/node (${f.qpsPerGpu} QPS/GPU × ${f.gpusPerNode} GPU); ` +
    `${spareGpus} spare GPU(s) kept warm`;
  return { minNodes, desiredNodes, maxNodes, forecastQps, surgeQps, spareGpus, explanation };
}
