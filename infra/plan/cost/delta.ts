// What a change to the plan does to its monthly cost, per region and currency (never CNY + USD).
import { addRanges, fixed, round2, type CostArea, type CostEstimate, type Range } from "./lines";
import type { Currency } from "./prices";

/** One region (or the global DNS) before and after, in one currency. */
interface CostChange {
  /** The region's name in the stack, or "global". */
  area: string;
  currency: Currency;
  /** Absent: the area is new (or newly billed in this currency). */
  before?: Range;
  /** Absent: the area is gone (or no longer billed in this currency). */
  after?: Range;
  /** after − before, an absent side counting as 0. */
  delta: Range;
  /** Unpriced items on each side: a delta is exact only when both lists are empty. */
  unknown: { before: string[]; after: string[] };
}

/** Sums of one currency over every area. */
interface CurrencyTotal {
  before: Range;
  after: Range;
  delta: Range;
  /** True when some item on either side has no price. */
  unknown: boolean;
}

export interface CostDelta {
  changes: CostChange[];
  totals: Partial<Record<Currency, CurrencyTotal>>;
}

const areasOf = (e: CostEstimate): [string, CostArea][] => [...Object.entries(e.regions), ...(e.global ? [["global", e.global] as [string, CostArea]] : [])];

const minus = (a: Range, b: Range): Range => ({ min: round2(a.min - b.min), desired: round2(a.desired - b.desired), max: round2(a.max - b.max) });

/** Cost before and after a change of the plan, per area and per currency. */
export function costDelta(before: CostEstimate, after: CostEstimate): CostDelta {
  const key = (area: string, currency: Currency) => `${area}\u0000${currency}`;
  const sides = new Map<string, { area: string; currency: Currency; before?: CostArea; after?: CostArea }>();
  for (const [which, estimate] of [["before", before], ["after", after]] as const) {
    for (const [area, cost] of areasOf(estimate)) {
      const k = key(area, cost.currency);
      sides.set(k, { area, currency: cost.currency, ...sides.get(k), [which]: cost });
    }
  }
  const changes: CostChange[] = [];
  const totals: CostDelta["totals"] = {};
  for (const s of sides.values()) {
    const b = s.before?.monthly ?? fixed(0);
    const a = s.after?.monthly ?? fixed(0);
    const unknown = { before: s.before?.unknown ?? [], after: s.after?.unknown ?? [] };
    changes.push({
      area: s.area,
      currency: s.currency,
      ...(s.before ? { before: s.before.monthly } : {}),
      ...(s.after ? { after: s.after.monthly } : {}),
      delta: minus(a, b),
      unknown,
    });
    const t = totals[s.currency] ?? { before: fixed(0), after: fixed(0), delta: fixed(0), unknown: false };
    const sumBefore = addRanges(t.before, b);
    const sumAfter = addRanges(t.after, a);
    totals[s.currency] = {
      before: minus(sumBefore, fixed(0)),
      after: minus(sumAfter, fixed(0)),
      delta: minus(sumAfter, sumBefore),
      unknown: t.unknown || unknown.before.length > 0 || unknown.after.length > 0,
    };
  }
  return { changes, totals };
}
