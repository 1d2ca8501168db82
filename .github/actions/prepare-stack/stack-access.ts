// What a CI runner needs before Pulumi runs a stack, read from the stack file alone: the named AWS profiles (with
// the partition each must reach) and the ECR chart mirrors Helm must be logged in to. Pulumi-free, so the composite
// action runs it right after `npm ci` (node --import tsx stack-access.ts <profiles|chart-registries> <stack file>).
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { ecrRegistryOf } from "../../../components/lib/chart-mirror";
import { type Partition, partitionOf } from "../../../components/lib/partition";

const PROJECT = "inference-platform";

/** A named profile the program's providers use, and the partition its credentials must belong to. */
export interface ProfileNeed {
  profile: string;
  partition: Partition;
}

/** One `helm registry login`: the ECR host, the region its token comes from, and the profile that may fetch it. */
export interface ChartRegistryLogin {
  host: string;
  awsRegion: string;
  profile: string;
}

export interface StackAccess {
  profiles: ProfileNeed[];
  chartRegistries: ChartRegistryLogin[];
}

interface RegionEntry {
  name?: unknown;
  awsRegion?: unknown;
  profile?: unknown;
  chartMirror?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value.length > 0 ? value : undefined);

/**
 * The profiles and chart registries of a stack file. CI reaches every account through a named profile (one
 * OIDC role session written per partition), so a region or the DNS section without `profile` is refused, as is a
 * profile named for two partitions: one error listing every problem.
 */
export function stackAccessOf(stackFileText: string, stackFileName: string): StackAccess {
  const config = (parse(stackFileText) as { config?: Record<string, unknown> } | null)?.config ?? {};
  const regions = (config[`${PROJECT}:regions`] ?? []) as RegionEntry[];
  const dns = config[`${PROJECT}:dns`] as { profile?: unknown } | undefined;
  const problems: string[] = [];
  const partitionOfProfile = new Map<string, Partition>();
  const need = (profile: string | undefined, partition: Partition, where: string): void => {
    if (!profile) {
      problems.push(`${where}: no profile; CI writes named profiles only (set \`profile\`)`);
      return;
    }
    const known = partitionOfProfile.get(profile);
    if (known && known !== partition) problems.push(`${where}: profile ${profile} is used in ${known} and ${partition}; one profile holds one partition's credentials`);
    else partitionOfProfile.set(profile, partition);
  };

  const chartRegistries: ChartRegistryLogin[] = [];
  for (const [i, region] of regions.entries()) {
    const where = `regions[${i}] (${text(region.name) ?? "unnamed"})`;
    const awsRegion = text(region.awsRegion);
    if (!awsRegion) {
      problems.push(`${where}: no awsRegion`);
      continue;
    }
    const profile = text(region.profile);
    need(profile, partitionOf(awsRegion), where);
    const mirror = text(region.chartMirror);
    const registry = mirror ? ecrRegistryOf(mirror) : undefined;
    if (mirror && registry && profile) {
      const host = mirror.slice("oci://".length).split("/")[0]!;
      if (!chartRegistries.some((r) => r.host === host)) chartRegistries.push({ host, awsRegion: registry.region, profile });
    }
  }
  // Route 53 and its health checks live in the global partition.
  if (dns) need(text(dns.profile), "aws", "dns");

  if (problems.length > 0) throw new Error(`${stackFileName}: ${problems.join("; ")}`);
  return { profiles: [...partitionOfProfile].map(([profile, partition]) => ({ profile, partition })), chartRegistries };
}

// Run as a script: one line per profile ("<profile> <partition>") or per registry ("<host> <region> <profile>").
if (process.argv[1]?.endsWith("stack-access.ts")) {
  const [what, file] = process.argv.slice(2);
  if ((what !== "profiles" && what !== "chart-registries") || !file) {
    console.error("usage: stack-access.ts <profiles|chart-registries> <stack file>");
    process.exit(2);
  }
  const access = stackAccessOf(readFileSync(file, "utf8"), file);
  const lines = what === "profiles"
    ? access.profiles.map((p) => `${p.profile} ${p.partition}`)
    : access.chartRegistries.map((r) => `${r.host} ${r.awsRegion} ${r.profile}`);
  for (const line of lines) console.log(line);
}
