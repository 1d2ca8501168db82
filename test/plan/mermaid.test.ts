// The architecture picture: drawn from the plan (regions, pools, stores, DNS
// routes, health checks, wiring), readable as a Mermaid flowchart whatever the
// names, and docs/architecture.md holds the prod plan's current picture.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RenderedStack } from "../../infra/plan/harness";
import { mermaidFromPlan } from "../../infra/plan/mermaid";
import { REPO_ROOT, renderRealStack } from "../support/render";

interface Flowchart {
  /** Nodes and subgraphs by id: label (entities decoded, one entry per line) and enclosing subgraph. */
  nodes: Map<string, { lines: string[]; parent?: string; subgraph: boolean }>;
  edges: { from: string; to: string; label?: string; dashed: boolean }[];
}

const ID = "[A-Za-z_][A-Za-z0-9_]*";
const KEYWORDS = new Set(["end", "subgraph", "graph", "flowchart", "direction", "style", "class", "classDef", "click", "linkStyle", "default"]);
const SHAPES: [string, string][] = [["([", "])"], ["[(", ")]"], ["[[", "]]"], ["{{", "}}"], ["[", "]"]];
const lines = (quoted: string) => quoted.split("<br/>").map((l) => l.replace(/#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))));

/**
 * Reads the flowchart subset mermaidFromPlan writes (no npm Mermaid parser
 * reads flowcharts in Node without a browser: @mermaid-js/parser has no
 * flowchart grammar), refusing any other line: balanced subgraphs, ids that
 * are not keywords, each declared once, quoted labels, declared edge ends.
 */
function parseFlowchart(text: string): Flowchart {
  const [header, ...body] = text.replace(/\n$/, "").split("\n");
  if (!/^flowchart (LR|RL|TB|TD|BT)$/.test(header ?? "")) throw new Error(`not a flowchart header: ${header}`);
  const chart: Flowchart = { nodes: new Map(), edges: [] };
  const open: string[] = [];
  const declare = (id: string, quoted: string, subgraph: boolean) => {
    if (KEYWORDS.has(id)) throw new Error(`id ${id} is a Mermaid keyword`);
    if (chart.nodes.has(id)) throw new Error(`${id} declared twice`);
    chart.nodes.set(id, { lines: lines(quoted), parent: open.at(-1), subgraph });
  };
  body.forEach((raw, i) => {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^subgraph (${ID}) \\["([^"]*)"\\]$`).exec(line))) {
      declare(m[1]!, m[2]!, true);
      open.push(m[1]!);
    } else if (line === "end") {
      if (!open.pop()) throw new Error(`line ${i + 2}: end without a subgraph`);
    } else if ((m = new RegExp(`^(${ID}) (-->|-\\.->)(?:\\|"([^"]*)"\\|)? (${ID})$`).exec(line))) {
      chart.edges.push({ from: m[1]!, to: m[4]!, label: m[3], dashed: m[2] === "-.->" });
    } else if ((m = new RegExp(`^(${ID})(.*)$`).exec(line)) && SHAPES.some(([o, c]) => new RegExp(`^${escapeRe(o)}"[^"]*"${escapeRe(c)}$`).test(m![2]!))) {
      const [o, c] = SHAPES.find(([o, c]) => m![2]!.startsWith(`${o}"`) && m![2]!.endsWith(`"${c}`))!;
      declare(m[1]!, m[2]!.slice(o.length + 1, -c.length - 1), false);
    } else throw new Error(`line ${i + 2} is none of what a flowchart declares: ${raw}`);
  });
  if (open.length) throw new Error(`subgraphs never closed: ${open.join(", ")}`);
  for (const e of chart.edges) for (const end of [e.from, e.to]) if (!chart.nodes.has(end)) throw new Error(`edge ${e.from} → ${e.to}: ${end} is not declared`);
  return chart;
}
function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Ids whose first label line satisfies `first`. */
const idsOf = (c: Flowchart, first: (line: string) => boolean) => [...c.nodes].filter(([, n]) => first(n.lines[0]!)).map(([id]) => id);
const within = (c: Flowchart, id: string, ancestor: string): boolean => {
  for (let p = c.nodes.get(id)?.parent; p; p = c.nodes.get(p)?.parent) if (p === ancestor) return true;
  return false;
};
const regionSubgraph = (c: Flowchart, region: string): string => {
  const found = [...c.nodes].filter(([id, n]) => n.subgraph && id.startsWith("region_") && n.lines[0] === region);
  expect(found, `one subgraph titled ${region}`).toHaveLength(1);
  return found[0]![0];
};
const edgeTo = (c: Flowchart, from: string, pred: (to: string, label?: string) => boolean) => c.edges.some((e) => e.from === from && pred(e.to, e.label));
/** The stack's outputs as this test reads them (mermaidFromPlan checks their shape itself). */
const outputsOf = (s: RenderedStack) => s.outputs as {
  regions: Record<string, { awsRegion: string; partition: string; gpuPools: Record<string, { minNodes: number; desiredNodes: number; maxNodes: number }>; serving: { models: { name: string; pool: string }[] } }>;
  dns: { routingTable: { location: string; region: string; setIdentifier: string }[]; healthChecks: Record<string, { path: string }> };
};

