/**
 * The surge model: what happens, second by second, when a pool's demand steps
 * from today's peak to the surge (the seed's 500 → 5000 QPS), holds there for
 * `surgeMinutes`, then falls back. Pure (no Pulumi), beside `planCapacity`,
 * whose plan it takes as given.
 *
 * The step is the free tier's: the seed's surge is an e-commerce recommender's
 * traffic during a promotion, and the seed weighs recommendation with free
 * (10), not with premium/payment (100). Premium traffic grows by its own,
 * smaller factor (`premiumSurgeFactor`); the free tier takes the rest.
 *
 * Capacity at the step is the always-on replicas. Placeholder GPUs (the plan's
 * `spareGpus`) serve only once a replica evicted a placeholder and started;
 * the rest of the surge waits for new nodes. Premium is served first and shed
 * only when premium alone exceeds capacity; free overflow goes to Kafka up to
 * a bound, and drains when capacity exceeds demand.
 */
import type { CapacityPlan, TrafficForecast } from "./capacity";

/** A default of the model and where it comes from. */
export interface SourcedFigure {
  value: number;
  source: string;
}

/** When the figures below were last checked against their sources. */
export const SURGE_DEFAULTS_RECORDED = "2026-11-29";

/** Every assumption of the model, each with its default and source. */
export const SURGE_DEFAULTS = {
  gpusPerReplica: { value: 1, source: "issue #8: GPUs per replica = tensor-parallel size ≤ GPUs per node; the pools' qpsPerGpu are per GPU and a 7–8B model in 16 bits (~16 GB) fits one A10G (g5, 24 GB) or L40S (g6e, 48 GB)" },
  premiumSharePercent: { value: 20, source: "assumption, premium's share of today's peak: the seed gives weights (premium/payment 100 : free/recommendation 10), not shares. Paying users are a minority of users who use the service more; 20 % is the Pareto split and errs towards premium, the tier that must never be shed (a larger share is the harder case for it)" },
  premiumSurgeFactor: { value: 2, source: "assumption: the seed's 500 → 5000 QPS surge is an e-commerce recommender's during a promotion, traffic the seed weighs as free/recommendation (10), not premium/payment (100). Paying users' number does not change within an hour, but each may pay more often in a promotion: premium is taken to double, a margin the seed does not state (never above the pool's own surge factor)" },
  queueBoundRequests: { value: 5_000_000, source: "setting: ≈ 20 GiB of the inference-requests topic at 4 KiB a request, 60 GiB with replication factor 3 (components/kafka), under a tenth of the smallest prod Kafka (Frankfurt: 3 brokers × 500 GiB)" },
  surgeMinutes: { value: 60, source: "assumption: the seed's promotion surge has no stated length; an hour, then demand returns to today's peak so the queue can drain" },
  simulatedMinutes: { value: 120, source: "the surge plus as long again, to see the queue drain" },
  metricsScrapeSeconds: { value: 15, source: "components/model-server: each server's PodMonitor scrapes every 15 s (vllm:num_requests_waiting is up to this old)" },
  kedaPollingSeconds: { value: 15, source: "components/model-server: ScaledObject pollingInterval default 15 s (KEDA's own default is 30 s); with min ≥ 1 replica the HPA reads KEDA's metrics adapter itself, so this bound is conservative" },
  hpaSyncSeconds: { value: 15, source: "kube-controller-manager --horizontal-pod-autoscaler-sync-period default 15 s; scale-up without stabilisation (issue #8 point 3); also the period of the scale-up policies below" },
  hpaScaleUpPercent: { value: 100, source: "components/model-server scale-up policy, the same as the HPA default: add 100 % of the current replicas or 4 pods per 15 s, whichever is more (selectPolicy Max)" },
  hpaScaleUpPods: { value: 4, source: "as hpaScaleUpPercent: at least 4 pods per 15 s" },
  clusterAutoscalerScanSeconds: { value: 10, source: "Cluster Autoscaler --scan-interval default 10 s (components/cluster-autoscaler does not change it)" },
  nodeBootSeconds: { value: 150, source: "estimate: EC2 GPU instance launch and AL2023 NVIDIA AMI boot to kubelet registration, 2–3 min (awslabs/amazon-eks-ami#1751 on AL2023 start-up); measure on the first prod scale-up" },
  nodeJoinSeconds: { value: 45, source: "estimate: node Ready (VPC CNI) and the NVIDIA device plugin advertising nvidia.com/gpu" },
  imagePullSeconds: { value: 180, source: "vllm/vllm-openai is ~12.6 GB compressed, ~28 GB unpacked (vllm-project/vllm#27154, #22377); AWS: pulling and extracting such images from ECR 'can take several minutes' (AWS containers blog, Bottlerocket data volume)" },
  warmImagePullSeconds: { value: 0, source: "placeholders sit on the always-on nodes, whose always-on replicas keep the vLLM image there (prod: 16 replicas on 6 nodes, 9 on 3, 10 on 4); kubelet never collects an image in use" },
  weightLoadSeconds: { value: 30, source: "Run:ai Model Streamer from S3 (vLLM --load-format runai_streamer): an 8B model (~15 GB) loads in 14.3 s from gp3 on a g5.12xlarge (NVIDIA/Run:ai benchmark, 2024-10-29); twice that for S3 in the region" },
  readinessSeconds: { value: 210, source: "vLLM engine start without a compile cache, Llama-3.1-8B on L40S: bytecode 10 s + graph compile 42 s + CUDA graph capture 54 s + engine init and imports 94 s (tensorfuse.io, reducing GPU cold start), plus a 10 s readiness probe period" },
} as const satisfies Record<string, SourcedFigure>;

