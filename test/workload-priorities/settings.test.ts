// WorkloadPriorities' contract: the tiers' defaults and the ordering rule
// premium > standard > batch > the GPU headroom placeholders.
import { describe, expect, it } from "vitest";
import { HEADROOM_PRIORITY } from "../../components/gpu-headroom";
import { parseSettings, propertyPath } from "../../components/lib/contract";
import { PRIORITY_TIERS, workloadPrioritiesSettingsSchema } from "../../components/workload-priorities";

const problems = (settings: object): string[] => {
  const parsed = parseSettings(workloadPrioritiesSettingsSchema, settings);
  return parsed.ok ? [] : parsed.problems.map((p) => `${propertyPath(p.path)}: ${p.message}`);
};
const resolved = (settings: object) => {
  const parsed = parseSettings(workloadPrioritiesSettingsSchema, settings);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
};

describe("WorkloadPriorities settings", () => {
  it("defaults to premium, standard and batch, ordered and all above the headroom placeholders", () => {
    const s = resolved({});
    expect(s).toEqual({ premium: { name: "premium", value: 1000 }, standard: { name: "standard", value: 100 }, batch: { name: "batch", value: 10 } });
    const values = PRIORITY_TIERS.map((t) => s[t].value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(new Set(values).size).toBe(3);
    expect(Math.min(...values)).toBeGreaterThan(HEADROOM_PRIORITY);
  });

  it("accepts other names and values that keep the order, down to one above the placeholders", () => {
    const s = resolved({ premium: { name: "paid-interactive", value: 1_000_000_000 }, standard: { value: 0 }, batch: { name: "free.async", value: HEADROOM_PRIORITY + 1 } });
    expect(s.premium).toEqual({ name: "paid-interactive", value: 1_000_000_000 });
    expect(s.standard).toEqual({ name: "standard", value: 0 });
    expect(s.batch).toEqual({ name: "free.async", value: HEADROOM_PRIORITY + 1 });
  });

  it("refuses batch at or above standard, and standard at or above premium", () => {
    expect(problems({ batch: { value: 100 } })).toEqual(["batch.value: 100 must be below standard's 100 (premium > standard > batch)"]);
    expect(problems({ standard: { value: 5000 } })).toEqual(["premium.value: 1000 must be above standard's 5000 (premium > standard > batch)"]);
    expect(problems({ premium: { value: 10 }, standard: { value: 10 }, batch: { value: 10 } })).toEqual([
      "premium.value: 10 must be above standard's 10 (premium > standard > batch)",
      "batch.value: 10 must be below standard's 10 (premium > standard > batch)",
    ]);
  });

  it("refuses any tier at or below the headroom placeholders' priority", () => {
    expect(problems({ batch: { value: HEADROOM_PRIORITY } })).toEqual([
      `batch.value: ${HEADROOM_PRIORITY} must be above ${HEADROOM_PRIORITY}, the GPU headroom placeholders' priority, or its pods could not take their GPUs`,
    ]);
    expect(problems({ premium: { value: -20 }, standard: { value: -30 }, batch: { value: -40 } })).toEqual([
      "premium.value: -20 must be above -10, the GPU headroom placeholders' priority, or its pods could not take their GPUs",
      "standard.value: -30 must be above -10, the GPU headroom placeholders' priority, or its pods could not take their GPUs",
      "batch.value: -40 must be above -10, the GPU headroom placeholders' priority, or its pods could not take their GPUs",
    ]);
  });

  it("refuses system values, bad or shared names and unknown keys, all at once", () => {
    expect(problems({
      premium: { name: "system-premium", value: 2_000_000_000 },
      standard: { name: "Standard" },
      batch: { name: "premium", value: 1.5, preemptionPolicy: "PreemptLowerPriority" },
      free: {},
    })).toEqual([
      "premium.name: names starting with system- are Kubernetes' own",
      "premium.value: at most 1000000000 (higher values are reserved for system classes)",
      "standard.name: a Kubernetes object name (lower-case letters, digits, '-' and '.')",
      "batch.value: a whole number",
      "batch.preemptionPolicy: unknown key (misspelt?)",
      "free: unknown key (misspelt?)",
    ]);
    expect(problems({ batch: { name: "premium" } })).toEqual(['batch.name: "premium" is premium\'s class already: each tier needs its own']);
  });
});
