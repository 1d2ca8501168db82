// For test/stack/config-keys.test.ts: the leaf keys of the stack-file schema, read off the zod schema itself
// (so a new key cannot go untested), the edits that set a key on a copy of a real stack file, and the
// finders that read a value back off a rendered resource.
import { z } from "zod";
import { planCapacity, type TrafficForecast } from "../../components/gpu-node-pool/capacity";
import { planReplicas } from "../../components/model-server/replicas";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";

/** One key a stack file can set. */
interface LeafKey {
  /** Dotted path; `[]` stands for every element of a list, e.g. `regions[].cluster.logRetentionDays`. */
  path: string;
  /** The schema's default, when it has one. */
  default?: { value: unknown };
}

/** True when `s` is a wrapper the walk sees through (its inner schema is the key's). */
function isWrapper(s: z.core.$ZodType): s is z.core.$ZodDefault | z.core.$ZodPrefault | z.core.$ZodOptional | z.core.$ZodNullable | z.core.$ZodReadonly | z.core.$ZodCatch {
  return s instanceof z.core.$ZodDefault || s instanceof z.core.$ZodPrefault || s instanceof z.core.$ZodOptional
    || s instanceof z.core.$ZodNullable || s instanceof z.core.$ZodReadonly || s instanceof z.core.$ZodCatch;
}

/** True when `s`, seen through its wrappers, is an object schema. */
function isObject(s: z.core.$ZodType): boolean {
  return s instanceof z.core.$ZodObject || (isWrapper(s) && isObject(s._zod.def.innerType));
}

/**
 * Every leaf key of `schema`: objects are walked into, lists of objects too
 * (one `[]` segment), optional / default / prefault / nullable / readonly /
 * catch wrappers are seen through (a default is kept; a prefault is only the
 * input an object parses from, its leaves keep their own), and a pipe is read
 * on its input side (what the file holds). Everything else is a leaf:
 * scalars, lists of scalars, and records and other free-form maps, one key each.
 */
export function leafKeys(schema: z.core.$ZodType): LeafKey[] {
  const keys: LeafKey[] = [];
  const walk = (s: z.core.$ZodType, path: string, dflt?: { value: unknown }): void => {
    if (s instanceof z.core.$ZodDefault) return walk(s._zod.def.innerType, path, dflt ?? { value: s._zod.def.defaultValue });
    if (isWrapper(s)) return walk(s._zod.def.innerType, path, dflt);
    // A pipe is read on its input side; a preprocess step (a transform in front) on its output.
    if (s instanceof z.core.$ZodPipe) return walk(s._zod.def.in instanceof z.core.$ZodTransform ? s._zod.def.out : s._zod.def.in, path, dflt);
    if (s instanceof z.core.$ZodObject) {
      for (const [key, field] of Object.entries(s._zod.def.shape)) walk(field, path ? `${path}.${key}` : key);
      return;
    }
    if (s instanceof z.core.$ZodArray && isObject(s._zod.def.element)) return walk(s._zod.def.element, `${path}[]`);
    keys.push(dflt ? { path, default: dflt } : { path });
  };
  walk(schema, "");
  return keys;
}

/** Parsed YAML and rendered inputs: free-form by nature. */
export type Doc = Record<string, any>;
/** The real stack file a copy starts from. */
export type Copy = "prod" | "dev";
const NS = "inference-platform:";

/** A value set on a copy of a real stack file. */
export interface Edit {
  copy: Copy;
  /** The value, off the key's default. */
  value: unknown;
  /** Sets it, and whatever else it needs to be valid, on the copy's parsed `config`. */
  edit: (config: Doc) => void;
}
/** A key whose value must land on a resource. */
export interface Reaches extends Edit {
  /** Reads the value off the resource that must carry it (throws when the resource is missing). */
  found: (r: RenderedStack) => unknown;
  /** What `found` returns once the value arrived. @default value */
  expected?: unknown;
  /** What `found` would return had the value not arrived, where that is not plain (planning): must differ. */
  without?: unknown;
}
/** A key that reaches no resource, and why. */
export interface Unreached {
  reason: string;
}

/** Sets `value` at dotted `keyPath` under `root`, adding the sections a stack file leaves out. */
function put(root: Doc, keyPath: string, value: unknown): void {
  const keys = keyPath.split(".");
  const last = keys.pop()!;
  let at = root;
  for (const k of keys) at = at[k] ??= {};
  at[last] = value;
}
/** The element of `list` whose `name` (or `key`) is `name`. */
export function named(list: Doc[] | undefined, name: string, key = "name"): Doc {
  const found = list?.find((x) => x[key] === name);
  if (!found) throw new Error(`no entry with ${key} ${name}`);
  return found;
}
/** The stack file's `regions` entry named `region`. */
export const regionIn = (c: Doc, region: string): Doc => named(c[`${NS}regions`], region);
/** The stack file's `dns` section. */
export const dnsIn = (c: Doc): Doc => c[`${NS}dns`];