/** The assumptions as plain numbers (what a caller may override). */
export type SurgeAssumptions = { -readonly [K in keyof typeof SURGE_DEFAULTS]: number };

/** The pool under the surge: planCapacity's inputs that matter here, and its plan. */
export interface SurgePool extends Pick<TrafficForecast, "peakQps" | "qpsPerGpu" | "gpusPerNode"> {
  /** The pool's plan (with any stack-file overrides applied). */
  plan: Pick<CapacityPlan, "surgeQps" | "spareGpus" | "maxNodes">;
  /** The model server's minimum replicas. @default today's peak GPUs ÷ GPUs per replica (ISSUE-NOTES #8) */
  minReplicas?: number;
}

/** Requests of one tier. `queued` counts requests written to Kafka; they are served later (part of `served`) or are still queued at the end. */
export interface TierCounts {
  served: number;
  queued: number;
  shed: number;
}

/** One minute after the step. */
export interface SurgeMinute {
  /** Minutes since the step, from 0. */
  minute: number;
  /** Serving capacity at the end of the minute. */
  capacityQps: number;
  premium: TierCounts;
  free: TierCounts;
  /** Free requests waiting in Kafka at the end of the minute. */
  queueDepth: number;
}

/** What the step does to one pool. */
export interface SurgeReport {
  assumptions: SurgeAssumptions;
  /** Demand before and during the surge, and the premium part of each. */
  demand: { peakQps: number; surgeQps: number; premiumPeakQps: number; premiumSurgeQps: number };
  /**
   * Replicas: serving at the step, started on placeholder GPUs, started on new
   * nodes, the ceiling; and the always-on replicas premium needs never to be shed.
   */
  replicas: { alwaysOn: number; warm: number; cold: number; max: number; premiumSafe: number };
  /**
   * Seconds after the step: the HPA first acts; the last replica on placeholder
   * GPUs serves; the last replica on a new node serves (null when there is none).
   */
  timeline: { scaleDecision: number; warmServing: number | null; coldServing: number | null };
  /** Totals over the simulated window. */
  premium: TierCounts;
  free: TierCounts;
  /** Seconds until capacity first covers demand; null if it never does in the window. */
  matchedAtSeconds: number | null;
  /** Most free requests waiting in Kafka at once. */
  peakQueueDepth: number;
  /** Seconds until the queue is empty again; null if it is still non-empty at the end. */
  queueDrainedAtSeconds: number | null;
  minutes: SurgeMinute[];
  /** One line a person can check by hand. */
  explanation: string;
}

