/**
 * The contract of ManagedRedis: its settings, their defaults and their rules,
 * defined once. `ManagedRedisArgs` extends `RedisSettings`, the component
 * validates with this schema, and a region's `redis:` section in the stack
 * file is this schema. Pulumi-free.
 */
import { z } from "zod";
import type { SettingsProblem } from "../lib/contract";
import { notOfferedProblem, unknownTypeProblem } from "../lib/instance-facts";
import { logRetentionProblem } from "../lib/log-retention";
import { cacheNodeTypeProblem, engineVersionProblem, EVICTION_POLICIES } from "./parameters";
import { windowProblems } from "./windows";

/** ElastiCache's default limit of read replicas per shard. */
const MAX_REPLICAS = 5;
/** ElastiCache's longest snapshot retention. */
const MAX_SNAPSHOT_DAYS = 35;
/** Snapshots prod keeps at least. */
const PROD_MIN_SNAPSHOT_DAYS = 7;

const wholeNumber = z.number().int("a whole number");

/** Settings of one replication group (sessions and the 30 s response cache). */
export const redisSettingsSchema = z.strictObject({
  /** `redis` (OSS 7) or `valkey`. @default redis */
  engine: z.enum(["redis", "valkey"]).default("redis"),
  /** Engine version: redis 7.0/7.1, valkey 7.2/8.0/8.1. @default 7.1 */
  engineVersion: z.string().default("7.1"),
  /** Node type of every node. @default cache.r6g.large */
  nodeType: z.string().default("cache.r6g.large"),
  /** Read replicas next to the primary (one shard); 0 = a single node without failover (dev only). @default 1 */
  replicas: wholeNumber.min(0, "must be ≥ 0").max(MAX_REPLICAS, `at most ${MAX_REPLICAS} (ElastiCache's replicas per shard)`).default(1),
  /** Spread over AZs and fail over automatically; needs ≥ 1 replica; prod requires it. @default true */
  multiAz: z.boolean().default(true),
  /** Days automatic snapshots are kept (0 = none); prod needs ≥ 7. @default 7 */
  snapshotRetentionDays: wholeNumber.min(0, "must be ≥ 0").max(MAX_SNAPSHOT_DAYS, `at most ${MAX_SNAPSHOT_DAYS} (ElastiCache's limit)`).default(7),
  /** Daily UTC snapshot window. @default 17:00-18:00 */
  snapshotWindow: z.string().default("17:00-18:00"),
  /** Weekly UTC maintenance window, apart from the snapshot window. @default sun:19:00-sun:20:00 */
  maintenanceWindow: z.string().default("sun:19:00-sun:20:00"),
  /** maxmemory-policy of the parameter group (parameters.ts says why). @default volatile-ttl */
  evictionPolicy: z.enum(EVICTION_POLICIES).default("volatile-ttl"),
  /** Days slow-log and engine-log are kept in CloudWatch Logs. @default 30 */
  logRetentionDays: wholeNumber.default(30),
  /** TCP port. @default 6379 */
  port: wholeNumber.min(1024, "a TCP port from 1024 to 65535").max(65535, "a TCP port from 1024 to 65535").default(6379),
  /** TTL of cached inference responses, published to pods as RESPONSE_CACHE_TTL_SECONDS (the seed's 30 s). @default 30 */
  cacheTtlSeconds: wholeNumber.min(1, "must be ≥ 1 second").default(30),
}).superRefine((s, ctx) => {
  const add = (path: string, message: string | undefined) => {
    if (message) ctx.addIssue({ code: "custom", path: [path], message });
  };
  add("nodeType", cacheNodeTypeProblem(s.nodeType) ?? unknownTypeProblem("cache", s.nodeType));
  add("engineVersion", engineVersionProblem(s.engine, s.engineVersion));
  for (const p of windowProblems(s.snapshotWindow, s.maintenanceWindow)) add(p.window, p.reason);
  add("logRetentionDays", logRetentionProblem(s.logRetentionDays));
  if (s.multiAz && s.replicas < 1) add("replicas", "Multi-AZ fails over to a replica: set replicas ≥ 1, or multiAz false (single node, dev only)");
});

/** What a caller may set (defaulted keys optional). */
export type RedisSettings = z.input<typeof redisSettingsSchema>;
/** Settings with every default applied. */
export type ResolvedRedisSettings = z.output<typeof redisSettingsSchema>;

/** Rules that need the group's region: a node type offered there. */
export function redisRegionProblems(s: ResolvedRedisSettings, awsRegion: string): SettingsProblem[] {
  const problem = notOfferedProblem("cache", s.nodeType, awsRegion);
  return problem ? [{ path: ["nodeType"], message: problem }] : [];
}

/** What prod adds to the rules: failover, a replica, a week of snapshots. */
export function redisProdProblems(s: ResolvedRedisSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (!s.multiAz) problems.push({ path: ["multiAz"], message: "prod needs multiAz true (automatic failover to another AZ); a single AZ is allowed in dev only" });
  if (s.replicas < 1) problems.push({ path: ["replicas"], message: "prod needs at least 1 replica so a node loss fails over instead of losing the cache and sessions" });
  if (s.snapshotRetentionDays < PROD_MIN_SNAPSHOT_DAYS) {
    problems.push({ path: ["snapshotRetentionDays"], message: `prod keeps snapshots at least ${PROD_MIN_SNAPSHOT_DAYS} days (allowed: ${PROD_MIN_SNAPSHOT_DAYS} to ${MAX_SNAPSHOT_DAYS})` });
  }
  return problems;
}

/** ElastiCache's limit on a replication group id. */
const MAX_GROUP_ID = 40;

/**
 * Why the stack-scoped replication group id does not suit ElastiCache
 * (undefined when it does): 1 to 40 lower-case letters, digits and hyphens,
 * starting with a letter, no two hyphens in a row, no hyphen at the end.
 */
export function replicationGroupIdProblem(id: string): string | undefined {
  if (/^[a-z](-?[a-z0-9])*$/.test(id) && id.length <= MAX_GROUP_ID) return undefined;
  return `replication group id "${id}" (<stack>-<name>, ${id.length} characters) is not allowed: ElastiCache takes 1 to ${MAX_GROUP_ID} lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen; use a shorter or plainer stack or component name`;
}