/** A stack-wide key. */
export const top = (copy: Copy, key: string, value: unknown): Edit => ({ copy, value, edit: (c) => { c[NS + key] = value; } });
/** A key of a region (`also` completes what the value needs). */
export const inRegion = (copy: Copy, region: string, keyPath: string, value: unknown, also?: (r: Doc, c: Doc) => void): Edit =>
  ({ copy, value, edit: (c) => { const r = regionIn(c, region); put(r, keyPath, value); also?.(r, c); } });
/** A key of a GPU pool of the prod copy. */
export const inPool = (region: string, pool: string, key: string, value: unknown): Edit =>
  ({ copy: "prod", value, edit: (c) => { named(regionIn(c, region).gpuPools, pool)[key] = value; } });
/** A key of a Kafka topic of the prod copy. */
export const inTopic = (region: string, topic: string, key: string, value: unknown): Edit =>
  ({ copy: "prod", value, edit: (c) => { named(regionIn(c, region).kafka.topics, topic)[key] = value; } });
/** A key of the model server at `index` of a region's `serving.models`, on the prod copy (by index: edits rename servers). */
export const inModel = (region: string, index: number, key: string, value: unknown): Edit =>
  ({ copy: "prod", value, edit: (c) => { regionIn(c, region).serving.models[index][key] = value; } });
/** A key of the DNS section (`also` completes what the value needs). */
export const inDns = (copy: Copy, keyPath: string, value: unknown, also?: (dns: Doc) => void): Edit =>
  ({ copy, value, edit: (c) => { put(dnsIn(c), keyPath, value); also?.(dnsIn(c)); } });

/** The resource of `type` named `name`, if any. */
export const find = (r: RenderedStack, type: string, name: string): RenderedResource | undefined =>
  r.resources.find((x) => x.type === type && x.name === name);
/** The resource of `type` named `name`; throws when there is none. */
export function one(r: RenderedStack, type: string, name: string): RenderedResource {
  const found = find(r, type, name);
  if (!found) throw new Error(`no ${type} named ${name}`);
  return found;
}
/** Inputs of the resource of `type` named `name`. */
export const inputs = (r: RenderedStack, type: string, name: string): Doc => one(r, type, name).inputs;
/** Values of a Helm release. */
export const helmValues = (r: RenderedStack, release: string): Doc => inputs(r, "kubernetes:helm.sh/v3:Release", release).values;
/** Environment of a region's Kafka topics Job (its init container's and its container's). */
export function topicsJobEnv(r: RenderedStack, region: string): Record<string, string> {
  const pod = inputs(r, "kubernetes:batch/v1:Job", `${region}-kafka-topics`).spec.template.spec;
  return Object.fromEntries([...pod.initContainers[0].env, ...pod.containers[0].env].map((e: { name: string; value: string }) => [e.name, e.value]));
}
/** A topic's line in the topics Job: partitions, replicas, retention.ms, min.insync.replicas. */
export function topicSpec(r: RenderedStack, region: string, topic: string): number[] {
  const line = topicsJobEnv(r, region).TOPIC_SPEC!.split("\n").find((l) => l.startsWith(`${topic} `));
  if (!line) throw new Error(`no topic ${topic} in ${region}'s topics Job`);
  return line.split(" ").slice(1).map(Number);
}
/** A region's alert rule. */
export function alertRule(r: RenderedStack, region: string, alert: string): Doc {
  const groups: Doc[] = inputs(r, "kubernetes:monitoring.coreos.com/v1:PrometheusRule", `${region}-monitoring-rules`).spec.groups;
  return named(groups.flatMap((g) => g.rules), alert, "alert");
}

/** The spec of a region's front-door object `<region>-front-door-<part>`, of `type`. */
const frontDoorSpec = (r: RenderedStack, type: string, region: string, part: string): Doc =>
  inputs(r, `kubernetes:${type}`, `${region}-front-door-${part}`).spec;
/** The Kubernetes side of a region's EnvoyProxy: the proxies' Deployment and their NLB Service. */
export const envoyProxy = (r: RenderedStack, region: string): Doc =>
  frontDoorSpec(r, "gateway.envoyproxy.io/v1alpha1:EnvoyProxy", region, "proxy").provider.kubernetes;
/** The NLB Service a region's proxies sit behind. */
export const envoyService = (r: RenderedStack, region: string): Doc => envoyProxy(r, region).envoyService;
/** The rules of a region's front-door HTTPRoute (`generation`, `api` or `healthz`). */
export const routeRules = (r: RenderedStack, region: string, route: string): Doc[] =>
  frontDoorSpec(r, "gateway.networking.k8s.io/v1:HTTPRoute", region, `route-${route}`).rules;
/** The BackendTrafficPolicy of a region's serving route (`generation` or `api`). */
export const trafficPolicy = (r: RenderedStack, region: string, route: string): Doc =>
  frontDoorSpec(r, "gateway.envoyproxy.io/v1alpha1:BackendTrafficPolicy", region, `traffic-${route}`);