const WHOLE = new Set<keyof SurgeAssumptions>(["gpusPerReplica", "queueBoundRequests", "surgeMinutes", "simulatedMinutes", "hpaScaleUpPods"]);

/** Every problem with the inputs, as `name: value (what is allowed)`. */
function surgeProblems(pool: SurgePool, a: SurgeAssumptions): string[] {
  const problems: string[] = [];
  const check = (name: string, value: number, ok: boolean, allowed: string) => { if (!ok) problems.push(`${name}: ${value} (${allowed})`); };
  check("peakQps", pool.peakQps, pool.peakQps > 0, "must be > 0");
  check("qpsPerGpu", pool.qpsPerGpu, pool.qpsPerGpu > 0, "must be > 0");
  check("gpusPerNode", pool.gpusPerNode, Number.isInteger(pool.gpusPerNode) && pool.gpusPerNode >= 1, "a whole number ≥ 1");
  check("plan.surgeQps", pool.plan.surgeQps, pool.plan.surgeQps >= pool.peakQps, "at least peakQps");
  check("plan.spareGpus", pool.plan.spareGpus, Number.isInteger(pool.plan.spareGpus) && pool.plan.spareGpus >= 0, "a whole number ≥ 0");
  check("plan.maxNodes", pool.plan.maxNodes, Number.isInteger(pool.plan.maxNodes) && pool.plan.maxNodes >= 1, "a whole number ≥ 1");
  if (pool.minReplicas !== undefined) check("minReplicas", pool.minReplicas, Number.isInteger(pool.minReplicas) && pool.minReplicas >= 1, "a whole number ≥ 1");
  for (const [key, value] of Object.entries(a) as Array<[keyof SurgeAssumptions, number]>) {
    check(key, value, Number.isFinite(value) && value >= 0 && (!WHOLE.has(key) || Number.isInteger(value)), WHOLE.has(key) ? "a whole number ≥ 0" : "a number ≥ 0");
  }
  check("gpusPerReplica", a.gpusPerReplica, a.gpusPerReplica >= 1 && a.gpusPerReplica <= pool.gpusPerNode, `1 to the pool's ${pool.gpusPerNode} GPUs per node`);
  check("hpaScaleUpPods", a.hpaScaleUpPods, a.hpaScaleUpPods >= 1, "a whole number ≥ 1");
  check("premiumSharePercent", a.premiumSharePercent, a.premiumSharePercent <= 100, "0 to 100");
  check("premiumSurgeFactor", a.premiumSurgeFactor, a.premiumSurgeFactor >= 1, "a number ≥ 1 (premium does not fall in a surge)");
  check("surgeMinutes", a.surgeMinutes, a.surgeMinutes >= 1 && a.surgeMinutes <= a.simulatedMinutes, `1 to simulatedMinutes (${a.simulatedMinutes})`);
  return problems;
}

/** Whole GPUs for `qps`, without turning float noise (650.0000001) into an extra GPU. */
const gpusFor = (qps: number, qpsPerGpu: number): number => Math.ceil(Number((qps / qpsPerGpu).toFixed(6)));

