// The stack file's regions[].redis, on copies of the real stack files.
import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../../infra/config/load";
import { realRaw, refusalOf, type RawConfig as Raw } from "../support/config";

/** The message of the refusal of `stack` edited by `edit`. */
function refusal(stack: "dev" | "prod", edit: (c: Raw) => void): string {
  const raw = realRaw(stack);
  edit(raw);
  return refusalOf(() => parseStackConfig(raw, `Pulumi.${stack}.yaml`));
}

describe("redis config: the real stack files", () => {
  it("accepts prod with Multi-AZ Redis in both regions", () => {
    const prod = parseStackConfig(realRaw("prod"), "Pulumi.prod.yaml");
    expect(prod.regions.map((r) => [r.name, r.redis.nodeType, r.redis.replicas, r.redis.multiAz, r.redis.snapshotRetentionDays])).toEqual([
      ["china", "cache.r6g.large", 2, true, 7],
      ["frankfurt", "cache.r6g.large", 2, true, 7],
    ]);
  });

  it("accepts dev with single-node Redis", () => {
    const dev = parseStackConfig(realRaw("dev"), "Pulumi.dev.yaml");
    for (const r of dev.regions) {
      expect([r.redis.nodeType, r.redis.replicas, r.redis.multiAz, r.redis.snapshotRetentionDays]).toEqual(["cache.t4g.small", 0, false, 1]);
    }
  });

  it("gives a region without a redis key the secure defaults", () => {
    const raw = realRaw("prod");
    delete raw.regions[1].redis;
    expect(parseStackConfig(raw, "Pulumi.prod.yaml").regions[1]!.redis).toEqual({
      engine: "redis", engineVersion: "7.1", nodeType: "cache.r6g.large", replicas: 1, multiAz: true, snapshotRetentionDays: 7,
      snapshotWindow: "17:00-18:00", maintenanceWindow: "sun:19:00-sun:20:00", evictionPolicy: "volatile-ttl", logRetentionDays: 30, port: 6379, cacheTtlSeconds: 30,
    });
  });

  it("takes the port and the response cache TTL from the stack file", () => {
    const raw = realRaw("prod");
    Object.assign(raw.regions[1].redis, { port: 6380, cacheTtlSeconds: 60 });
    const { redis } = parseStackConfig(raw, "Pulumi.prod.yaml").regions[1]!;
    expect([redis.port, redis.cacheTtlSeconds]).toEqual([6380, 60]);
  });
});

describe("redis config: refusals name the key, the value and what is allowed", () => {
  const cases: Array<{ what: string; stack: "dev" | "prod"; edit: (c: Raw) => void; expected: string[] }> = [
    {
      what: "an unknown cache node type family",
      stack: "prod",
      edit: (c) => { c.regions[1].redis.nodeType = "cache.x9.large"; },
      expected: ["Pulumi.prod.yaml inference-platform:regions[1].redis.nodeType", '"cache.x9.large"', "unknown node type family cache.x9; allowed: cache.t3, cache.t4g, cache.m5, cache.m6g, cache.m7g, cache.r5, cache.r6g, cache.r6gd, cache.r7g, cache.c7gn"],
    },
    {
      what: "a node type that is no ElastiCache type",
      stack: "dev",
      edit: (c) => { c.regions[0].redis.nodeType = "r6g.large"; },
      expected: ["inference-platform:regions[0].redis.nodeType", "an ElastiCache node type such as cache.r6g.large"],
    },
    {
      what: "prod without Multi-AZ",
      stack: "prod",
      edit: (c) => { c.regions[0].redis.multiAz = false; },
      expected: ["inference-platform:regions[0].redis.multiAz", "(got false)", "prod needs multiAz true (automatic failover to another AZ); a single AZ is allowed in dev only"],
    },
    {
      what: "prod with a single Redis node",
      stack: "prod",
      edit: (c) => { c.regions[1].redis.replicas = 0; c.regions[1].redis.multiAz = false; },
      expected: ["inference-platform:regions[1].redis.replicas", "prod needs at least 1 replica", "inference-platform:regions[1].redis.multiAz", "prod needs multiAz true"],
    },
    {
      what: "prod snapshots kept less than a week",
      stack: "prod",
      edit: (c) => { c.regions[0].redis.snapshotRetentionDays = 3; },
      expected: ["inference-platform:regions[0].redis.snapshotRetentionDays", "(got 3)", "prod keeps snapshots at least 7 days (allowed: 7 to 35)"],
    },
    {
      what: "Multi-AZ without a replica in dev",
      stack: "dev",
      edit: (c) => { c.regions[1].redis.multiAz = true; },
      expected: ["inference-platform:regions[1].redis.replicas", "(got 0)", "Multi-AZ fails over to a replica: set replicas ≥ 1, or multiAz false (single node, dev only)"],
    },
    {
      what: "overlapping maintenance and snapshot windows",
      stack: "prod",
      edit: (c) => { c.regions[0].redis.maintenanceWindow = "sun:17:30-sun:18:30"; },
      expected: ["inference-platform:regions[0].redis.maintenanceWindow", "overlaps the daily snapshot window 17:00-18:00"],
    },
    {
      what: "a Redis version that is not 7",
      stack: "dev",
      edit: (c) => { c.regions[0].redis.engineVersion = "6.2"; },
      expected: ["inference-platform:regions[0].redis.engineVersion", "redis versions allowed: 7.0, 7.1"],
    },
    {
      what: "an unknown eviction policy",
      stack: "dev",
      edit: (c) => { c.regions[0].redis.evictionPolicy = "lru"; },
      expected: ["inference-platform:regions[0].redis.evictionPolicy", '"lru"', "volatile-ttl", "allkeys-lru", "noeviction"],
    },
    {
      what: "more replicas than ElastiCache allows",
      stack: "prod",
      edit: (c) => { c.regions[0].redis.replicas = 6; },
      expected: ["inference-platform:regions[0].redis.replicas", "at most 5 (ElastiCache's replicas per shard)"],
    },
    {
      what: "a privileged port",
      stack: "dev",
      edit: (c) => { c.regions[0].redis.port = 80; },
      expected: ["inference-platform:regions[0].redis.port", "(got 80)", "a TCP port from 1024 to 65535"],
    },
  ];

  it.each(cases)("refuses $what", ({ stack, edit, expected }) => {
    const message = refusal(stack, edit);
    expect(message).toContain(`Pulumi.${stack}.yaml`);
    for (const part of expected) expect(message).toContain(part);
  });

  it("collects every prod Redis problem of every region in one error", () => {
    const message = refusal("prod", (c) => {
      c.regions[0].redis.multiAz = false;
      c.regions[1].redis.snapshotRetentionDays = 1;
    });
    expect(message).toContain("2 invalid configuration value(s)");
  });
});
