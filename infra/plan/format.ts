import type { RenderedResource, RenderedStack } from "./harness";
import { regionSections, stackSections } from "./sections";

/** The region outputs the text plan reads. */
interface RegionSummary {
  awsRegion: string;
  partition: string;
  natGateways?: number;
  systemPool?: { instanceType: string; minNodes: number; maxNodes: number };
  gpuPools?: Record<string, { instanceTypes: string[]; capacityType: string; minNodes: number; desiredNodes: number; maxNodes: number; spareGpus: number; explanation: string; surge?: string }>;
}

const shortType = (type: string): string => type.split(":").pop() ?? type;

/** Custom resources at or below `urn`. */
function countCustom(urn: string, children: Map<string, RenderedResource[]>): number {
  return (children.get(urn) ?? []).reduce((n, c) => n + (c.custom ? 1 : 0) + countCustom(c.urn, children), 0);
}

function tree(r: RenderedResource, children: Map<string, RenderedResource[]>, depth: number, maxDepth: number, lines: string[]): void {
  const kids = children.get(r.urn) ?? [];
  const count = countCustom(r.urn, children);
  lines.push(`${"  ".repeat(depth)}${shortType(r.type).padEnd(22)} ${r.name.padEnd(34)} ${String(count).padStart(4)} resources`);
  if (depth >= maxDepth) return;
  for (const k of kids.filter((c) => !c.custom)) tree(k, children, depth + 1, maxDepth, lines);
}

/** Human-readable plan: component tree per region, capacity plans, totals. */
export function formatPlan(r: RenderedStack): string {
  const children = new Map<string, RenderedResource[]>();
  for (const x of r.resources) {
    if (!x.parent) continue;
    children.set(x.parent, [...(children.get(x.parent) ?? []), x]);
  }
  const stackUrn = r.resources.find((x) => x.type === "pulumi:pulumi:Stack")?.urn ?? "";
  const top = children.get(stackUrn) ?? [];
  const regions = (r.outputs.regions ?? {}) as Record<string, RegionSummary>;
  const lines: string[] = [
    `Offline plan of stack "${r.stack}" (project ${r.project}) from ${r.stackFile}`,
    "Rendered in-process under Pulumi's mock runtime: nothing was deployed; ids, ARNs and endpoints are placeholders.",
    "",
  ];

  for (const comp of top.filter((x) => !x.custom)) {
    const region = regions[comp.name];
    lines.push(region ? `Region ${comp.name} (${region.awsRegion}, partition ${region.partition})` : "Global (outside any region)");
    tree(comp, children, 1, 3, lines);
    if (region?.systemPool) {
      const s = region.systemPool;
      lines.push(`  System pool: ${s.instanceType} ON_DEMAND, nodes ${s.minNodes}–${s.maxNodes} (cluster services; GPU pools below are tainted)`);
    }
    if (region?.gpuPools) {
      lines.push("  Capacity plan:");
      for (const [pool, p] of Object.entries(region.gpuPools)) {
        lines.push(`    ${pool}: ${p.instanceTypes.join("/")} ${p.capacityType}, nodes min ${p.minNodes} / desired ${p.desiredNodes} / max ${p.maxNodes}, ${p.spareGpus} spare GPU(s)`);
        lines.push(`      ${p.explanation}`);
        if (p.surge) lines.push(`      seed's surge: ${p.surge}`);
      }
    }
    if (region) for (const section of regionSections) lines.push(...section(region as unknown as Record<string, unknown>).map((l) => `  ${l}`));
    lines.push("");
  }
  for (const section of stackSections) {
    const extra = section(r.outputs);
    if (extra.length > 0) lines.push(...extra, "");
  }

  const custom = r.resources.filter((x) => x.custom);
  const byType = new Map<string, number>();
  for (const x of custom) byType.set(x.type, (byType.get(x.type) ?? 0) + 1);
  lines.push(`Totals: ${custom.length} resources to create (${r.resources.length - custom.length} components), ${Object.keys(regions).length} region(s)`);
  for (const [type, n] of [...byType.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    lines.push(`  ${String(n).padStart(4)}  ${type}`);
  }
  return `${lines.join("\n")}\n`;
}
