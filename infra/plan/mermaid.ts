/**
 * The architecture picture of a rendered plan: a Mermaid flowchart of who is
 * routed where (the geo-DNS table and its health checks) and what each region
 * runs (the platform's components and data stores). Everything comes from the
 * plan, so the picture of a stack file changes when its plan does; output is
 * sorted, so a diff of docs/architecture.md shows only real changes.
 *
 * Edges between a region's components are the wiring the plan holds: one
 * component "uses" another when some resource under it names that one (a
 * pool's name in a nodeSelector, a store's endpoint, bucket, connection
 * ConfigMap or Secret); monitoring watches what names its Prometheus release
 * (PodMonitors) and what its own alarms name; KEDA scales what holds a
 * ScaledObject; the front door's tiers go to the servers its outputs list.
 */
import { z } from "zod";
import type { RenderedResource, RenderedStack } from "../../policy/plan";

const poolOutputs = z.object({
  instanceTypes: z.array(z.string()), capacityType: z.string(), minNodes: z.number(), desiredNodes: z.number(), maxNodes: z.number(),
});
const regionOutputs = z.object({
  awsRegion: z.string(),
  partition: z.string(),
  clusterName: z.string(),
  systemPool: z.object({ instanceType: z.string(), minNodes: z.number(), maxNodes: z.number() }),
  gpuPools: z.record(z.string(), poolOutputs),
  redis: z.object({ engine: z.string(), nodeType: z.string(), nodes: z.number(), multiAz: z.boolean(), primaryEndpoint: z.string(), readerEndpoint: z.string() }),
  kafka: z.object({
    kafkaVersion: z.string(), brokerInstanceType: z.string(), brokers: z.number(), clusterArn: z.string(), bootstrapBrokersIam: z.string(),
    topics: z.array(z.object({ name: z.string() })),
  }),
  monitoring: z.object({ prometheusRelease: z.string(), alerts: z.array(z.unknown()), cloudwatchAlarms: z.number() }),
  serving: z.object({
    keda: z.string(), weightsBucket: z.string(),
    models: z.array(z.object({ name: z.string(), tier: z.string(), minReplicas: z.number(), maxReplicas: z.number() })),
  }),
  frontDoor: z.object({
    hostname: z.string(), envoyGateway: z.string(), routes: z.record(z.string(), z.string()),
    tiers: z.record(z.string(), z.object({ stable: z.string(), canaryWeightPercent: z.number() })),
  }),
});
const stackOutputs = z.object({
  regions: z.record(z.string(), regionOutputs),
  dns: z.object({
    recordName: z.string(), routingPolicy: z.string(), ttlSeconds: z.number(),
    routingTable: z.array(z.object({ location: z.string(), region: z.string(), recordType: z.string(), setIdentifier: z.string(), crossPartition: z.boolean() })),
    healthChecks: z.record(z.string(), z.object({ type: z.string(), port: z.number(), path: z.string(), intervalSeconds: z.number(), failureThreshold: z.number() })),
  }),
});
type RegionOutputs = z.infer<typeof regionOutputs>;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Label text made safe inside Mermaid's double quotes: characters the grammar
 * or the HTML label would read are written as Mermaid's `#code;` entities;
 * each entry of `lines` is a line of the label.
 */
