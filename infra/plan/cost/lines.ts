// The shapes of a cost estimate and the arithmetic of one line.
import { HOURS_PER_MONTH, type Currency, type UnitPrice } from "./prices";

/** One figure at the capacity plan's minimum, desired and maximum node counts. */
export interface Range {
  min: number;
  desired: number;
  max: number;
}

/** One itemised charge: `quantity` things at `unitPrice` each. */
export interface CostLine {
  item: string;
  quantity: Range;
  /** What one of `quantity` is: "node", "gateway", "GB", "alarm"… */
  unit: string;
  /** "unknown": no recorded price, so `monthly` is unknown too (never 0). */
  unitPrice: { amount: number; per: "hour" | "month" } | "unknown";
  monthly: Range | "unknown";
  /** The page the unit price was read from (every priced line has one). */
  source?: string;
  note?: string;
}

/** The cost of one region, or of the global DNS. */
export interface CostArea {
  awsRegion: string;
  currency: Currency;
  /** Sum of the priced lines only: the true total is this plus the `unknown` items. */
  monthly: Range;
  /** Items of `lines` that have no recorded price. */
  unknown: string[];
  lines: CostLine[];
  /** Usage-based charges the estimate leaves out (they depend on traffic, not on the plan). */
  notCounted: string[];
}

/** `estimateCost`'s result. */
export interface CostEstimate {
  pricesRecorded: string;
  hoursPerMonth: number;
  regions: Record<string, CostArea>;
  /** Route 53 and the DNS alarms, billed in USD by the global partition. */
  global?: CostArea;
}

export const fixed = (n: number): Range => ({ min: n, desired: n, max: n });

/** Money rounded to cents (or fen): enough for a plan, no float noise. */
export const round2 = (x: number): number => Math.round(x * 100) / 100;

const mapRange = (r: Range, f: (n: number) => number): Range => ({ min: f(r.min), desired: f(r.desired), max: f(r.max) });

export const addRanges = (a: Range, b: Range): Range => ({ min: a.min + b.min, desired: a.desired + b.desired, max: a.max + b.max });

/** A line priced at `price` (per hour: × 730 h), or an unknown one when there is no price. */
export function costLine(item: string, quantity: Range, unit: string, price: UnitPrice | undefined, note?: string): CostLine {
  if (!price) return { item, quantity, unit, unitPrice: "unknown", monthly: "unknown", ...(note ? { note } : {}) };
  const perMonth = price.amount * (price.per === "hour" ? HOURS_PER_MONTH : 1);
  const notes = [note, price.note].filter((n): n is string => Boolean(n)).join("; ");
  return {
    item,
    quantity,
    unit,
    unitPrice: { amount: price.amount, per: price.per },
    monthly: mapRange(quantity, (q) => round2(q * perMonth)),
    source: price.source,
    ...(notes ? { note: notes } : {}),
  };
}

/** Totals a region's lines: the priced sum and the names of the unpriced ones. */
export function costArea(awsRegion: string, currency: Currency, lines: CostLine[], notCounted: string[]): CostArea {
  let monthly = fixed(0);
  const unknown: string[] = [];
  for (const l of lines) {
    if (l.monthly === "unknown") unknown.push(l.item);
    else monthly = addRanges(monthly, l.monthly);
  }
  return { awsRegion, currency, monthly: mapRange(monthly, round2), unknown, lines, notCounted };
}
