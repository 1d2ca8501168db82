/**
 * Monthly cost of a rendered plan: each region at the capacity plan's minimum,
 * desired and maximum node counts, plus the global DNS. Pure: it reads the
 * plan's outputs and resources and the recorded price table, nothing else.
 */
import type { RenderedResource } from "../harness";
import { costArea, costLine, fixed, type CostEstimate, type CostLine, type Range } from "./lines";
import { DNS_PRICES, HOURS_PER_MONTH, PRICES_RECORDED, pricesIn, type RegionPrices, type UnitPrice } from "./prices";

/** The region outputs the estimate reads (see infra/index.ts). */
interface RegionOutputs {
  awsRegion: string;
  gpuPools?: Record<string, { instanceTypes: string[]; capacityType: string; minNodes: number; desiredNodes: number; maxNodes: number }>;
  systemPool?: { instanceType: string; minNodes: number; maxNodes: number };
  natGateways?: number;
  redis?: { nodeType: string; nodes: number };
  kafka?: { brokerInstanceType: string; brokers: number; volumeSizeGiB: number; maxVolumeSizeGiB?: number };
  frontDoor?: unknown;
}

const REGION_NOT_COUNTED = [
  "NAT gateway data processing (per GB)",
  "NLB capacity units (LCU)",
  "data transfer out of AWS and between zones",
  "EBS snapshots, ElastiCache backups and S3 storage (model weights)",
  "SNS notifications",
];
const GLOBAL_NOT_COUNTED = ["Route 53 DNS queries (geolocation, per million)"];

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

/** What the estimator reads of a resource: an in-process render has it, and so does a plan's JSON. */
type Costed = Pick<RenderedResource, "urn" | "type" | "name" | "inputs"> & { parent?: string | null; provider?: string };
/** What the estimator reads of a plan. */
interface CostedPlan {
  resources: readonly Costed[];
  outputs: Record<string, unknown>;
}

/** Resources grouped by the stack-level component they sit under (a region's name, or the global parts). */
function byTopComponent(r: CostedPlan): Map<string, Costed[]> {
  const byUrn = new Map(r.resources.map((x) => [x.urn, x]));
  const stackUrn = r.resources.find((x) => x.type === "pulumi:pulumi:Stack")?.urn;
  const groups = new Map<string, Costed[]>();
  for (const res of r.resources) {
    let top = res;
    for (let p = byUrn.get(top.parent ?? ""); p && p.urn !== stackUrn; p = byUrn.get(top.parent ?? "")) top = p;
    if (top === res && res.parent !== stackUrn) continue;
    const group = groups.get(top.name);
    if (group) group.push(res);
    else groups.set(top.name, [res]);
  }
  return groups;
}

const countOf = (resources: Costed[], type: string): number => resources.filter((x) => x.type === type).length;

/** Upper-bound hourly price of a node that may be any of `types` (unknown if any type is). */
function dearest(prices: RegionPrices, types: string[]): UnitPrice | undefined {
  const found = types.map((t) => prices.ec2[t]);
  if (found.length === 0 || found.some((p) => p === undefined)) return undefined;
  return found.reduce((a, b) => (b!.amount > a!.amount ? b : a));
}

function poolNote(types: string[], capacityType: string): string | undefined {
  const notes = [
    capacityType === "SPOT" ? "SPOT capacity priced at On-Demand (an upper bound: the spot price varies)" : undefined,
    types.length > 1 ? `may run any of ${types.join(", ")}: priced at the dearest (an upper bound)` : undefined,
  ].filter((n): n is string => n !== undefined);
  return notes.length ? notes.join("; ") : undefined;
}

/** Root volume GiB per node for a node group of `types`, from its launch template in the plan. */
function rootVolumeGiB(resources: Costed[], types: string[]): number | undefined {
  const group = resources.find((x) => x.type === "aws:eks/nodeGroup:NodeGroup" && JSON.stringify(x.inputs.instanceTypes) === JSON.stringify(types));
  const templateId = (group?.inputs.launchTemplate as { id?: string } | undefined)?.id;
  // The plan's mocks give every resource the id `<name>-id`.
  const template = resources.find((x) => x.type === "aws:ec2/launchTemplate:LaunchTemplate" && `${x.name}-id` === templateId);
  const size = (template?.inputs.blockDeviceMappings as { ebs?: { volumeSize?: number } }[] | undefined)?.[0]?.ebs?.volumeSize;
  return typeof size === "number" ? size : undefined;
}

