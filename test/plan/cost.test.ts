// The plan's monthly cost: prices from the recorded table, each region in its own currency,
// min ≤ desired ≤ max, unknown prices shown as unknown (never 0), and the delta of a change.
import { beforeAll, describe, expect, it } from "vitest";
import type { RenderedStack } from "../../infra/plan/harness";
import { costDelta, estimateCost, formatCost, formatCostDelta, type CostEstimate } from "../../infra/plan/cost";
import { PRICES_BY_REGION, currencyOf } from "../../infra/plan/cost/prices";
import { renderRealStack } from "../support/render";

type Pools = Record<string, { instanceTypes: string[]; capacityType: string; minNodes: number; desiredNodes: number; maxNodes: number }>;

let prod: RenderedStack;
let cost: CostEstimate;

/** A copy of the prod render with `edit` applied to one region's outputs. */
function editedRegion(name: string, edit: (region: Record<string, unknown>) => void): RenderedStack {
  const copy = structuredClone(prod);
  edit((copy.outputs.regions as Record<string, Record<string, unknown>>)[name]!);
  return copy;
}

const poolsOf = (region: Record<string, unknown>) => region.gpuPools as Pools;
const lineOf = (e: CostEstimate, region: string, item: string) => e.regions[region]!.lines.find((l) => l.item.startsWith(item))!;

beforeAll(async () => {
  prod = await renderRealStack("prod");
  cost = estimateCost(prod);
});