/** What `read` finds on the BackendTrafficPolicies of a region's two serving routes, generation's first. */
export const onTrafficPolicies = (r: RenderedStack, region: string, read: (spec: Doc) => unknown): unknown[] =>
  ["generation", "api"].map((route) => read(trafficPolicy(r, region, route)));
/** The JWT provider of a region's SecurityPolicy. */
export const jwtProvider = (r: RenderedStack, region: string): Doc =>
  frontDoorSpec(r, "gateway.envoyproxy.io/v1alpha1:SecurityPolicy", region, "auth").jwt.providers[0];

/** The pod spec of a model server's Deployment (`<region>-model-<modelName>-<tier>`). */
export const pod = (r: RenderedStack, server: string): Doc => inputs(r, "kubernetes:apps/v1:Deployment", server).spec.template.spec;
/** A model server's vLLM container. */
export const vllm = (r: RenderedStack, server: string): Doc => pod(r, server).containers[0];
/** The value of a model server's `--flag=value` vLLM argument. */
export const vllmFlag = (r: RenderedStack, server: string, flag: string): string | undefined =>
  (vllm(r, server).args as string[]).find((a) => a.startsWith(`--${flag}=`))?.slice(flag.length + 3);

/** A GPU pool's forecast after the edits, and its node-count overrides. */
export interface PoolPlan {
  forecast: TrafficForecast;
  minNodes?: number;
  maxNodes?: number;
}
/** The node group's scaling a plan gives: the capacity plan, overrides applied, desired kept between them. */
function scalingOf({ forecast, minNodes, maxNodes }: PoolPlan): { minSize: number; desiredSize: number; maxSize: number } {
  const plan = planCapacity(forecast);
  const minSize = minNodes ?? plan.minNodes;
  const maxSize = maxNodes ?? plan.maxNodes;
  return { minSize, desiredSize: Math.min(maxSize, Math.max(minSize, plan.desiredNodes)), maxSize };
}
/**
 * A key that only shapes planning, found on the scaling of `nodeGroup`, which
 * `pool` plans; `unedited` puts back the forecast input (or override) the key
 * changed, which must give other node counts.
 */
export function planned(e: Edit, nodeGroup: string, pool: PoolPlan, unedited: Partial<TrafficForecast> | { minNodes: undefined } | { maxNodes: undefined }): Reaches {
  const { minNodes, maxNodes, ...forecast } = { minNodes: pool.minNodes, maxNodes: pool.maxNodes, ...pool.forecast, ...unedited };
  return {
    ...e,
    found: (r) => inputs(r, "aws:eks/nodeGroup:NodeGroup", nodeGroup).scalingConfig,
    expected: scalingOf(pool),
    without: scalingOf({ forecast, minNodes, maxNodes }),
  };
}

/** A model server after the edits: the plan of the pool it runs on, its share of that pool, its GPUs per replica. */
export interface ServerPlan {
  pool: PoolPlan;
  poolSharePercent: number;
  tensorParallelSize: number;
}
/** The ScaledObject's replica bounds a server gets (components/region/serving-plan.ts): its share of the pool's traffic and largest size. */
function boundsOf({ pool, poolSharePercent: share, tensorParallelSize }: ServerPlan): { minReplicaCount: number; maxReplicaCount: number } {
  const { peakQps, qpsPerGpu, surgeFactor, gpusPerNode } = pool.forecast;
  const plan = planReplicas({
    peakQps: peakQps * share / 100, qpsPerGpu, surgeFactor, gpusPerNode, gpusPerReplica: tensorParallelSize,
    maxNodes: Math.max(1, Math.floor(scalingOf(pool).maxSize * share / 100)),
  });
  if (!plan.ok) throw new Error(`no replica plan: ${plan.reason}`);
  return { minReplicaCount: plan.min, maxReplicaCount: plan.max };
}
/**
 * A key that shapes a model server's replica bounds, found on the bounds of
 * its ScaledObject `scaledObject`, which `server` plans; `unedited` puts back
 * what the key changed, which must give other bounds. `also` reads the value
 * where else it lands; `without` keeps that part as expected, so only the
 * bounds can tell the two apart.
 */
export function replicasPlanned(
  e: Edit, scaledObject: string, server: ServerPlan, unedited: Partial<Omit<ServerPlan, "pool">>,
  also?: { found: (r: RenderedStack) => unknown; expected: unknown },
): Reaches {
  const bounds = (r: RenderedStack) => {
    const { minReplicaCount, maxReplicaCount } = inputs(r, "kubernetes:keda.sh/v1alpha1:ScaledObject", scaledObject).spec;
    return { minReplicaCount, maxReplicaCount };
  };
  const [expected, without] = [boundsOf(server), boundsOf({ ...server, ...unedited })];
  if (!also) return { ...e, found: bounds, expected, without };
  return { ...e, found: (r) => [bounds(r), also.found(r)], expected: [expected, also.expected], without: [without, also.expected] };
}