function label(...lines: string[]): string {
  const escape = (s: string) => s.replace(/[#"<>`|&]/g, (c) => `#${c.charCodeAt(0)};`).replace(/\s+/g, " ");
  return `"${lines.map(escape).join("<br/>")}"`;
}

/** Mermaid ids: letters, digits and `_` only, one id per thing, whatever its name. */
class NodeIds {
  private readonly ids = new Map<string, string>();
  private readonly taken = new Set<string>();

  of(...parts: string[]): string {
    const key = JSON.stringify(parts);
    let id = this.ids.get(key);
    if (!id) {
      // A kind prefix first: no id is a keyword (`end`) or starts an edge (`o`, `x`).
      const base = parts.map((p) => p.replace(/[^A-Za-z0-9_]/g, "_")).join("_");
      id = base;
      for (let n = 2; this.taken.has(id); n++) id = `${base}_${n}`;
      this.ids.set(key, id);
      this.taken.add(id);
    }
    return id;
  }
}

/** Every string value in a resource's inputs. */
function* strings(v: unknown): Generator<string> {
  if (typeof v === "string") yield v;
  else if (Array.isArray(v)) for (const x of v) yield* strings(x);
  else if (v !== null && typeof v === "object") for (const x of Object.values(v)) yield* strings(x);
}

/** Names by which other resources reach a component: exact (Kubernetes names) or contained (cloud names). */
interface Handles { exact: string[]; contained: string[] }

/** A drawn component of a region: the resources below it and every string their inputs hold. */
interface Drawn { id: string; component: RenderedResource; below: RenderedResource[]; values: Set<string>; handles: Handles }

const K8S_PUBLISHED = /^kubernetes:core\/v1:(ConfigMap|Secret|ServiceAccount)$/;
const hostOf = (endpoint: string) => endpoint.replace(/:\d+$/, "");

/** Kubernetes objects a component publishes for others (connection ConfigMaps, Secrets, service accounts). */
const publishedNames = (below: RenderedResource[]): string[] =>
  below.filter((r) => K8S_PUBLISHED.test(r.type)).map((r) => (r.inputs.metadata as { name?: unknown } | undefined)?.name).filter((n): n is string => typeof n === "string");

/** The physical name (input `key`) of a store's own cloud resource of `type`, which alarms quote. */
const physicalName = (below: RenderedResource[], type: string, key: string): string[] =>
  below.filter((r) => r.type === type).map((r) => r.inputs[key]).filter((n): n is string => typeof n === "string" && n.length > 0);

const references = (from: Drawn, to: Drawn): boolean =>
  to.handles.exact.some((h) => from.values.has(h)) || [...from.values].some((s) => to.handles.contained.some((h) => s.includes(h)));

/** Draws one region: its subgraph, its components' nodes and the edges between them. Returns its NLB's id. */
function drawRegion(out: string[], edges: string[], ids: NodeIds, name: string, o: RegionOutputs, components: Map<string, Drawn[]>): string {
  const ofType = (type: string) => components.get(type) ?? [];
  const nlb = ids.of("nlb", name);
  const node = (d: Drawn, open: string, close: string, ...lines: string[]) => out.push(`      ${d.id}${open}${label(...lines)}${close}`);
  const suffix = (d: Drawn, prefix: string) => d.component.name.slice(prefix.length);

  out.push(`  subgraph ${ids.of("region", name)} [${label(name, `${o.awsRegion} · partition ${o.partition}`)}]`);
  out.push(`    ${nlb}[${label("internet-facing NLB", o.frontDoor.hostname)}]`);
  for (const d of ofType("inference:data:ManagedRedis")) {
    out.push(`    ${d.id}[(${label(`ElastiCache ${o.redis.engine}`, `${o.redis.nodes} × ${o.redis.nodeType}${o.redis.multiAz ? ", multi-AZ" : ""}`)})]`);
  }
  for (const d of ofType("inference:data:KafkaCluster")) {
    const topics = o.kafka.topics.map((t) => t.name).sort(byText).join(", ");
    out.push(`    ${d.id}[(${label(`MSK Kafka ${o.kafka.kafkaVersion}`, `${o.kafka.brokers} × ${o.kafka.brokerInstanceType}`, `topics ${topics}`)})]`);
  }
  for (const d of ofType("inference:serving:ModelWeights")) out.push(`    ${d.id}[(${label("model weights (S3)", o.serving.weightsBucket)})]`);
  for (const cluster of ofType("inference:eks:EksCluster")) {
    out.push(`    subgraph ${cluster.id} [${label(`EKS ${o.clusterName}`, `system pool ${o.systemPool.minNodes}–${o.systemPool.maxNodes} × ${o.systemPool.instanceType}`)}]`);
    for (const d of ofType("inference:gpu:GpuNodePool")) {
      const pool = suffix(d, `${name}-gpu-`);
      const p = o.gpuPools[pool];
      if (!p) throw new Error(`${d.component.name}: no gpuPools.${pool} in the outputs of region ${name}`);
      node(d, "[[", "]]", `GPU pool ${pool}`, `${p.instanceTypes.join(", ")} · ${p.capacityType}`, `${p.minNodes}–${p.maxNodes} nodes (desired ${p.desiredNodes})`);
    }
    for (const d of ofType("inference:traffic:FrontDoor")) {
      node(d, "[", "]", `front door: Envoy Gateway ${o.frontDoor.envoyGateway}`, `routes ${Object.values(o.frontDoor.routes).sort(byText).join(", ")}`);
    }
    for (const d of ofType("inference:serving:ModelServer")) {
      const m = o.serving.models.find((x) => x.name === suffix(d, `${name}-model-`));
      if (!m) throw new Error(`${d.component.name}: no serving.models entry in the outputs of region ${name}`);
      node(d, "[", "]", `model server ${m.name}`, `tier ${m.tier} · ${m.minReplicas}–${m.maxReplicas} replicas`);
    }
    for (const d of ofType("inference:scaling:Keda")) node(d, "[", "]", `KEDA ${o.serving.keda}`);
    for (const d of ofType("inference:monitoring:Monitoring")) {
      node(d, "[", "]", `monitoring: Prometheus ${o.monitoring.prometheusRelease}`, `${o.monitoring.alerts.length} alert rules · ${o.monitoring.cloudwatchAlarms} CloudWatch alarms`);
    }
    for (const d of ofType("inference:traffic:RegionalIngress")) node(d, "[", "]", "AWS Load Balancer Controller");
    out.push("    end");
  }
  out.push("  end");

  // Edges, each group in the sorted order of its components. The cluster is a frame, not a party to the wiring.
  const drawn = [...components.values()].flat().filter((d) => d.component.type !== "inference:eks:EksCluster");
  const servers = ofType("inference:serving:ModelServer");
  const monitoring = ofType("inference:monitoring:Monitoring");
  for (const d of ofType("inference:traffic:RegionalIngress")) edges.push(`  ${d.id} -.->|"provisions"| ${nlb}`);
  for (const d of ofType("inference:traffic:FrontDoor")) {
    edges.push(`  ${nlb} -->|"HTTPS"| ${d.id}`);
    for (const [tier, t] of Object.entries(o.frontDoor.tiers).sort(([a], [b]) => byText(a, b))) {
      const server = servers.find((s) => s.component.name === `${name}-model-${t.stable}`);
      if (!server) throw new Error(`${d.component.name}: tier ${tier} goes to ${t.stable}, which region ${name} does not serve`);
      const canary = t.canaryWeightPercent > 0 ? `, canary ${t.canaryWeightPercent} %` : "";
      edges.push(`  ${d.id} -->|${label(`${tier} clients${canary}`)}| ${server.id}`);
    }
  }
  for (const from of drawn) {
    for (const to of drawn) {
      if (from === to || !references(from, to)) continue;
      if (monitoring.includes(to)) edges.push(`  ${to.id} -.->|"scrapes"| ${from.id}`);
      else if (monitoring.includes(from)) edges.push(`  ${from.id} -.->|"watches"| ${to.id}`);
      else edges.push(`  ${from.id} -->|"${to.component.type === "inference:gpu:GpuNodePool" ? "runs on" : "uses"}"| ${to.id}`);
    }
  }
  for (const k of ofType("inference:scaling:Keda")) {
    for (const d of drawn) if (d.below.some((r) => r.type.startsWith("kubernetes:keda.sh/"))) edges.push(`  ${k.id} -.->|"scales"| ${d.id}`);
  }
  return nlb;
}

/** Component types drawn in a region; the rest (network, device plugin, autoscaler, …) is plumbing the picture leaves out. */
const DRAWN_TYPES = new Set([
  "inference:eks:EksCluster", "inference:gpu:GpuNodePool", "inference:traffic:FrontDoor", "inference:serving:ModelServer",
  "inference:scaling:Keda", "inference:monitoring:Monitoring", "inference:traffic:RegionalIngress",
  "inference:data:ManagedRedis", "inference:data:KafkaCluster", "inference:serving:ModelWeights",
]);

/** What other resources name a component by: see the module comment. */
function handlesOf(d: Omit<Drawn, "handles">, o: RegionOutputs): Handles {
  switch (d.component.type) {
    case "inference:gpu:GpuNodePool": return { exact: [d.component.name], contained: [] };
    case "inference:monitoring:Monitoring": return { exact: [o.monitoring.prometheusRelease], contained: [] };
    case "inference:data:ManagedRedis":
      return { exact: publishedNames(d.below), contained: [o.redis.primaryEndpoint, o.redis.readerEndpoint, ...physicalName(d.below, "aws:elasticache/replicationGroup:ReplicationGroup", "replicationGroupId")] };
    case "inference:data:KafkaCluster":
      return { exact: publishedNames(d.below), contained: [o.kafka.clusterArn, ...o.kafka.bootstrapBrokersIam.split(",").map(hostOf), ...physicalName(d.below, "aws:msk/cluster:Cluster", "clusterName")] };
    case "inference:serving:ModelWeights": return { exact: publishedNames(d.below), contained: [o.serving.weightsBucket] };
    default: return { exact: [], contained: [] };
  }
}

/**
 * The plan as a Mermaid flowchart: users by DNS location → the geo-DNS records
 * (with each region's health check) → each region's NLB, front door, model
 * servers, GPU pools, KEDA, monitoring and data stores.
 */
export function mermaidFromPlan(rendered: RenderedStack): string {
  const outputs = stackOutputs.parse(rendered.outputs);
  const ids = new NodeIds();
  const children = new Map<string, RenderedResource[]>();
  for (const r of rendered.resources) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
  const below = (urn: string): RenderedResource[] => (children.get(urn) ?? []).flatMap((c) => [c, ...below(c.urn)]);

  const out = ["flowchart LR"];
  const edges: string[] = [];
  const { dns } = outputs;
  const routes = [...dns.routingTable].sort((a, b) => byText(a.setIdentifier, b.setIdentifier));

  for (const route of routes) {
    const who = route.location === "*" ? "users anywhere else (*)" : `users in ${route.location}`;
    out.push(`  ${ids.of("users", route.setIdentifier)}([${label(who)}])`);
  }
  out.push(`  subgraph ${ids.of("dns", "zone")} [${label(`Route 53: ${dns.recordName}`, `${dns.routingPolicy} routing · TTL ${dns.ttlSeconds} s`)}]`);
  for (const route of routes) {
    out.push(`    ${ids.of("record", route.setIdentifier)}[${label(`${route.recordType} ${route.setIdentifier}`, route.crossPartition ? "cross-partition" : "same partition")}]`);
  }
  for (const [region, hc] of Object.entries(dns.healthChecks).sort(([a], [b]) => byText(a, b))) {
    out.push(`    ${ids.of("health", region)}{{${label(`health check ${region}`, `${hc.type} :${hc.port}${hc.path}`, `every ${hc.intervalSeconds} s, ${hc.failureThreshold} failures`)}}}`);
  }
  out.push("  end");

  const nlbs = new Map<string, string>();
  const platforms = rendered.resources.filter((r) => r.type === "inference:region:RegionalPlatform").sort((a, b) => byText(a.name, b.name));
  for (const platform of platforms) {
    const o = outputs.regions[platform.name];
    if (!o) throw new Error(`region ${platform.name} has no outputs.regions.${platform.name}`);
    const components = new Map<string, Drawn[]>();
    for (const c of below(platform.urn).filter((r) => DRAWN_TYPES.has(r.type)).sort((a, b) => byText(a.name, b.name))) {
      const under = below(c.urn);
      const d = { id: ids.of(c.type.split(":").pop()!.toLowerCase(), c.name), component: c, below: under, values: new Set(under.flatMap((r) => [...strings(r.inputs)])) };
      components.set(c.type, [...(components.get(c.type) ?? []), { ...d, handles: handlesOf(d, o) }]);
    }
    nlbs.set(platform.name, drawRegion(out, edges, ids, platform.name, o, components));
  }

  for (const route of routes) {
    const nlb = nlbs.get(route.region);
    if (!nlb) throw new Error(`DNS route ${route.setIdentifier} goes to region ${route.region}, which the plan does not hold`);
    edges.push(`  ${ids.of("users", route.setIdentifier)} --> ${ids.of("record", route.setIdentifier)}`, `  ${ids.of("record", route.setIdentifier)} --> ${nlb}`);
  }
  for (const region of Object.keys(dns.healthChecks).sort(byText)) {
    const nlb = nlbs.get(region);
    if (!nlb) throw new Error(`the DNS health check of region ${region} probes a region the plan does not hold`);
    edges.push(`  ${ids.of("health", region)} -.->|"probes"| ${nlb}`);
  }
  return [...out, ...edges].join("\n") + "\n";
}