/** A copy of `value` with `from` replaced by `to` in every string and key. */
function renamed<T>(value: T, from: string, to: string): T {
  const map = (v: unknown): unknown => {
    if (typeof v === "string") return v.split(from).join(to);
    if (Array.isArray(v)) return v.map(map);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.split(from).join(to), map(x)]));
    return v;
  };
  return map(value) as T;
}

let prod: RenderedStack;
let dev: RenderedStack;
let prodChart: Flowchart;
let prodText: string;
beforeAll(async () => {
  prod = await renderRealStack("prod");
  dev = await renderRealStack("dev");
  prodText = mermaidFromPlan(prod);
  prodChart = parseFlowchart(prodText);
});

describe("the prod architecture picture", () => {
  it("reads as a flowchart: balanced subgraphs, valid ids, every edge's ends declared", () => {
    expect(prodChart.nodes.size).toBeGreaterThan(20);
    expect(prodChart.edges.length).toBeGreaterThan(20);
  });

  it("the structural check refuses what Mermaid would not read", () => {
    expect(() => parseFlowchart(prodText + "end\n")).toThrow(/end without a subgraph/);
    expect(() => parseFlowchart(prodText + "  users_default --> nowhere\n")).toThrow(/nowhere is not declared/);
    expect(() => parseFlowchart(prodText + '  end["a node named end"]\n')).toThrow(/keyword/);
    expect(() => parseFlowchart(prodText + '  loose["a "quote" inside"]\n')).toThrow(/none of what a flowchart declares/);
  });

  it("draws each region (china, frankfurt) with its AWS region and partition", () => {
    const regions = outputsOf(prod).regions;
    expect(Object.keys(regions).sort()).toEqual(["china", "frankfurt"]);
    for (const [name, r] of Object.entries(regions)) {
      expect(prodChart.nodes.get(regionSubgraph(prodChart, name))!.lines[1]).toBe(`${r.awsRegion} · partition ${r.partition}`);
    }
  });

  it("draws each region's GPU pools with their node bounds, its data stores, and the servers on their pools", () => {
    for (const [name, r] of Object.entries(outputsOf(prod).regions)) {
      const region = regionSubgraph(prodChart, name);
      const inRegion = (first: (l: string) => boolean) => idsOf(prodChart, first).filter((id) => within(prodChart, id, region));
      for (const [pool, p] of Object.entries(r.gpuPools)) {
        const [id] = inRegion((l) => l === `GPU pool ${pool}`);
        expect(id, `${name} pool ${pool}`).toBeDefined();
        expect(prodChart.nodes.get(id!)!.lines).toContain(`${p.minNodes}–${p.maxNodes} nodes (desired ${p.desiredNodes})`);
      }
      const [redis] = inRegion((l) => l.startsWith("ElastiCache redis"));
      const [kafka] = inRegion((l) => l.startsWith("MSK Kafka"));
      const [frontDoor] = inRegion((l) => l.startsWith("front door"));
      const [monitoring] = inRegion((l) => l.startsWith("monitoring"));
      expect([redis, kafka, frontDoor, monitoring].every(Boolean), name).toBe(true);
      expect(edgeTo(prodChart, frontDoor!, (to, label) => to === redis && label === "uses"), `${name}: rate limits counted in Redis`).toBe(true);
      expect(edgeTo(prodChart, monitoring!, (to) => to === redis) && edgeTo(prodChart, monitoring!, (to) => to === kafka), `${name}: alarms on both stores`).toBe(true);
      for (const m of r.serving.models) {
        const [server] = inRegion((l) => l === `model server ${m.name}`);
        const [pool] = inRegion((l) => l === `GPU pool ${m.pool}`);
        expect(edgeTo(prodChart, server!, (to, label) => to === pool && label === "runs on"), `${name}: ${m.name} on ${m.pool}`).toBe(true);
        expect(edgeTo(prodChart, frontDoor!, (to, label) => to === server && /clients/.test(label ?? "")), `${name}: front door → ${m.name}`).toBe(true);
        expect(edgeTo(prodChart, monitoring!, (to) => to === server), `${name}: ${m.name} scraped`).toBe(true);
      }
    }
  });

  it("sends every DNS route's location, through its record, to its region's NLB", () => {
    const routes = outputsOf(prod).dns.routingTable;
    expect(routes.map((r) => r.location).sort()).toEqual(["*", "continent:EU", "country:CN"]);
    for (const route of routes) {
      const [users] = idsOf(prodChart, (l) => l === (route.location === "*" ? "users anywhere else (*)" : `users in ${route.location}`));
      const record = prodChart.edges.find((e) => e.from === users)?.to;
      expect(record && prodChart.nodes.get(record)!.lines[0], route.location).toMatch(new RegExp(`${route.setIdentifier}$`));
      const target = prodChart.edges.find((e) => e.from === record)!.to;
      expect(prodChart.nodes.get(target)!.lines[0], route.location).toBe("internet-facing NLB");
      expect(within(prodChart, target, regionSubgraph(prodChart, route.region)), `${route.location} → ${route.region}`).toBe(true);
    }
  });

  it("draws each region's health check probing its NLB on the health path", () => {
    for (const [name, hc] of Object.entries(outputsOf(prod).dns.healthChecks)) {
      const [check] = idsOf(prodChart, (l) => l === `health check ${name}`);
      expect(prodChart.nodes.get(check!)!.lines[1]).toContain(hc.path);
      const probe = prodChart.edges.find((e) => e.from === check && e.label === "probes");
      expect(probe?.dashed && within(prodChart, probe.to, regionSubgraph(prodChart, name)), name).toBe(true);
    }
  });

  it("docs/architecture.md shows the current prod picture", () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, "docs", "architecture.md"), "utf8");
    const block = /```mermaid\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block, "docs/architecture.md is stale: replace its mermaid block with the output of `npm run plan -- --stack prod --mermaid`").toBe(prodText);
  });
});

describe("mermaidFromPlan on other plans", () => {
  it("draws the dev stack's regions (shanghai for China)", () => {
    const chart = parseFlowchart(mermaidFromPlan(dev));
    const cn = outputsOf(dev).dns.routingTable.find((r) => r.location === "country:CN")!;
    expect(cn.region).toBe("shanghai");
    regionSubgraph(chart, "shanghai");
    regionSubgraph(chart, "frankfurt");
  });

  it("reads the numbers from the plan: a pool's max nodes changed in the outputs shows in the picture", () => {
    const edited = structuredClone(prod);
    (edited.outputs as ReturnType<typeof outputsOf>).regions.china!.gpuPools["g5-12xl"]!.maxNodes = 77;
    expect(mermaidFromPlan(edited)).toContain("6–77 nodes");
    expect(prodText).not.toContain("6–77 nodes");
  });

  it("is the same whatever the order of the resources and outputs", () => {
    const shuffled = structuredClone(prod);
    shuffled.resources.reverse();
    const o = shuffled.outputs as ReturnType<typeof outputsOf>;
    o.regions = Object.fromEntries(Object.entries(o.regions).reverse());
    o.dns.routingTable.reverse();
    expect(mermaidFromPlan(shuffled)).toBe(prodText);
  });

  it("draws a region whatever its name: keywords, quotes, brackets, '#', '|' and non-Latin letters", () => {
    for (const name of ["end", 'a "b" <c> #1 | `d`', "北京"]) {
      const chart = parseFlowchart(mermaidFromPlan(renamed(prod, "china", name)));
      regionSubgraph(chart, name);
      expect(idsOf(chart, (l) => l === `health check ${name}`), name).toHaveLength(1);
    }
  });

  it("refuses a plan whose DNS routes to a region it does not hold, or without DNS outputs", () => {
    const lost = structuredClone(prod);
    (lost.outputs as ReturnType<typeof outputsOf>).dns.routingTable[0]!.region = "atlantis";
    expect(() => mermaidFromPlan(lost)).toThrow(/goes to region atlantis, which the plan does not hold/);
    const noDns = structuredClone(prod);
    delete (noDns.outputs as { dns?: unknown }).dns;
    expect(() => mermaidFromPlan(noDns)).toThrow(/dns/);
  });
});
