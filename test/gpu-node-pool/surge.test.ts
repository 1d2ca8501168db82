import { describe, expect, it } from "vitest";
import { simulateSurge, SURGE_DEFAULTS, SURGE_DEFAULTS_RECORDED, type SurgeAssumptions, type SurgePool } from "../../components/gpu-node-pool/surge";
import { planRegion } from "../../components/region";
import { parseStackFile } from "../support/config";

/** Every reaction time zero: each case below sets only the delays it is about. */
const instant: Partial<SurgeAssumptions> = {
  metricsScrapeSeconds: 0, kedaPollingSeconds: 0, hpaSyncSeconds: 0, clusterAutoscalerScanSeconds: 0,
  nodeBootSeconds: 0, nodeJoinSeconds: 0, imagePullSeconds: 0, warmImagePullSeconds: 0, weightLoadSeconds: 0, readinessSeconds: 0,
};

/** 10 QPS today on one 10-QPS GPU, 20 QPS in the surge, room for one more replica on a new node. */
const smallPool: SurgePool = { peakQps: 10, qpsPerGpu: 10, gpusPerNode: 2, plan: { surgeQps: 20, spareGpus: 0, maxNodes: 1 } };
/** No headroom, a node that boots in 2 minutes, a 3-minute surge watched for 6 minutes. */
const slowBoot: Partial<SurgeAssumptions> = { ...instant, nodeBootSeconds: 120, premiumSharePercent: 25, surgeMinutes: 3, simulatedMinutes: 6 };

