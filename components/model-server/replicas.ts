/**
 * Replica bounds of a model server from its pool's capacity plan, as a pure
 * function beside `planCapacity` (components/gpu-node-pool/capacity.ts),
 * reading the same planning inputs so replica bounds and node bounds cannot
 * disagree. Pulumi-free.
 *
 * - Minimum: always-on replicas serve today's peak. The plan's headroom GPUs
 *   stay with the preemptible placeholder pods (components/gpu-headroom),
 *   which a new replica evicts at once, so they are not counted here.
 * - Maximum: the surge's GPUs, rounded up to whole replicas, but no more
 *   replicas than the pool's largest size holds (a replica's GPUs sit on one
 *   node: `floor(GPUs per node ÷ GPUs per replica)` replicas per node).
 */
import type { TrafficForecast } from "../gpu-node-pool/capacity";

/** What the bounds are computed from: the pool's planning inputs and its largest size. */
export interface ReplicaPlanInputs extends Pick<TrafficForecast, "peakQps" | "qpsPerGpu" | "surgeFactor" | "gpusPerNode"> {
  /** Most nodes the pool may grow to (the plan's maxNodes, overrides applied). */
  maxNodes: number;
  /** GPUs one replica takes (its tensor-parallel size). */
  gpusPerReplica: number;
}

/** Bounds for the replica autoscaler, or why there are none. */
export type ReplicaPlan =
  | { ok: true; min: number; max: number; explanation: string }
  | { ok: false; reason: string };

/** GPUs needed to serve `qps` at `qpsPerGpu`, float noise (650.0000000001) rounded away first. */
function gpusFor(qps: number, qpsPerGpu: number): number {
  return Math.ceil(Number((qps / qpsPerGpu).toFixed(6)));
}

/** Min and max replicas of one model server on its pool; refuses min < 1, max ≤ min and impossible inputs. */
export function planReplicas(i: ReplicaPlanInputs): ReplicaPlan {
  const wholes: Array<[string, number]> = [["gpusPerNode", i.gpusPerNode], ["maxNodes", i.maxNodes], ["gpusPerReplica", i.gpusPerReplica]];
  for (const [key, value] of wholes) {
    if (!Number.isInteger(value) || value < 1) return { ok: false, reason: `${key} ${value} is not a whole number ≥ 1` };
  }
  if (!(i.qpsPerGpu > 0)) return { ok: false, reason: `qpsPerGpu ${i.qpsPerGpu} is not > 0` };
  if (i.gpusPerReplica > i.gpusPerNode) {
    return { ok: false, reason: `a replica needs ${i.gpusPerReplica} GPUs on one node, the pool's nodes have ${i.gpusPerNode}` };
  }

  const peakGpus = gpusFor(i.peakQps, i.qpsPerGpu);
  const surgeGpus = gpusFor(i.peakQps * i.surgeFactor, i.qpsPerGpu);
  const min = Math.ceil(peakGpus / i.gpusPerReplica);
  const fitting = i.maxNodes * Math.floor(i.gpusPerNode / i.gpusPerReplica);
  const max = Math.min(Math.ceil(surgeGpus / i.gpusPerReplica), fitting);
  const explanation =
    `peak ${i.peakQps} QPS ÷ ${i.qpsPerGpu} QPS/GPU = ${peakGpus} GPU(s) → min ${min}; ` +
    `surge ×${i.surgeFactor} = ${surgeGpus} GPU(s), ${fitting} replica(s) fit in ${i.maxNodes} node(s) × ${i.gpusPerNode} GPU(s) → max ${max}; ` +
    `${i.gpusPerReplica} GPU(s) per replica`;

  if (min < 1) return { ok: false, reason: `min ${min} replicas: today's peak (${i.peakQps} QPS) needs no GPU; a model server keeps at least 1 replica (${explanation})` };
  if (max <= min) {
    const why = fitting <= min ? `the pool's ${i.maxNodes} node(s) hold only ${fitting} replica(s)` : `the surge (×${i.surgeFactor}) adds no replica`;
    return { ok: false, reason: `max ${max} is not above min ${min}: ${why}, so the autoscaler could never add a replica (${explanation})` };
  }
  return { ok: true, min, max, explanation };
}
