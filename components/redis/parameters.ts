/**
 * Engines, node families and the cache parameter group of ManagedRedis.
 */

/** Engines ManagedRedis runs: Redis OSS 7 or its fork Valkey. */
export type RedisEngine = "redis" | "valkey";

/** Engine versions accepted per engine (ElastiCache writes 7+ as major.minor). */
const ENGINE_VERSIONS: Readonly<Record<RedisEngine, readonly string[]>> = {
  redis: ["7.0", "7.1"],
  valkey: ["7.2", "8.0", "8.1"],
};

/**
 * Current-generation ElastiCache node families. Older families (t2, m4, r4)
 * lack encryption at rest with a customer key or are end of life.
 */
const CACHE_NODE_FAMILIES = [
  "cache.t3", "cache.t4g", "cache.m5", "cache.m6g", "cache.m7g", "cache.r5", "cache.r6g", "cache.r6gd", "cache.r7g", "cache.c7gn",
] as const;

/** Family of a node type: `cache.r6g.large` → `cache.r6g`. */
function cacheNodeFamily(nodeType: string): string {
  return nodeType.split(".").slice(0, 2).join(".");
}

/** Why `nodeType` is not a supported ElastiCache node type, or undefined. */
export function cacheNodeTypeProblem(nodeType: string): string | undefined {
  if (!/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(nodeType)) return "an ElastiCache node type such as cache.r6g.large";
  if (!(CACHE_NODE_FAMILIES as readonly string[]).includes(cacheNodeFamily(nodeType))) {
    return `unknown node type family ${cacheNodeFamily(nodeType)}; allowed: ${CACHE_NODE_FAMILIES.join(", ")}`;
  }
  return undefined;
}

/** Why `version` does not fit `engine`, or undefined. */
export function engineVersionProblem(engine: RedisEngine, version: string): string | undefined {
  const allowed = ENGINE_VERSIONS[engine];
  return allowed.includes(version) ? undefined : `${engine} versions allowed: ${allowed.join(", ")}`;
}

/** Parameter group family of an engine version: redis 7.1 → `redis7`, valkey 8.0 → `valkey8`. */
export function parameterGroupFamily(engine: RedisEngine, version: string): string {
  return `${engine}${version.split(".")[0]}`;
}

/**
 * Eviction policies a user may choose. The default, `volatile-ttl`, fits this
 * platform: every response-cache entry carries the 30 s TTL and sessions a
 * longer one, so under memory pressure Redis drops the entries closest to
 * expiry (cached responses) first and sessions last, and it never evicts keys
 * without a TTL. `allkeys-*` treats sessions like cache entries;
 * `noeviction` turns memory pressure into write errors.
 */
export const EVICTION_POLICIES = [
  "volatile-ttl", "volatile-lru", "volatile-lfu", "allkeys-lru", "allkeys-lfu", "volatile-random", "allkeys-random", "noeviction",
] as const;
/** One of {@link EVICTION_POLICIES}. */
export type EvictionPolicy = (typeof EVICTION_POLICIES)[number];

/** Parameters of the response-cache parameter group. */
export function cacheParameters(evictionPolicy: EvictionPolicy): Array<{ name: string; value: string }> {
  return [
    { name: "maxmemory-policy", value: evictionPolicy },
    // More samples make the approximated LRU/TTL choice closer to exact at a small CPU cost.
    { name: "maxmemory-samples", value: "10" },
    // Close idle client connections after 5 minutes so crashed pods do not pin connections.
    { name: "timeout", value: "300" },
  ];
}
