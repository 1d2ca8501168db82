// Rules on the inputs of one region that its components' schemas cannot see (they need the region, its
// environment or its plan). planRegion runs them, so RegionalPlatform and the stack file's check refuse the
// same; regionFieldProblems also runs on a region as written, so a refusal lists them next to schema problems.
import { MAX_NODES_PER_NODE_GROUP, gpuPoolSizingProblems } from "../gpu-node-pool/contract";
import { kafkaBrokerRegionProblems } from "../kafka/contract";
import type { SettingsProblem } from "../lib/contract";
import { networkProdProblems } from "../network/contract";
import { redisRegionProblems } from "../redis/contract";
import type { PlannedPool } from "./capacity";
import type { RegionConfig } from "./contract";

/** The region's planned GPU pools. */
type RegionCapacity = ReadonlyArray<PlannedPool<RegionConfig["gpuPools"][number]>>;

/**
 * Most QPS one region may plan for today: 200 × the seed's surge of 5000 QPS.
 * Far beyond it a typo (an extra zero, 1e9) is likelier than real traffic, and
 * the plan would need more nodes than a node group holds.
 */
export const MAX_PEAK_QPS = 1_000_000;

/** Chart repositories Helm can pull from: an OCI registry or an https repository, with a host. */
function chartMirrorProblem(url: string): string | undefined {
  const allowed = "an oci:// or https:// URL of the chart repository, such as oci://111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/charts";
  const match = /^(oci|https):\/\/([^/\s]+)(\/\S*)?$/.exec(url);
  if (!match) return allowed;
  try {
    new URL(`https://${match[2]}`);
  } catch {
    return allowed;
  }
  return undefined;
}

/** What peakQps asks of the GPU pools: within MAX_PEAK_QPS, and no pool planned beyond a node group's quota. */
function trafficProblems(r: RegionConfig, capacity: RegionCapacity): SettingsProblem[] {
  if (r.traffic.peakQps > MAX_PEAK_QPS) {
    return [{ path: ["traffic", "peakQps"], message: `at most ${MAX_PEAK_QPS} QPS per region (a sanity bound: 200 × the seed's surge of 5000 QPS)` }];
  }
  return capacity.flatMap(({ pool, plan: p }) => p.maxNodes <= MAX_NODES_PER_NODE_GROUP ? [] : [{
    path: ["traffic", "peakQps"],
    message: `GPU pool ${pool.name} would need up to ${p.maxNodes} nodes for this traffic (${p.explanation}); a managed node group holds at most ${MAX_NODES_PER_NODE_GROUP} (EKS's default quota): add pools, larger instance types or raise the quota`,
  }]);
}

/**
 * Rules on single inputs of a region, read off the region as written: they
 * hold whether or not the rest of the region parses, so a refusal lists them
 * next to the schema's problems. Paths are relative to the region.
 */
export function regionFieldProblems(region: unknown): SettingsProblem[] {
  const r = (region ?? {}) as { chartMirror?: unknown; gpuPools?: unknown };
  const mirror = typeof r.chartMirror === "string" ? chartMirrorProblem(r.chartMirror) : undefined;
  const pools = Array.isArray(r.gpuPools) ? (r.gpuPools as Array<{ instanceTypes?: unknown; gpusPerNode?: unknown } | null>) : [];
  return [
    ...(mirror ? [{ path: ["chartMirror"], message: mirror }] : []),
    ...pools.flatMap((p, j) => {
      const types = p?.instanceTypes;
      if (!Array.isArray(types) || typeof p?.gpusPerNode !== "number") return [];
      return gpuPoolSizingProblems({ instanceTypes: types.map(String), gpusPerNode: p.gpusPerNode }).map((x) => ({ path: ["gpuPools", j, ...x.path], message: x.message }));
    }),
  ];
}

/** The rules of a parsed region that need its AWS region, its environment or its plan; paths are relative to the region. */
export function regionPlannedProblems(r: RegionConfig, capacity: RegionCapacity, environment: "dev" | "prod"): SettingsProblem[] {
  const under = (prefix: Array<string | number>) => (p: SettingsProblem): SettingsProblem => ({ path: [...prefix, ...p.path], message: p.message });
  return [
    ...trafficProblems(r, capacity),
    ...redisRegionProblems(r.redis, r.awsRegion).map(under(["redis"])),
    ...kafkaBrokerRegionProblems(r.kafka, r.awsRegion).map(under(["kafka"])),
    ...(environment === "prod" ? networkProdProblems(r.natGateways) : []),
  ];
}