describe("estimateCost on the real prod plan", () => {
  it("prices China in CNY and Frankfurt and the global DNS in USD", () => {
    expect(cost.regions.china).toMatchObject({ awsRegion: "cn-north-1", currency: "CNY" });
    expect(cost.regions.frankfurt).toMatchObject({ awsRegion: "eu-central-1", currency: "USD" });
    expect(cost.global?.currency).toBe("USD");
    expect(currencyOf("cn-northwest-1")).toBe("CNY");
    expect(currencyOf("ap-east-1")).toBe("USD");
  });

  it("keeps min ≤ desired ≤ max in every region, with GPU nodes from the capacity plan", () => {
    for (const area of Object.values(cost.regions)) {
      expect(area.monthly.min).toBeGreaterThan(0);
      expect(area.monthly.min).toBeLessThanOrEqual(area.monthly.desired);
      expect(area.monthly.desired).toBeLessThanOrEqual(area.monthly.max);
    }
    // 10 g6e.12xlarge × 13.12002 $/h × 730 h at desired; 4 and 25 at min and max.
    expect(lineOf(cost, "frankfurt", "GPU pool g6e-12xl")).toMatchObject({
      quantity: { min: 4, desired: 10, max: 25 },
      unitPrice: { amount: 13.12002, per: "hour" },
      monthly: { min: 38310.46, desired: 95776.15, max: 239440.37 },
    });
  });

  it("gives every priced line a source and lists every unpriced line as unknown, never as 0", () => {
    for (const area of [...Object.values(cost.regions), cost.global!]) {
      for (const l of area.lines) {
        if (l.unitPrice === "unknown") {
          expect(l.monthly).toBe("unknown");
          expect(area.unknown).toContain(l.item);
        } else {
          expect(l.source).toMatch(/^https:\/\//);
          expect(area.unknown).not.toContain(l.item);
        }
      }
    }
    // No price was found for China's NAT gateways: unknown, and the region says so.
    expect(lineOf(cost, "china", "NAT gateways")).toMatchObject({ quantity: { desired: 3 }, monthly: "unknown" });
    expect(cost.regions.china!.unknown).toContain("NAT gateways");
  });

  it("counts the fixed parts from the plan: EKS, NAT gateways, Redis, Kafka, alarms of the region only", () => {
    expect(lineOf(cost, "frankfurt", "EKS control plane")).toMatchObject({ quantity: { desired: 1 }, monthly: { desired: 73 } });
    expect(lineOf(cost, "frankfurt", "Redis nodes (cache.r6g.large)").quantity.desired).toBe(3);
    expect(lineOf(cost, "china", "Kafka brokers (kafka.m5.large)").quantity.desired).toBe(6);
    expect(lineOf(cost, "china", "Kafka broker storage").quantity.desired).toBe(6 * 500);
    // The two DNS alarms live in us-east-1 and are billed with the global DNS, not with a region.
    const alarms = prod.resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm").length;
    const regional = lineOf(cost, "china", "CloudWatch alarms").quantity.desired + lineOf(cost, "frankfurt", "CloudWatch alarms").quantity.desired;
    expect(cost.global!.lines.find((l) => l.item.startsWith("CloudWatch alarms"))!.quantity.desired).toBe(alarms - regional);
  });

  it("bills China's health check as a non-AWS endpoint (another partition) and Frankfurt's as an AWS one", () => {
    const checks = cost.global!.lines.filter((l) => l.item.startsWith("Health checks"));
    expect(checks.map((l) => [l.item, l.quantity.desired, l.unitPrice])).toEqual([
      ["Health checks of AWS endpoints", 1, { amount: 0.5, per: "month" }],
      ["Health checks of other endpoints", 1, { amount: 0.75, per: "month" }],
    ]);
  });
});

describe("unknown prices", () => {
  it("shows an instance type missing from the table as unknown, and the total as a lower bound + unknown", () => {
    const edited = estimateCost(editedRegion("frankfurt", (r) => { poolsOf(r)["g6e-12xl"]!.instanceTypes = ["x9.unrecorded"]; }));
    const pool = lineOf(edited, "frankfurt", "GPU pool g6e-12xl");
    expect(pool).toMatchObject({ unitPrice: "unknown", monthly: "unknown" });
    expect(edited.regions.frankfurt!.unknown).toContain(pool.item);
    expect(edited.regions.frankfurt!.monthly.desired).toBeLessThan(cost.regions.frankfurt!.monthly.desired);
    expect(formatCost(edited).find((l) => l.startsWith("  frankfurt"))).toMatch(/\+ unknown/);
  });

  it("prices a pool that may run several types at the dearest one, and as unknown when any of them has no price", () => {
    const mixed = (types: string[]) => estimateCost(editedRegion("frankfurt", (r) => {
      Object.assign(poolsOf(r)["g6e-12xl"]!, { instanceTypes: types, capacityType: "SPOT" });
    }));
    const priced = lineOf(mixed(["g6.xlarge", "g5.xlarge"]), "frankfurt", "GPU pool g6e-12xl");
    expect(priced.unitPrice).toEqual({ amount: PRICES_BY_REGION["eu-central-1"]!.ec2["g5.xlarge"]!.amount, per: "hour" });
    expect(priced.note).toMatch(/SPOT.*On-Demand.*upper bound/);
    expect(lineOf(mixed(["g5.xlarge", "x9.unrecorded"]), "frankfurt", "GPU pool g6e-12xl").monthly).toBe("unknown");
  });

  it("prices nothing in a region the table does not hold, in the partition's currency", () => {
    const moved = estimateCost(editedRegion("frankfurt", (r) => { r.awsRegion = "sa-east-1"; }));
    expect(moved.regions.frankfurt).toMatchObject({ currency: "USD", monthly: { min: 0, desired: 0, max: 0 } });
    expect(moved.regions.frankfurt!.unknown.length).toBe(moved.regions.frankfurt!.lines.length);
  });
});

describe("formatCost", () => {
  it("prints each region's min / desired / max and one total per currency, never CNY + USD", () => {
    const text = formatCost(cost);
    expect(text).toContainEqual(expect.stringMatching(/^ {2}china \(cn-north-1\): CNY [\d,]+ \/ [\d,]+ \/ [\d,]+ \+ unknown/));
    expect(text).toContainEqual(expect.stringMatching(/^ {2}frankfurt \(eu-central-1\): USD [\d,]+ \/ [\d,]+ \/ [\d,]+/));
    const totals = text.filter((l) => l.startsWith("  Total"));
    expect(totals.map((l) => l.split(":")[0])).toEqual(["  Total CNY", "  Total USD"]);
    const desiredUsd = cost.regions.frankfurt!.monthly.desired + cost.global!.monthly.desired;
    expect(totals[1]).toContain(Math.round(desiredUsd).toLocaleString("en-US"));
  });
});

describe("costDelta", () => {
  // Peak QPS ×10: the capacity plan wants ten times the desired GPU nodes.
  const tenfold = () => estimateCost(editedRegion("frankfurt", (r) => {
    for (const p of Object.values(poolsOf(r))) p.desiredNodes *= 10;
  }));

  it("raises the desired cost when the desired GPU nodes grow, and leaves min alone", () => {
    const after = tenfold();
    expect(after.regions.frankfurt!.monthly.desired).toBeGreaterThan(cost.regions.frankfurt!.monthly.desired);
    expect(after.regions.frankfurt!.monthly.min).toBe(cost.regions.frankfurt!.monthly.min);
  });

  it("computes after − before per region and per currency, both ways", () => {
    const after = tenfold();
    const up = costDelta(cost, after);
    const frankfurt = up.changes.find((c) => c.area === "frankfurt")!;
    const expected = after.regions.frankfurt!.monthly.desired - cost.regions.frankfurt!.monthly.desired;
    expect(frankfurt.delta.desired).toBeCloseTo(expected, 2);
    expect(frankfurt.delta.min).toBe(0);
    expect(up.changes.find((c) => c.area === "china")!.delta).toEqual({ min: 0, desired: 0, max: 0 });
    expect(up.totals.USD!.delta.desired).toBeCloseTo(expected, 2);
    expect(up.totals.CNY!.delta.desired).toBe(0);

    const down = costDelta(after, cost);
    expect(down.changes.find((c) => c.area === "frankfurt")!.delta.desired).toBeCloseTo(-expected, 2);
    expect(down.totals.USD!.delta.desired).toBeCloseTo(-expected, 2);
    expect(formatCostDelta(down).find((l) => l.startsWith("  Total USD"))).toMatch(/change USD [-\d,.]+ \/ -[\d,]+ \/ /);
  });

  it("shows a region that appears or leaves with one side absent, in its own currency", () => {
    const without = structuredClone(prod);
    delete (without.outputs.regions as Record<string, unknown>).china;
    const added = costDelta(estimateCost(without), cost).changes.find((c) => c.area === "china")!;
    expect(added).toMatchObject({ currency: "CNY", after: cost.regions.china!.monthly, delta: cost.regions.china!.monthly });
    expect(added.before).toBeUndefined();
    const removed = costDelta(cost, estimateCost(without)).changes.find((c) => c.area === "china")!;
    expect(removed.after).toBeUndefined();
    expect(removed.delta.desired).toBe(-cost.regions.china!.monthly.desired);
    expect(removed.unknown.before.length).toBeGreaterThan(0);
  });
});
