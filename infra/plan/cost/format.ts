// Text lines of a cost estimate and of a cost delta, for the plan and the diff.
import type { CostDelta } from "./delta";
import { addRanges, fixed, type CostArea, type CostEstimate, type CostLine, type Range } from "./lines";
import type { Currency } from "./prices";

/** Whole units from 1,000 up, cents below. */
const money = (x: number): string =>
  x.toLocaleString("en-US", { minimumFractionDigits: Math.abs(x) >= 1000 ? 0 : 2, maximumFractionDigits: Math.abs(x) >= 1000 ? 0 : 2 });

const signed = (x: number): string => (x > 0 ? `+${money(x)}` : money(x));

const range = (currency: Currency, r: Range, f: (x: number) => string = money): string =>
  r.min === r.desired && r.desired === r.max ? `${currency} ${f(r.desired)}` : `${currency} ${f(r.min)} / ${f(r.desired)} / ${f(r.max)}`;

const count = (r: Range): string => (r.min === r.desired && r.desired === r.max ? `${r.desired}` : `${r.min}/${r.desired}/${r.max}`);

const plusUnknown = (unknown: readonly string[]): string => (unknown.length ? ` + unknown (${unknown.length} item${unknown.length > 1 ? "s" : ""} without a price)` : "");

const plural = (unit: string, n: number): string => (n === 1 || unit === "GB" ? unit : unit.endsWith("s") ? `${unit}es` : `${unit}s`);

function itemLine(currency: Currency, l: CostLine): string {
  const qty = `${count(l.quantity)} ${plural(l.unit, l.quantity.max)}`;
  if (l.unitPrice === "unknown" || l.monthly === "unknown") return `    ${l.item}: ${qty} × unknown price = unknown${l.note ? ` (${l.note})` : ""}`;
  const per = l.unitPrice.per === "hour" ? "/h" : "/month";
  return `    ${l.item}: ${qty} × ${currency} ${l.unitPrice.amount}${per} = ${range(currency, l.monthly)}${l.note ? ` (${l.note})` : ""}`;
}

function areaLines(title: string, a: CostArea): string[] {
  return [
    `  ${title}: ${range(a.currency, a.monthly)}${plusUnknown(a.unknown)}`,
    ...a.lines.map((l) => itemLine(a.currency, l)),
    `    not counted (usage-based): ${a.notCounted.join("; ")}`,
  ];
}

/** The text plan's cost section: each region (min / desired / max), the global DNS, totals per currency. */
export function formatCost(e: CostEstimate): string[] {
  const lines = [
    `Monthly cost at list prices recorded ${e.pricesRecorded} (${e.hoursPerMonth} h; GPU pools at min / desired / max nodes; "+ unknown": items without a recorded price are not in the figure)`,
  ];
  const totals = new Map<Currency, { sum: Range; unknown: boolean }>();
  const areas: [string, CostArea][] = [
    ...Object.entries(e.regions).map(([name, a]): [string, CostArea] => [`${name} (${a.awsRegion})`, a]),
    ...(e.global ? [[`global DNS (Route 53, alarms in ${e.global.awsRegion})`, e.global] as [string, CostArea]] : []),
  ];
  for (const [title, a] of areas) {
    lines.push(...areaLines(title, a));
    const t = totals.get(a.currency) ?? { sum: fixed(0), unknown: false };
    totals.set(a.currency, { sum: addRanges(t.sum, a.monthly), unknown: t.unknown || a.unknown.length > 0 });
  }
  // One total per currency: CNY and USD are never added together.
  for (const [currency, t] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  Total ${currency}: ${range(currency, t.sum)}${t.unknown ? " + unknown" : ""}`);
  }
  return lines;
}

/** The diff's cost section: per region and currency, before → after (delta), then totals per currency. */
export function formatCostDelta(d: CostDelta): string[] {
  const side = (currency: Currency, r: Range | undefined) => (r ? range(currency, r) : "none");
  const lines = ["Monthly cost (min / desired / max):"];
  for (const c of d.changes) {
    const unknown = c.unknown.before.length || c.unknown.after.length ? " (+ unknown items, see the plan)" : "";
    lines.push(`  ${c.area}: ${side(c.currency, c.before)} → ${side(c.currency, c.after)}, change ${range(c.currency, c.delta, signed)}${unknown}`);
  }
  for (const [currency, t] of Object.entries(d.totals) as [Currency, NonNullable<CostDelta["totals"][Currency]>][]) {
    lines.push(`  Total ${currency}: ${range(currency, t.before)} → ${range(currency, t.after)}, change ${range(currency, t.delta, signed)}${t.unknown ? " + unknown" : ""}`);
  }
  return lines;
}