describe("simulateSurge", () => {
  it("queues and sheds nothing when the always-on replicas already cover the surge", () => {
    // 100 QPS = 10 replicas of 10 QPS, before and during the "surge": 20 % premium = 20 QPS, free 80 QPS.
    const r = simulateSurge({ peakQps: 100, qpsPerGpu: 10, gpusPerNode: 4, plan: { surgeQps: 100, spareGpus: 0, maxNodes: 3 } },
      { ...instant, surgeMinutes: 1, simulatedMinutes: 2 });
    expect(r.replicas).toEqual({ alwaysOn: 10, warm: 0, cold: 0, max: 10, premiumSafe: 2 });
    expect(r.premium).toEqual({ served: 20 * 120, queued: 0, shed: 0 });
    expect(r.free).toEqual({ served: 80 * 120, queued: 0, shed: 0 });
    expect(r).toMatchObject({ matchedAtSeconds: 0, peakQueueDepth: 0, queueDrainedAtSeconds: null });
    expect(r.minutes.map((m) => m.queueDepth)).toEqual([0, 0]);
    expect(r.explanation).toContain("premium shed 0; free queued 0 (peak 0 of 5,000,000), shed 0; capacity matches demand at 0m00s, queue never used");
  });

  it("without headroom and with a slow boot, queues free traffic while the node boots, then drains it", () => {
    // 0–120 s: capacity 10 QPS, premium 5 served, free 15: 5 served, 10/s queued → 1200.
    // 120–180 s: 2 replicas = 20 QPS = demand, the queue holds. From 180 s demand is 10: 10/s drain → empty at 300 s.
    const r = simulateSurge(smallPool, slowBoot);
    expect(r.replicas).toEqual({ alwaysOn: 1, warm: 0, cold: 1, max: 2, premiumSafe: 1 });
    expect(r.timeline).toEqual({ scaleDecision: 0, warmServing: null, coldServing: 120 });
    expect(r.premium).toEqual({ served: 5 * 180 + 2.5 * 180, queued: 0, shed: 0 });
    expect(r.free).toEqual({ served: 15 * 180 + 7.5 * 180, queued: 1200, shed: 0 });
    expect(r).toMatchObject({ matchedAtSeconds: 120, peakQueueDepth: 1200, queueDrainedAtSeconds: 300 });
    expect(r.minutes.map((m) => [m.capacityQps, m.free.served, m.free.queued, m.queueDepth])).toEqual([
      [10, 300, 600, 600], [10, 300, 600, 1200], [20, 900, 0, 1200], [20, 450 + 600, 0, 600], [20, 450 + 600, 0, 0], [20, 450, 0, 0],
    ]);
    expect(r.explanation).toContain("1 always-on = 10 QPS at 0m00s, +1 on new nodes by 2m00s = 2 (20 QPS)");
    expect(r.explanation).toContain("capacity matches demand at 2m00s, queue drained at 5m00s");
  });

  it("drops free requests only past the queue bound", () => {
    // Same step, bound 1000: full at 100 s, the next 20 s (10/s) are dropped; 1000 drain at 10/s from 180 s.
    const r = simulateSurge(smallPool, { ...slowBoot, queueBoundRequests: 1000 });
    expect(r.free).toMatchObject({ queued: 1000, shed: 200 });
    expect(r.premium.shed).toBe(0);
    expect(r).toMatchObject({ peakQueueDepth: 1000, queueDrainedAtSeconds: 280 });
  });

  it("sheds premium only when premium alone exceeds capacity", () => {
    // 80 % premium: 16 QPS premium on 10 QPS for 120 s → 6/s shed = 720; free 4/s all queued = 480.
    const r = simulateSurge(smallPool, { ...slowBoot, premiumSharePercent: 80 });
    expect(r.premium).toEqual({ served: 10 * 120 + 16 * 60 + 8 * 180, queued: 0, shed: 720 });
    expect(r.free).toMatchObject({ queued: 480, shed: 0 });
    expect(r.minutes[0]!.premium).toEqual({ served: 600, queued: 0, shed: 360 });
    // 16 QPS premium needs 2 always-on replicas of 10 QPS; with them premium is whole.
    expect(r.replicas.premiumSafe).toBe(2);
    expect(r.explanation).toContain("premium shed 720 (none with ≥ 2 always-on)");
    expect(simulateSurge({ ...smallPool, minReplicas: 2 }, { ...slowBoot, premiumSharePercent: 80 }).premium.shed).toBe(0);
  });

  it("counts placeholder GPUs only once a replica evicted one and started", () => {
    // Decision at 15+30+15 = 60 s; warm replica serves at 60+30+30 = 120 s; the new node's at 60+600+30+30 = 720 s.
    const r = simulateSurge({ peakQps: 10, qpsPerGpu: 10, gpusPerNode: 4, plan: { surgeQps: 30, spareGpus: 1, maxNodes: 1 } },
      { ...instant, metricsScrapeSeconds: 15, kedaPollingSeconds: 30, hpaSyncSeconds: 15, nodeBootSeconds: 600, weightLoadSeconds: 30, readinessSeconds: 30, simulatedMinutes: 13, surgeMinutes: 13 });
    expect(r.replicas).toEqual({ alwaysOn: 1, warm: 1, cold: 1, max: 3, premiumSafe: 1 });
    expect(r.timeline).toEqual({ scaleDecision: 60, warmServing: 120, coldServing: 720 });
    expect(r.minutes.map((m) => m.capacityQps)).toEqual([10, 10, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 30]);
    expect(r.matchedAtSeconds).toBe(720);
  });

  it("adds replicas at the HPA policy's pace: double or +4 per period, whichever is more", () => {
    // Decision at 15 s: 1 → 5 (+4 beats ×2), serving at 15+60 = 75 s; at 30 s: 5 → 10, serving at 90 s.
    const r = simulateSurge({ peakQps: 10, qpsPerGpu: 10, gpusPerNode: 10, plan: { surgeQps: 100, spareGpus: 0, maxNodes: 1 } },
      { ...instant, hpaSyncSeconds: 15, nodeBootSeconds: 60, surgeMinutes: 2, simulatedMinutes: 2 });
    // Premium 2 QPS doubles to 4: one always-on replica holds it.
    expect(r.replicas).toEqual({ alwaysOn: 1, warm: 0, cold: 9, max: 10, premiumSafe: 1 });
    expect(r.timeline).toEqual({ scaleDecision: 15, warmServing: null, coldServing: 90 });
    // Minute 0 is all at 10 QPS: the first wave serves at 75 s.
    expect(r.minutes.map((m) => m.capacityQps)).toEqual([10, 100]);
    // Minute 1: 15 s at 10, 15 s at 50, 30 s at 100 QPS served of 100 QPS demand.
    expect(r.minutes[1]!.premium.served + r.minutes[1]!.free.served).toBe(15 * 10 + 15 * 50 + 30 * 100);
    expect(r.matchedAtSeconds).toBe(90);
  });

  it("never matches demand when the node ceiling is below the surge", () => {
    const r = simulateSurge({ ...smallPool, gpusPerNode: 1 }, { ...slowBoot, surgeMinutes: 6 });
    expect(r.replicas).toEqual({ alwaysOn: 1, warm: 0, cold: 0, max: 1, premiumSafe: 1 });
    expect(r).toMatchObject({ matchedAtSeconds: null, queueDrainedAtSeconds: null, peakQueueDepth: 10 * 360 });
    expect(r.explanation).toContain("capacity never matches demand, queue not drained in 6 min");
  });

  it("refuses bad inputs with one error naming each", () => {
    expect(() => simulateSurge({ ...smallPool, minReplicas: 0 }, { gpusPerReplica: 4, premiumSharePercent: 120 })).toThrow(
      new RangeError("simulateSurge: minReplicas: 0 (a whole number ≥ 1); gpusPerReplica: 4 (1 to the pool's 2 GPUs per node); premiumSharePercent: 120 (0 to 100)"));
    expect(() => simulateSurge(smallPool, { surgeMinutes: 200 })).toThrow("surgeMinutes: 200 (1 to simulatedMinutes (120))");
  });

  it("gives every default a source and uses the defaults unless told otherwise", () => {
    expect(SURGE_DEFAULTS_RECORDED).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const [key, figure] of Object.entries(SURGE_DEFAULTS)) expect(figure.source.length, key).toBeGreaterThan(20);
    const r = simulateSurge(smallPool, { premiumSharePercent: 30 });
    expect(r.assumptions).toEqual({ ...Object.fromEntries(Object.entries(SURGE_DEFAULTS).map(([k, f]) => [k, f.value])), premiumSharePercent: 30 });
    expect(r.minutes).toHaveLength(SURGE_DEFAULTS.simulatedMinutes.value);
  });
});

