import { logRetentionProblem } from "../lib/log-retention";
import type { InputProblem } from "../lib/problems";
import type { ManagedRedisArgs } from "./index";
import { cacheNodeTypeProblem, engineVersionProblem, EVICTION_POLICIES } from "./parameters";
import { windowProblems } from "./windows";

/** ElastiCache's default limit of read replicas per shard. */
const MAX_REPLICAS = 5;

/** ElastiCache's limit on a replication group id. */
const MAX_GROUP_ID = 40;

/**
 * Why the stack-scoped replication group id does not suit ElastiCache
 * (undefined when it does): 1 to 40 lower-case letters, digits and hyphens,
 * starting with a letter, no two hyphens in a row, no hyphen at the end. Pure.
 */
export function replicationGroupIdProblem(id: string): string | undefined {
  if (/^[a-z](-?[a-z0-9])*$/.test(id) && id.length <= MAX_GROUP_ID) return undefined;
  return `replication group id "${id}" (<stack>-<name>, ${id.length} characters) is not allowed: ElastiCache takes 1 to ${MAX_GROUP_ID} lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen; use a shorter or plainer stack or component name`;
}

/** Every problem with ManagedRedis inputs (empty when they are fine). Pure. */
export function validateManagedRedisArgs(args: ManagedRedisArgs): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (property: string, reason: string | undefined) => {
    if (reason) problems.push({ property, reason });
  };
  const engine = args.engine ?? "redis";
  const replicas = args.replicas ?? 1;
  const multiAz = args.multiAz ?? true;

  add("engineVersion", engineVersionProblem(engine, args.engineVersion ?? "7.1"));
  add("nodeType", cacheNodeTypeProblem(args.nodeType ?? "cache.r6g.large"));
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > MAX_REPLICAS) add("replicas", `a whole number from 0 to ${MAX_REPLICAS}`);
  if (multiAz && replicas < 1) add("multiAz", "Multi-AZ fails over to a replica in another AZ: set replicas ≥ 1, or multiAz false (single node, dev only)");
  if (multiAz && args.subnetIds.length < 2) add("subnetIds", "Multi-AZ needs subnets in at least two AZs");
  const retention = args.snapshotRetentionDays ?? 7;
  if (!Number.isInteger(retention) || retention < 0 || retention > 35) add("snapshotRetentionDays", "a whole number of days from 0 (no backups) to 35");
  for (const p of windowProblems(args.snapshotWindow ?? "17:00-18:00", args.maintenanceWindow ?? "sun:19:00-sun:20:00")) add(p.window, p.reason);
  const policy = args.evictionPolicy ?? "volatile-ttl";
  if (!(EVICTION_POLICIES as readonly string[]).includes(policy)) add("evictionPolicy", `one of ${EVICTION_POLICIES.join(", ")}`);
  add("logRetentionDays", logRetentionProblem(args.logRetentionDays ?? 30));
  const port = args.port ?? 6379;
  if (!Number.isInteger(port) || port < 1024 || port > 65535) add("port", "a TCP port from 1024 to 65535");
  const ttl = args.connection?.cacheTtlSeconds ?? 30;
  if (!Number.isInteger(ttl) || ttl <= 0) add("connection.cacheTtlSeconds", "a whole number of seconds > 0");
  return problems;
}