function nodeLines(region: RegionOutputs, prices: RegionPrices, resources: Costed[]): CostLine[] {
  const lines: CostLine[] = [];
  const volumes: { nodes: Range; gib: number | undefined; pool: string }[] = [];
  for (const [pool, p] of Object.entries(region.gpuPools ?? {})) {
    const nodes = { min: p.minNodes, desired: p.desiredNodes, max: p.maxNodes };
    lines.push(costLine(`GPU pool ${pool} (${p.instanceTypes.join("/")}, ${p.capacityType})`, nodes, "node", dearest(prices, p.instanceTypes), poolNote(p.instanceTypes, p.capacityType)));
    volumes.push({ nodes, gib: rootVolumeGiB(resources, p.instanceTypes), pool });
  }
  if (region.systemPool) {
    const s = region.systemPool;
    // The node group starts at its minimum; the Cluster Autoscaler grows it.
    const nodes = { min: s.minNodes, desired: s.minNodes, max: s.maxNodes };
    lines.push(costLine(`System pool (${s.instanceType}, ON_DEMAND)`, nodes, "node", prices.ec2[s.instanceType], "desired = the node group's minimum"));
    volumes.push({ nodes, gib: rootVolumeGiB(resources, [s.instanceType]), pool: "system" });
  }
  if (volumes.length) {
    const sized = volumes.filter((v) => v.gib !== undefined);
    const gb = (k: keyof Range) => sized.reduce((n, v) => n + v.nodes[k] * v.gib!, 0);
    const missing = volumes.filter((v) => v.gib === undefined).map((v) => v.pool);
    lines.push(costLine("Node root volumes (gp3)", { min: gb("min"), desired: gb("desired"), max: gb("max") }, "GB", prices.gp3GbMonth,
      missing.length ? `volume size not found in the plan for: ${missing.join(", ")}` : undefined));
  }
  return lines;
}

function fixedLines(region: RegionOutputs, prices: RegionPrices, resources: Costed[]): CostLine[] {
  const lines: CostLine[] = [];
  const clusters = countOf(resources, "aws:eks/cluster:Cluster");
  if (clusters) lines.push(costLine("EKS control plane", fixed(clusters), "cluster", prices.eksCluster));
  if (region.natGateways) lines.push(costLine("NAT gateways", fixed(region.natGateways), "gateway", prices.natGateway));
  const eips = countOf(resources, "aws:ec2/eip:Eip");
  if (eips) lines.push(costLine("Elastic IPs (public IPv4) of the NAT gateways", fixed(eips), "address", prices.publicIpv4));
  if (region.frontDoor) lines.push(costLine("Front door NLB", fixed(1), "load balancer", prices.networkLoadBalancer, "the internet-facing NLB in front of Envoy"));
  if (region.redis) lines.push(costLine(`Redis nodes (${region.redis.nodeType})`, fixed(region.redis.nodes), "node", prices.cacheNode[region.redis.nodeType]));
  if (region.kafka) {
    const k = region.kafka;
    lines.push(costLine(`Kafka brokers (${k.brokerInstanceType})`, fixed(k.brokers), "broker", prices.kafkaBroker[k.brokerInstanceType]));
    lines.push(costLine("Kafka broker storage", fixed(k.brokers * k.volumeSizeGiB), "GB", prices.kafkaStorageGbMonth,
      k.maxVolumeSizeGiB ? `provisioned size; storage autoscaling may grow each broker to ${k.maxVolumeSizeGiB} GiB` : undefined));
  }
  const alarms = countOf(resources, ALARM);
  if (alarms) lines.push(costLine("CloudWatch alarms", fixed(alarms), "alarm", prices.alarmMonth));
  const keys = countOf(resources, "aws:kms/key:Key");
  if (keys) lines.push(costLine("KMS customer-managed keys", fixed(keys), "key", prices.kmsKeyMonth));
  const logGroups = countOf(resources, "aws:cloudwatch/logGroup:LogGroup");
  if (logGroups) lines.push(costLine(`CloudWatch Logs ingestion and storage (${logGroups} log groups)`, fixed(logGroups), "log group", undefined, "volume unknown: depends on traffic and log levels"));
  return lines;
}