describe("the surge's premium share", () => {
  // 100 → 1000 QPS (×10) on one always-on replica of 100 QPS, new nodes never arrive in the window: only the split matters.
  const step: SurgePool = { peakQps: 100, qpsPerGpu: 100, gpusPerNode: 1, plan: { surgeQps: 1000, spareGpus: 0, maxNodes: 1 } };
  const watch = { ...instant, surgeMinutes: 1, simulatedMinutes: 1 };

  it("grows premium by its own factor and gives the free tier the rest of the step", () => {
    // Premium 20 → 40 QPS, all served; free 960 QPS: 60 served, 900/s queued.
    const r = simulateSurge(step, watch);
    expect(r.demand).toEqual({ peakQps: 100, surgeQps: 1000, premiumPeakQps: 20, premiumSurgeQps: 40 });
    expect(r.premium).toEqual({ served: 40 * 60, queued: 0, shed: 0 });
    expect(r.free).toEqual({ served: 60 * 60, queued: 900 * 60, shed: 0 });
    expect(r.explanation).toContain("step 100 → 1000 QPS (premium 20 → 40) at 100 QPS/replica");
  });

  it("sheds premium when premium surges with the rest, and says how many always-on replicas would hold it", () => {
    // Premium ×10 = 200 QPS on 100 QPS: 100/s shed; two always-on replicas hold it.
    const r = simulateSurge(step, { ...watch, premiumSurgeFactor: 10 });
    expect(r.premium).toEqual({ served: 100 * 60, queued: 0, shed: 100 * 60 });
    expect(r.replicas.premiumSafe).toBe(2);
    expect(r.explanation).toContain("premium shed 6,000 (none with ≥ 2 always-on)");
    expect(simulateSurge({ ...step, minReplicas: 2, plan: { ...step.plan, maxNodes: 2 } }, { ...watch, premiumSurgeFactor: 10 }).premium.shed).toBe(0);
  });

  it("never grows premium past the pool's own surge, nor shrinks it", () => {
    expect(simulateSurge(step, { ...watch, premiumSurgeFactor: 50 }).demand.premiumSurgeQps).toBe(200);
    expect(() => simulateSurge(step, { premiumSurgeFactor: 0.5 })).toThrow("premiumSurgeFactor: 0.5 (a number ≥ 1 (premium does not fall in a surge))");
  });
});

describe("the prod stack under the seed's surge (as the plan prints it)", () => {
  const prod = parseStackFile("prod");
  const regions = prod.regions.map((region) => ({ region, plan: planRegion(region, prod, prod.environment) }));
  const pools = regions.flatMap(({ region, plan }) => Object.entries(plan.surges).map(([pool, surge]) => ({ name: `${region.name}/${pool}`, surge })));

  it("plays every GPU pool of both regions, from the seed's 500 to 5000 QPS in China", () => {
    expect(pools.map((p) => p.name)).toEqual(["china/g5-12xl", "china/g4dn-12xl", "frankfurt/g6e-12xl"]);
    const china = pools.filter((p) => p.name.startsWith("china/"));
    expect(china.reduce((sum, p) => sum + p.surge.demand.peakQps, 0)).toBe(500);
    expect(china.reduce((sum, p) => sum + p.surge.demand.surgeQps, 0)).toBe(5000);
  });

  it("starts from the always-on replicas the region's model servers keep", () => {
    for (const { region, plan } of regions) {
      for (const [pool, surge] of Object.entries(plan.surges)) {
        const mins = plan.servers.filter((s) => s.pool?.name === pool).map((s) => (s.replicas.ok ? s.replicas.min : 0));
        expect(surge.replicas.alwaysOn, `${region.name}/${pool}`).toBe(mins.reduce((a, b) => a + b, 0));
      }
    }
  });

  it.each(pools)("$name: premium is never shed; free requests are queued, not dropped", ({ surge }) => {
    expect(surge.premium.shed, surge.explanation).toBe(0);
    expect(surge.free.queued, surge.explanation).toBeGreaterThan(0);
    expect(surge.free.shed, surge.explanation).toBe(0);
    expect(surge.queueDrainedAtSeconds, surge.explanation).not.toBeNull();
  });

  it("keeps each region's queued requests together within one requests topic's bound", () => {
    for (const { region, plan } of regions) {
      const peak = Object.values(plan.surges).reduce((sum, s) => sum + s.peakQueueDepth, 0);
      expect(peak, region.name).toBeLessThanOrEqual(SURGE_DEFAULTS.queueBoundRequests.value);
    }
  });
});