const round1 = (x: number): number => Math.round(x * 10) / 10;
const clock = (seconds: number): string => `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
const count = (n: number): string => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const tally = (): TierCounts => ({ served: 0, queued: 0, shed: 0 });
const rounded = (t: TierCounts): TierCounts => ({ served: Math.round(t.served), queued: Math.round(t.queued), shed: Math.round(t.shed) });

/**
 * Simulates the step from `pool.peakQps` to `pool.plan.surgeQps`, second by
 * second, and reports it per minute and in total. Throws a RangeError listing
 * every bad input.
 */
export function simulateSurge(pool: SurgePool, overrides: Partial<SurgeAssumptions> = {}): SurgeReport {
  const defaults = Object.fromEntries(Object.entries(SURGE_DEFAULTS).map(([k, f]) => [k, f.value])) as SurgeAssumptions;
  const a: SurgeAssumptions = { ...defaults, ...overrides };
  const problems = surgeProblems(pool, a);
  if (problems.length > 0) throw new RangeError(`simulateSurge: ${problems.join("; ")}`);

  const { peakQps, qpsPerGpu, gpusPerNode, plan } = pool;
  const replicaQps = qpsPerGpu * a.gpusPerReplica;
  // Always-on replicas serve today's peak (ISSUE-NOTES #8); the maximum is the surge, within the pool's nodes.
  const alwaysOn = pool.minReplicas ?? Math.ceil(gpusFor(peakQps, qpsPerGpu) / a.gpusPerReplica);
  const nodeSlots = plan.maxNodes * Math.floor(gpusPerNode / a.gpusPerReplica);
  const max = Math.max(alwaysOn, Math.min(Math.ceil(gpusFor(plan.surgeQps, qpsPerGpu) / a.gpusPerReplica), nodeSlots));
  const warm = Math.min(max - alwaysOn, Math.floor(plan.spareGpus / a.gpusPerReplica));
  const cold = max - alwaysOn - warm;

  // The HPA acts once the metric, KEDA and its own sync have seen the step, then adds at
  // most the policy's step per period; each new replica takes a placeholder's GPUs while
  // any are left, else waits for a node.
  const scaleDecision = a.metricsScrapeSeconds + a.kedaPollingSeconds + a.hpaSyncSeconds;
  const start = a.weightLoadSeconds + a.readinessSeconds;
  const warmStart = a.warmImagePullSeconds + start;
  const coldStart = a.clusterAutoscalerScanSeconds + a.nodeBootSeconds + a.nodeJoinSeconds + a.imagePullSeconds + start;
  const arrivals: Array<{ at: number; replicas: number }> = [];
  let warmServing: number | null = null;
  let coldServing: number | null = null;
  for (let current = alwaysOn, warmLeft = warm, wave = 0; current < max; wave++) {
    const next = Math.min(max, Math.max(Math.ceil(current * (1 + a.hpaScaleUpPercent / 100)), current + a.hpaScaleUpPods));
    const at = scaleDecision + wave * a.hpaSyncSeconds;
    const onWarm = Math.min(warmLeft, next - current);
    if (onWarm > 0) {
      warmServing = at + warmStart;
      arrivals.push({ at: warmServing, replicas: onWarm });
    }
    if (next - current > onWarm) {
      coldServing = at + coldStart;
      arrivals.push({ at: coldServing, replicas: next - current - onWarm });
    }
    warmLeft -= onWarm;
    current = next;
  }
  // Replicas serving at second t: the always-on ones plus every arrival due by then (arrivals in time order).
  const due = [...arrivals].sort((x, y) => x.at - y.at);
  let serving = alwaysOn;
  let next = 0;
  const replicasAt = (t: number): number => {
    while (next < due.length && due[next]!.at <= t) serving += due[next++]!.replicas;
    return serving;
  };

  // Premium grows by its own factor, never past the pool's; the free tier takes the rest of the step.
  const premiumPeakQps = peakQps * a.premiumSharePercent / 100;
  const premiumSurgeQps = premiumPeakQps * Math.min(a.premiumSurgeFactor, plan.surgeQps / peakQps);
  const premium = tally();
  const free = tally();
  const minutes: SurgeMinute[] = [];
  let queue = 0;
  let peakQueueDepth = 0;
  let matchedAtSeconds: number | null = null;
  let queueDrainedAtSeconds: number | null = null;
  let minute = { premium: tally(), free: tally() };

  for (let t = 0; t < a.simulatedMinutes * 60; t++) {
    const surging = t < a.surgeMinutes * 60;
    const demand = surging ? plan.surgeQps : peakQps;
    const premiumDemand = surging ? premiumSurgeQps : premiumPeakQps;
    const freeDemand = demand - premiumDemand;
    const capacity = replicasAt(t) * replicaQps;
    if (matchedAtSeconds === null && capacity >= demand) matchedAtSeconds = t;

    // Premium first; it is interactive, so what capacity cannot take is shed.
    const premiumServed = Math.min(premiumDemand, capacity);
    let spare = capacity - premiumServed;
    const freeServed = Math.min(freeDemand, spare);
    spare -= freeServed;
    // Free overflow goes to Kafka while the bound allows; spare capacity drains it.
    const overflow = freeDemand - freeServed;
    const drained = Math.min(queue, spare);
    const queued = Math.min(overflow, a.queueBoundRequests - (queue - drained));
    const wasQueued = queue > 0;
    queue = queue - drained + queued;
    if (wasQueued && queue <= 1e-9) queueDrainedAtSeconds = t + 1;
    peakQueueDepth = Math.max(peakQueueDepth, queue);

    const second = {
      premium: { served: premiumServed, queued: 0, shed: premiumDemand - premiumServed },
      free: { served: freeServed + drained, queued, shed: overflow - queued },
    };
    for (const tier of ["premium", "free"] as const) {
      for (const k of ["served", "queued", "shed"] as const) {
        minute[tier][k] += second[tier][k];
        (tier === "premium" ? premium : free)[k] += second[tier][k];
      }
    }
    if ((t + 1) % 60 === 0) {
      minutes.push({ minute: (t + 1) / 60 - 1, capacityQps: capacity, premium: rounded(minute.premium), free: rounded(minute.free), queueDepth: Math.round(queue) });
      minute = { premium: tally(), free: tally() };
    }
  }
  if (queue > 1e-9) queueDrainedAtSeconds = null;

  // Any reaction time leaves the first seconds to the always-on replicas: premium is safe only if they carry it.
  const premiumSafe = Math.ceil(gpusFor(premiumSurgeQps, qpsPerGpu) / a.gpusPerReplica);
  const explanation =
    `step ${round1(peakQps)} → ${round1(plan.surgeQps)} QPS (premium ${round1(premiumPeakQps)} → ${round1(premiumSurgeQps)}) at ${round1(replicaQps)} QPS/replica: ` +
    `${alwaysOn} always-on = ${round1(alwaysOn * replicaQps)} QPS at 0m00s` +
    (warmServing !== null ? `, +${warm} on placeholder GPUs by ${clock(warmServing)}` : "") +
    (coldServing !== null ? `, +${cold} on new nodes by ${clock(coldServing)}` : "") +
    ` = ${max} (${round1(max * replicaQps)} QPS); ` +
    `premium shed ${count(premium.shed)}${premium.shed > 0 ? ` (none with ≥ ${premiumSafe} always-on)` : ""}; free queued ${count(free.queued)} (peak ${count(peakQueueDepth)} of ${count(a.queueBoundRequests)}), shed ${count(free.shed)}; ` +
    `capacity ${matchedAtSeconds === null ? "never matches demand" : `matches demand at ${clock(matchedAtSeconds)}`}, ` +
    `queue ${queueDrainedAtSeconds === null ? (peakQueueDepth > 0 ? `not drained in ${a.simulatedMinutes} min` : "never used") : `drained at ${clock(queueDrainedAtSeconds)}`}`;

  return {
    assumptions: a,
    demand: { peakQps, surgeQps: plan.surgeQps, premiumPeakQps, premiumSurgeQps },
    replicas: { alwaysOn, warm, cold, max, premiumSafe },
    timeline: { scaleDecision, warmServing, coldServing },
    premium: rounded(premium),
    free: rounded(free),
    matchedAtSeconds,
    peakQueueDepth: Math.round(peakQueueDepth),
    queueDrainedAtSeconds,
    minutes,
    explanation,
  };
}