/** Route 53 lines: the zone, the health checks (AWS endpoints or not) and their optional features. */
function dnsLines(outputs: Record<string, unknown>, resources: Costed[]): CostLine[] {
  const lines: CostLine[] = [];
  const dns = outputs.dns as { zoneId?: string } | undefined;
  if (dns?.zoneId) lines.push(costLine("Route 53 hosted zone", fixed(1), "zone", DNS_PRICES.hostedZoneMonth, "the stack adds records to an existing zone"));
  const checks = resources.filter((x) => x.type === "aws:route53/healthCheck:HealthCheck");
  // Route 53 bills an endpoint outside the account and partition (China's NLB) as a non-AWS endpoint.
  const isAws = (c: Costed) => /\.amazonaws\.com$/.test(String(c.inputs.fqdn ?? ""));
  const features = (c: Costed) =>
    [String(c.inputs.type ?? "").startsWith("HTTPS"), c.inputs.measureLatency === true, c.inputs.requestInterval === 10, String(c.inputs.type ?? "").endsWith("STR_MATCH")].filter(Boolean).length;
  for (const aws of [true, false]) {
    const group = checks.filter((c) => isAws(c) === aws);
    if (!group.length) continue;
    const kind = aws ? "AWS endpoints" : "other endpoints";
    lines.push(costLine(`Health checks of ${kind}`, fixed(group.length), "check", aws ? DNS_PRICES.healthCheckAwsMonth : DNS_PRICES.healthCheckOtherMonth));
    const n = group.reduce((s, c) => s + features(c), 0);
    if (n) lines.push(costLine(`Health-check optional features on ${kind} (HTTPS, latency measurement…)`, fixed(n), "feature", aws ? DNS_PRICES.optionalFeatureAwsMonth : DNS_PRICES.optionalFeatureOtherMonth));
  }
  return lines;
}

/** Region (from its provider) a resource deploys to. */
function providerRegion(r: CostedPlan, res: Costed): string | undefined {
  const urn = res.provider?.slice(0, res.provider.lastIndexOf("::"));
  return r.resources.find((x) => x.urn === urn)?.inputs.region as string | undefined;
}

/** The plan's monthly cost per region (min / desired / max) and of the global DNS. */
export function estimateCost(rendered: CostedPlan): CostEstimate {
  const regionOutputs = (rendered.outputs.regions ?? {}) as Record<string, RegionOutputs>;
  const groups = byTopComponent(rendered);
  const regions: CostEstimate["regions"] = {};
  for (const [name, region] of Object.entries(regionOutputs)) {
    const prices = pricesIn(region.awsRegion);
    const resources = groups.get(name) ?? [];
    regions[name] = costArea(region.awsRegion, prices.currency, [...nodeLines(region, prices, resources), ...fixedLines(region, prices, resources)], REGION_NOT_COUNTED);
  }
  const globalResources = [...groups].filter(([name]) => !(name in regionOutputs)).flatMap(([, rs]) => rs);
  const alarms = globalResources.filter((x) => x.type === ALARM);
  const alarmRegion = alarms.map((a) => providerRegion(rendered, a)).find((x) => x !== undefined) ?? "us-east-1";
  const globalLines = [...dnsLines(rendered.outputs, globalResources),
    ...(alarms.length ? [costLine("CloudWatch alarms (DNS health)", fixed(alarms.length), "alarm", pricesIn(alarmRegion).alarmMonth)] : [])];
  return {
    pricesRecorded: PRICES_RECORDED,
    hoursPerMonth: HOURS_PER_MONTH,
    regions,
    ...(globalLines.length ? { global: costArea(alarmRegion, "USD", globalLines, GLOBAL_NOT_COUNTED) } : {}),
  };
}
