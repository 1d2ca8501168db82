// Stack facts both kinds of rule need: which stack a URN belongs to, and which
// regions the stack serves from.
import type { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import { instanceTypesOf, isGpuType } from "./instance-types";
import { regionOf } from "./region";
import { text } from "./values";

/**
 * Stack name from a URN (`urn:pulumi:<stack>::<project>::...`). Policies see no
 * stack config, and stack tags carry no stack name unless someone sets one; the
 * URN is the one place the engine always states it.
 */
export function stackNameOf(urn: string): string {
  return urn.split("::")[0]?.replace(/^urn:pulumi:/, "") ?? "";
}

/** Config shared by the prod-only rules: which stack names count as production. */
export const PROD_STACKS_SCHEMA: PolicyConfigSchema["properties"][string] = {
  type: "array",
  items: { type: "string" },
  default: ["prod"],
  description: "Stack names held to production rules (matched against the stack part of each URN), besides resources tagged environment=prod.",
};

/**
 * The `environment` tag, which the platform's regions put on every AWS resource:
 * policies see no stack config, so a resource says itself which environment it is in.
 * Kept here, not imported, because the pack stands alone.
 */
const ENVIRONMENT_TAG = "environment";

/** True for a resource tagged `environment: prod`. */
export function taggedProduction(props: Record<string, unknown>): boolean {
  const tags = props.tags;
  return typeof tags === "object" && tags !== null && (tags as Record<string, unknown>)[ENVIRONMENT_TAG] === "prod";
}

/**
 * Held to the production rules: its stack is one `prodStacks` names, or it is
 * tagged `environment: prod` (a production stack under any name, built from the
 * platform's regions). Untagged types (Route 53 records) rely on the name.
 */
export function isProduction(urn: string, props: Record<string, unknown>, prodStacks: readonly string[]): boolean {
  return prodStacks.includes(stackNameOf(urn)) || taggedProduction(props);
}

/** Types whose presence makes a region one the platform serves from. */
const SERVING_TYPES: readonly string[] = ["aws:ec2/vpc:Vpc", "aws:eks/cluster:Cluster", "aws:eks/nodeGroup:NodeGroup"];

/** What the stack has in one serving region. */
export interface RegionInventory {
  clusters: PolicyResource[];
  gpuPools: PolicyResource[];
  monitoring: PolicyResource[];
}

/** True for a Helm release or chart whose chart reference ends with one of `charts`. */
function isChartOf(r: PolicyResource, charts: readonly string[]): boolean {
  if (r.type !== "kubernetes:helm.sh/v3:Release" && r.type !== "kubernetes:helm.sh/v4:Chart") return false;
  const chart = text(r.props.chart) ?? "";
  return charts.some((c) => chart === c || chart.endsWith(`/${c}`));
}

/**
 * Regions the stack serves from (a VPC, cluster or node group deploys there,
 * region = its provider's), each with its clusters, GPU node groups and
 * monitoring releases. Regions holding only helpers (say a us-east-1 provider
 * for Route 53 health-check alarms) are not serving regions.
 */
export function servingRegions(resources: readonly PolicyResource[], monitoringCharts: readonly string[]): Map<string, RegionInventory> {
  const regions = new Map<string, RegionInventory>();
  for (const r of resources) {
    const region = regionOf(r);
    if (region && SERVING_TYPES.includes(r.type) && !regions.has(region)) regions.set(region, { clusters: [], gpuPools: [], monitoring: [] });
  }
  for (const r of resources) {
    const inventory = regions.get(regionOf(r) ?? "");
    if (!inventory) continue;
    if (r.type === "aws:eks/cluster:Cluster") inventory.clusters.push(r);
    if (r.type === "aws:eks/nodeGroup:NodeGroup" && instanceTypesOf(r.type, r.props).some(isGpuType)) inventory.gpuPools.push(r);
    if (isChartOf(r, monitoringCharts)) inventory.monitoring.push(r);
  }
  return regions;
}
