/**
 * A region's plan and the rules it must keep beyond its schema, computed once:
 * RegionalPlatform builds from the plan and refuses with its problems, and
 * the stack file's check reports the same problems for every region. Pure.
 */
import type { SettingsProblem } from "../lib/contract";
import { capacityProblems, planRegionPools, type CapacityPlanning, type PlannedPool } from "./capacity";
import { regionProblems, regionProdProblems, type RegionConfig } from "./contract";
import type { SurgeReport } from "../gpu-node-pool/surge";
import { regionFieldProblems, regionPlannedProblems } from "./inputs";
import { planServing, planSurges, servingProblems, type PlannedServer } from "./serving-plan";

/** The region's GPU pools and model servers with their sizes, and every problem found planning them. */
export interface RegionPlan {
  capacity: Array<PlannedPool<RegionConfig["gpuPools"][number]>>;
  servers: PlannedServer[];
  /** The seed's surge played on each pool with model servers, by pool name. */
  surges: Record<string, SurgeReport>;
  /** Paths relative to the region. */
  problems: SettingsProblem[];
}

/** Plans one region and checks the rules that need its region, its environment and its plan. */
export function planRegion(config: RegionConfig, planning: CapacityPlanning, environment: "dev" | "prod"): RegionPlan {
  const capacity = planRegionPools(config.traffic, config.gpuPools, planning);
  const servers = planServing(config, capacity, planning);
  let surges: Record<string, SurgeReport> | undefined;
  return {
    capacity,
    servers,
    // Played when asked (the region's outputs): the stack file's check only needs the problems.
    get surges() {
      surges ??= planSurges(config, capacity, servers);
      return surges;
    },
    problems: [
      ...regionProblems(config),
      ...(environment === "prod" ? regionProdProblems(config) : []),
      ...capacityProblems(capacity),
      ...servingProblems(config, servers),
      ...regionFieldProblems(config),
      ...regionPlannedProblems(config, capacity, environment),
    ],
  };
}
