// ManagedRedis's contract: the settings schema with its defaults and rules, what prod adds, the replication group id rule.
import { describe, expect, it } from "vitest";
import { parseSettings, propertyPath } from "../../components/lib/contract";
import { redisProdProblems, redisSettingsSchema, type ResolvedRedisSettings } from "../../components/redis";
import { replicationGroupIdProblem } from "../../components/redis/contract";

/** Problems of the Redis settings schema, as the component lists them. */
const redisProblems = (settings: object): string[] => {
  const parsed = parseSettings(redisSettingsSchema, settings);
  return parsed.ok ? [] : parsed.problems.map((p) => `${propertyPath(p.path)}: ${p.message}`);
};
const resolved = (settings: object): ResolvedRedisSettings => redisSettingsSchema.parse(settings);

describe("ManagedRedis settings", () => {
  it("accepts the defaults and a single dev node", () => {
    expect(redisProblems({})).toEqual([]);
    expect(redisProblems({ replicas: 0, multiAz: false, snapshotRetentionDays: 1 })).toEqual([]);
  });

  it("refuses every bad input at once, saying what is allowed", () => {
    // Field rules first: a value out of its range is named alone.
    expect(redisProblems({ replicas: 6, snapshotRetentionDays: 40, port: 80, cacheTtlSeconds: 0 })).toEqual([
      "replicas: at most 5 (ElastiCache's replicas per shard)",
      "snapshotRetentionDays: at most 35 (ElastiCache's limit)",
      "port: a TCP port from 1024 to 65535",
      "cacheTtlSeconds: must be ≥ 1 second",
    ]);
    // Then every rule that relates fields, all at once.
    expect(redisProblems({
      engine: "valkey", engineVersion: "7.1", nodeType: "cache.m4.large", replicas: 0,
      maintenanceWindow: "sun:17:00-sun:18:00", logRetentionDays: 10,
    })).toEqual([
      "nodeType: unknown node type family cache.m4; allowed: cache.t3, cache.t4g, cache.m5, cache.m6g, cache.m7g, cache.r5, cache.r6g, cache.r6gd, cache.r7g, cache.c7gn",
      "engineVersion: valkey versions allowed: 7.2, 8.0, 8.1",
      "maintenanceWindow: overlaps the daily snapshot window 17:00-18:00; ElastiCache needs them apart",
      "logRetentionDays: CloudWatch Logs keeps logs for one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days",
      "replicas: Multi-AZ fails over to a replica: set replicas ≥ 1, or multiAz false (single node, dev only)",
    ]);
  });
});

describe("what prod adds to ManagedRedis", () => {
  it("accepts the defaults and a week of snapshots or more", () => {
    expect(redisProdProblems(resolved({}))).toEqual([]);
    expect(redisProdProblems(resolved({ replicas: 2, snapshotRetentionDays: 35 }))).toEqual([]);
  });

  it("refuses a single node without failover and short snapshot retention", () => {
    expect(redisProdProblems(resolved({ replicas: 0, multiAz: false, snapshotRetentionDays: 1 })).map((p) => propertyPath(p.path))).toEqual([
      "multiAz", "replicas", "snapshotRetentionDays",
    ]);
  });
});

describe("stack-scoped replication group id", () => {
  it("accepts the real stacks' ids and the longest ElastiCache takes", () => {
    expect(replicationGroupIdProblem("prod-frankfurt-redis")).toBeUndefined();
    expect(replicationGroupIdProblem("a".repeat(40))).toBeUndefined();
  });

  it("refuses a replication group id ElastiCache would reject, saying what it takes", () => {
    expect(replicationGroupIdProblem("a".repeat(41))).toBe(
      `replication group id "${"a".repeat(41)}" (<stack>-<name>, 41 characters) is not allowed: ElastiCache takes 1 to 40 lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen; use a shorter or plainer stack or component name`,
    );
    for (const id of ["my_stack-redis", "prod.eu-redis", "1prod-redis", "prod--redis", "prod-redis-"]) {
      expect(replicationGroupIdProblem(id), id).toContain("is not allowed: ElastiCache takes 1 to 40 lower-case letters");
    }
  });
});
