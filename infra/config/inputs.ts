// The rules of a parsed region beyond its schema (components/region: planRegion), kept by their inputs.
import type { SettingsProblem } from "../../components/lib/contract";
import { planRegion, type CapacityPlanning, type RegionConfig } from "../../components/region";

/** Recent results of regionProblemsPlanned, by their inputs. */
const recent = new Map<string, SettingsProblem[]>();
const RECENT_MAX = 32;

/**
 * Every rule of a parsed region beyond its schema: planRegion's (its plan,
 * its prod rules, its inputs' rules). Paths are relative to the region.
 * Pure, so results are kept by their inputs: planning a region (its surge
 * simulation) costs milliseconds, and a refusal, the stack's check and the
 * tests plan the same unchanged regions again and again.
 */
export function regionProblemsPlanned(r: RegionConfig, planning: CapacityPlanning, environment: "dev" | "prod"): SettingsProblem[] {
  const { monthlyGrowthPercent, headroomPercent, surgeFactor, planningHorizonMonths } = planning;
  const key = JSON.stringify([r, monthlyGrowthPercent, headroomPercent, surgeFactor, planningHorizonMonths, environment]);
  const known = recent.get(key);
  if (known) return known;
  const problems = planRegion(r, planning, environment).problems;
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
  recent.set(key, problems);
  return problems;
}
