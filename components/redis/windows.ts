/**
 * ElastiCache snapshot and maintenance windows: a daily `hh:mm-hh:mm` window
 * and a weekly `ddd:hh:mm-ddd:hh:mm` window, both UTC, each at least an hour
 * long, that must not overlap (the API refuses overlapping windows).
 */

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

const DAILY = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
const WEEKLY = /^(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)-(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)$/;

/** A window as minutes from its period's start; `end` may exceed the period when it wraps. */
interface Span {
  start: number;
  end: number;
}

function dailySpan(text: string): Span | undefined {
  const m = DAILY.exec(text);
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  let end = Number(m[3]) * 60 + Number(m[4]);
  if (end <= start) end += MINUTES_PER_DAY;
  return { start, end };
}

function weeklySpan(text: string): Span | undefined {
  const m = WEEKLY.exec(text);
  if (!m) return undefined;
  const at = (day: string, h: string, min: string) => DAYS.indexOf(day as (typeof DAYS)[number]) * MINUTES_PER_DAY + Number(h) * 60 + Number(min);
  const start = at(m[1]!, m[2]!, m[3]!);
  let end = at(m[4]!, m[5]!, m[6]!);
  if (end <= start) end += MINUTES_PER_WEEK;
  return { start, end };
}

/** True when weekly span `w` meets the daily span `d` on any day of the week. */
function overlaps(w: Span, d: Span): boolean {
  for (let day = -1; day <= 7; day++) {
    const s = day * MINUTES_PER_DAY + d.start;
    const e = day * MINUTES_PER_DAY + d.end;
    for (const shift of [0, MINUTES_PER_WEEK, -MINUTES_PER_WEEK]) {
      if (w.start + shift < e && s < w.end + shift) return true;
    }
  }
  return false;
}

/** One problem with the windows: which window, and what is allowed. */
export interface WindowProblem {
  window: "snapshotWindow" | "maintenanceWindow";
  reason: string;
}

/** Checks the format, length and overlap of the two windows. */
export function windowProblems(snapshotWindow: string, maintenanceWindow: string): WindowProblem[] {
  const problems: WindowProblem[] = [];
  const daily = dailySpan(snapshotWindow);
  const weekly = weeklySpan(maintenanceWindow);
  if (!daily) problems.push({ window: "snapshotWindow", reason: 'a daily UTC window "hh:mm-hh:mm" such as "17:00-18:00"' });
  else if (daily.end - daily.start < 60) problems.push({ window: "snapshotWindow", reason: "must last at least 60 minutes" });
  if (!weekly) problems.push({ window: "maintenanceWindow", reason: 'a weekly UTC window "ddd:hh:mm-ddd:hh:mm" such as "sun:19:00-sun:20:00" (days sun…sat)' });
  else if (weekly.end - weekly.start < 60) problems.push({ window: "maintenanceWindow", reason: "must last at least 60 minutes" });
  else if (weekly.end - weekly.start > MINUTES_PER_DAY) problems.push({ window: "maintenanceWindow", reason: "must last at most 24 hours" });
  if (problems.length === 0 && overlaps(weekly!, daily!)) {
    problems.push({ window: "maintenanceWindow", reason: `overlaps the daily snapshot window ${snapshotWindow}; ElastiCache needs them apart` });
  }
  return problems;
}
