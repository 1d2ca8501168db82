// The front door's pure spec builders: the HTTPRoutes (tiers, forced canary, weights, timeouts, /healthz),
// the Envoy Gateway policies (tier limits, retries, circuit breaker, passive health, 429, TLS, JWT),
// the EnvoyProxy (the NLB) and the chart values (mirrored images, Redis over TLS with AUTH).
import { describe, expect, it } from "vitest";
import { ENVOY_GATEWAY_CHART, envoyGatewayValues, RATELIMIT_REDIS_SECRET, RATELIMIT_REDIS_SECRET_KEY } from "../../components/front-door/chart";
import { frontDoorSettingsSchema, type ResolvedFrontDoorSettings } from "../../components/front-door/contract";
import { apiSecurityPolicy, gatewayClientPolicy, routeTrafficPolicy, tierRateLimits } from "../../components/front-door/policies";
import { envoyProxySpec, PROXY_POD_LABELS, PROXY_SERVICE_NAME } from "../../components/front-door/proxy";
import { CANARY_HEADER, CLIENT_HEADER, frontDoorRoutes, TIER_HEADER, type RouteInputs } from "../../components/front-door/routes";
import { labelsMatchSelector } from "../../components/monitoring/selectors";

type Obj = Record<string, any>;

const MIRROR = "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror";
const settingsWith = (input: Record<string, unknown> = {}): ResolvedFrontDoorSettings => frontDoorSettingsSchema.parse({
  auth: { issuer: "https://id.example.com/", jwksUri: "https://id.example.com/jwks.json" }, ...input,
});
const defaults = settingsWith();

const inputs = (over: Partial<RouteInputs> = {}): RouteInputs => ({
  gateway: { name: "inference", namespace: "inference", sectionName: "https" },
  premium: { stable: "qwen3-8b-premium", canary: "qwen3-8b-premium-canary", canaryWeightPercent: 0, canaryRunning: true },
  free: { stable: "qwen3-32b-batch", canary: "qwen3-32b-batch-canary", canaryWeightPercent: 30, canaryRunning: true },
  timeouts: defaults.timeouts,
  healthPath: "/healthz",
  ...over,
});
const routes = frontDoorRoutes(inputs());
const backends = (rule: Obj) => rule.backendRefs.map((b: Obj) => `${b.name}:${b.port}@${b.weight}`);
const headersOf = (rule: Obj) => rule.matches.map((m: Obj) => (m.headers ?? []).map((h: Obj) => `${h.name}=${h.value}`));

describe("frontDoorRoutes", () => {
  it("attaches every route to the Gateway's HTTPS listener", () => {
    for (const r of Object.values(routes)) {
      expect(r.parentRefs).toEqual([{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "inference", namespace: "inference", sectionName: "https" }]);
    }
  });

  it("orders each serving route's rules: forced canary (premium, then any), premium, then everyone else", () => {
    expect(routes.generation.rules.map((r) => r.name)).toEqual(["generation-premium-canary", "generation-free-canary", "generation-premium", "generation-free"]);
    expect(routes.api.rules.map((r) => r.name)).toEqual(["api-premium-canary", "api-free-canary", "api-premium", "api-free"]);
    expect(routes.generation.rules[0]!.matches.map((m) => m.path)).toEqual([
      { type: "PathPrefix", value: "/v1/chat/completions" }, { type: "PathPrefix", value: "/v1/completions" },
    ]);
    expect(routes.api.rules[3]!.matches).toEqual([{ path: { type: "PathPrefix", value: "/v1/" } }]);
  });

  it("sends a forced-canary request to its tier's canary alone, whatever the canary's weight", () => {
    const [premiumCanary, freeCanary, premium, free] = routes.generation.rules;
    expect(headersOf(premiumCanary!)).toEqual([[`${TIER_HEADER}=premium`, `${CANARY_HEADER}=always`], [`${TIER_HEADER}=premium`, `${CANARY_HEADER}=always`]]);
    expect(backends(premiumCanary!)).toEqual(["qwen3-8b-premium-canary:8000@1"]);
    expect(headersOf(freeCanary!)).toEqual([[`${CANARY_HEADER}=always`], [`${CANARY_HEADER}=always`]]);
    expect(backends(freeCanary!)).toEqual(["qwen3-32b-batch-canary:8000@1"]);
    // Without the header: premium by its tier header, everyone else by path alone.
    expect(headersOf(premium!)).toEqual([[`${TIER_HEADER}=premium`], [`${TIER_HEADER}=premium`]]);
    expect(headersOf(free!)).toEqual([[], []]);
  });

  it("has no forced-canary rule for a tier whose canary does not run (the header would meet a Service with no pods: 503)", () => {
    const none = frontDoorRoutes(inputs({ premium: { ...inputs().premium, canaryRunning: false }, free: { ...inputs().free, canaryRunning: false } }));
    expect(none.generation.rules.map((r) => r.name)).toEqual(["generation-premium", "generation-free"]);
    const premiumOnly = frontDoorRoutes(inputs({ free: { ...inputs().free, canaryRunning: false } }));
    expect(premiumOnly.api.rules.map((r) => r.name)).toEqual(["api-premium-canary", "api-premium", "api-free"]);
  });

  it("splits each tier between stable and canary by the canary's weight (0 → 100/0, 30 → 70/30)", () => {
    for (const r of [routes.generation, routes.api]) {
      expect(backends(r.rules[2]!)).toEqual(["qwen3-8b-premium:8000@100", "qwen3-8b-premium-canary:8000@0"]);
      expect(backends(r.rules[3]!)).toEqual(["qwen3-32b-batch:8000@70", "qwen3-32b-batch-canary:8000@30"]);
    }
    const allCanary = frontDoorRoutes(inputs({ premium: { ...inputs().premium, canaryWeightPercent: 100 } }));
    expect(backends(allCanary.api.rules[2]!)).toEqual(["qwen3-8b-premium:8000@0", "qwen3-8b-premium-canary:8000@100"]);
  });

  it("gives generation its minutes and the rest of the API the seed's 800 ms, as Gateway API durations", () => {
    expect(routes.generation.rules.map((r) => r.timeouts)).toEqual(Array(4).fill({ request: "300s" }));
    expect(routes.api.rules.map((r) => r.timeouts)).toEqual(Array(4).fill({ request: "800ms" }));
    const custom = frontDoorRoutes(inputs({ timeouts: { generationSeconds: 120, apiMilliseconds: 1500 } }));
    expect(custom.generation.rules[0]!.timeouts).toEqual({ request: "120s" });
    expect(custom.api.rules[0]!.timeouts).toEqual({ request: "1s500ms" });
  });

  it("answers the health path from vLLM's /health on both stable Services, never the canary", () => {
    expect(routes.health.rules).toEqual([{
      name: "healthz",
      matches: [{ path: { type: "Exact", value: "/healthz" } }],
      filters: [{ type: "URLRewrite", urlRewrite: { path: { type: "ReplaceFullPath", replaceFullPath: "/health" } } }],
      backendRefs: [
        { group: "", kind: "Service", name: "qwen3-8b-premium", port: 8000, weight: 1 },
        { group: "", kind: "Service", name: "qwen3-32b-batch", port: 8000, weight: 1 },
      ],
      timeouts: { request: "5s" },
    }]);
    expect(frontDoorRoutes(inputs({ healthPath: "/ready" })).health.rules[0]!.matches).toEqual([{ path: { type: "Exact", value: "/ready" } }]);
  });
});

describe("tier rate limits", () => {
  it("lets each client send weight × requestsPerWeightPerMinute a minute, and free clients together the ceiling a second", () => {
    expect(tierRateLimits(defaults, 50)).toEqual([
      { clientSelectors: [{ headers: [{ name: TIER_HEADER, type: "Exact", value: "premium" }, { name: CLIENT_HEADER, type: "Distinct" }] }], limit: { requests: 100, unit: "Minute" }, shared: true },
      { clientSelectors: [{ headers: [{ name: TIER_HEADER, type: "Exact", value: "premium", invert: true }, { name: CLIENT_HEADER, type: "Distinct" }] }], limit: { requests: 10, unit: "Minute" }, shared: true },
      { clientSelectors: [{ headers: [{ name: TIER_HEADER, type: "Exact", value: "premium", invert: true }] }], limit: { requests: 50, unit: "Second" }, shared: true },
    ]);
    // One counter per policy: without `shared`, Envoy Gateway counts each route rule × match apart (ratelimit.go at v1.9.0).
  });

  it("follows other weights and rates, and never limits to zero", () => {
    const limits = (s: ResolvedFrontDoorSettings, ceiling: number) => tierRateLimits(s, ceiling).map((r) => `${r.limit.requests}/${r.limit.unit}`);
    expect(limits(settingsWith({ tierWeights: { premium: 50, free: 5 }, requestsPerWeightPerMinute: 3 }), 12.7)).toEqual(["150/Minute", "15/Minute", "12/Second"]);
    expect(limits(settingsWith({ tierWeights: { premium: 1, free: 0.1 }, requestsPerWeightPerMinute: 0.5 }), 0.4)).toEqual(["1/Minute", "1/Minute", "1/Second"]);
  });
});

describe("routeTrafficPolicy", () => {
  const api = routeTrafficPolicy({ route: "api", timeoutSeconds: 0.8, settings: defaults, freeQpsCeiling: 50 });

  it("targets its HTTPRoute and counts the tier limits", () => {
    expect(api.targetRefs).toEqual([{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "api" }]);
    expect(api.rateLimit.global.rules).toEqual(tierRateLimits(defaults, 50));
    expect(api.timeout).toEqual({ http: { requestTimeout: "800ms" } });
  });

  it("retries connect failures and 503 only, backing off 1 s to 30 s, within a 20 % retry budget", () => {
    expect(api.retry).toEqual({
      numRetries: 3,
      retryOn: { triggers: ["connect-failure", "retriable-status-codes"], httpStatusCodes: [503] },
      perRetry: { backOff: { baseInterval: "1s", maxInterval: "30s" } },
    });
    expect(api.circuitBreaker).toEqual({ maxPendingRequests: 1024, maxParallelRequests: 1024, retryBudget: { percent: { numerator: 20, denominator: 100 } } });
  });

  it("ejects a replica after five 5xx in a row (passive health)", () => {
    expect(api.healthCheck).toEqual({ passive: { consecutive5XxErrors: 5, interval: "10s", baseEjectionTime: "30s", maxEjectionPercent: 50 } });
  });

  it("answers its own 429 with Retry-After, the first back-off", () => {
    expect(api.responseOverride).toHaveLength(1);
    const [override] = api.responseOverride;
    expect(override).toMatchObject({ match: { statusCodes: [{ type: "Value", value: 429 }] }, source: "Local", response: { contentType: "application/json" } });
    expect(override!.response.header.set).toEqual([{ name: "Retry-After", value: "1" }]);
    expect(JSON.parse(override!.response.body.inline)).toMatchObject({ error: { type: "rate_limited" } });
  });

  it("carries non-default settings", () => {
    const s = settingsWith({
      retry: { attempts: 5, backoffBaseSeconds: 2.5, backoffMaxSeconds: 60, budgetPercent: 10 },
      circuitBreaker: { maxPendingRequests: 64, maxParallelRequests: 256 },
      outlierDetection: { consecutive5xx: 3, intervalSeconds: 5, baseEjectionSeconds: 60, maxEjectionPercent: 34 },
    });
    const p = routeTrafficPolicy({ route: "generation", timeoutSeconds: 120, settings: s, freeQpsCeiling: 8 });
    expect(p.retry.numRetries).toBe(5);
    expect(p.retry.perRetry.backOff).toEqual({ baseInterval: "2s500ms", maxInterval: "60s" });
    expect(p.timeout.http.requestTimeout).toBe("120s");
    expect(p.circuitBreaker).toEqual({ maxPendingRequests: 64, maxParallelRequests: 256, retryBudget: { percent: { numerator: 10, denominator: 100 } } });
    expect(p.healthCheck.passive).toEqual({ consecutive5XxErrors: 3, interval: "5s", baseEjectionTime: "60s", maxEjectionPercent: 34 });
    expect(p.responseOverride[0]!.response.header.set).toEqual([{ name: "Retry-After", value: "3" }]);
    expect(p.rateLimit.global.rules[2]!.limit).toEqual({ requests: 8, unit: "Second" });
  });
});

describe("gatewayClientPolicy and apiSecurityPolicy", () => {
  it("requires TLS 1.2 and strips the tier and client headers before any filter runs", () => {
    expect(gatewayClientPolicy("inference")).toEqual({
      targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "inference" }],
      tls: { minVersion: "1.2" },
      headers: { earlyRequestHeaders: { remove: [TIER_HEADER, CLIENT_HEADER] } },
    });
  });

  it("requires a JWT on the API routes (not on health) and turns its claims into the tier and client headers", () => {
    const policy = apiSecurityPolicy(["generation", "api"], defaults.auth);
    expect(policy.targetRefs.map((t) => `${t.kind}/${t.name}`)).toEqual(["HTTPRoute/generation", "HTTPRoute/api"]);
    expect(policy.jwt.providers).toEqual([{
      name: "platform", issuer: "https://id.example.com/", remoteJWKS: { uri: "https://id.example.com/jwks.json" },
      claimToHeaders: [{ claim: "tier", header: TIER_HEADER }, { claim: "sub", header: CLIENT_HEADER }],
      // The routes match on the tier header the JWT filter adds: the route is chosen again after it.
      recomputeRoute: true,
    }]);
  });

  it("checks audiences and reads other claims when set", () => {
    const auth = settingsWith({ auth: { ...defaults.auth, audiences: ["inference-api"], tierClaim: "plan", clientClaim: "client_id" } }).auth;
    const [provider] = apiSecurityPolicy(["api"], auth).jwt.providers;
    expect(provider!.audiences).toEqual(["inference-api"]);
    expect(provider!.claimToHeaders).toEqual([{ claim: "plan", header: TIER_HEADER }, { claim: "client_id", header: CLIENT_HEADER }]);
  });
});

describe("envoyProxySpec", () => {
  const spec = envoyProxySpec({ replicas: 3, serviceAnnotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" }, sourceRanges: ["203.0.113.0/24"] });
  const k8s = spec.provider.kubernetes;

  it("makes the proxies' Service the region's NLB, for the AWS Load Balancer Controller alone", () => {
    expect(k8s.envoyService).toEqual({
      name: PROXY_SERVICE_NAME, type: "LoadBalancer", loadBalancerClass: "service.k8s.aws/nlb",
      annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" }, loadBalancerSourceRanges: ["203.0.113.0/24"],
    });
    expect(PROXY_SERVICE_NAME).toBe("inference-gateway");
  });

  it("runs the set replicas spread over zones, one down at a time, with guaranteed memory and Prometheus metrics", () => {
    expect(k8s.envoyDeployment.replicas).toBe(3);
    const [spread] = k8s.envoyDeployment.pod.topologySpreadConstraints as Obj[];
    expect(spread).toMatchObject({ topologyKey: "topology.kubernetes.io/zone", maxSkew: 1 });
    expect(labelsMatchSelector({ ...PROXY_POD_LABELS }, spread!.labelSelector)).toBe(true);
    expect(labelsMatchSelector({ "app.kubernetes.io/name": "vllm" }, spread!.labelSelector)).toBe(false);
    expect(k8s.envoyDeployment.container.resources.limits.memory).toBe(k8s.envoyDeployment.container.resources.requests.memory);
    expect(k8s.envoyPDB).toEqual({ maxUnavailable: 1 });
    expect(spec.telemetry).toEqual({ metrics: { prometheus: {} } });
  });
});

describe("envoyGatewayValues", () => {
  const direct = envoyGatewayValues({ redisHost: "master.redis.cache.amazonaws.com", redisPort: 6379, controllerReplicas: 2 }) as Obj;
  const china = envoyGatewayValues({ redisHost: "master.redis.cache.amazonaws.com.cn", redisPort: 6380, controllerReplicas: 3, imageMirror: MIRROR }) as Obj;

  it("pins the chart and pulls every image from Docker Hub outside China", () => {
    expect(ENVOY_GATEWAY_CHART).toEqual({ chart: "gateway-helm", version: "v1.9.0", repository: "oci://docker.io/envoyproxy" });
    expect(direct.global.images).toEqual({
      envoyGateway: { image: "docker.io/envoyproxy/gateway:v1.9.0" },
      ratelimit: { image: "docker.io/envoyproxy/ratelimit:17b1956c" },
      envoyProxy: { image: "docker.io/envoyproxy/envoy:distroless-v1.39.0" },
    });
  });

  it("pulls every image through the region's mirror in China", () => {
    const images = Object.values(china.global.images as Record<string, { image: string }>).map((i) => i.image);
    expect(images).toEqual([
      `${MIRROR}/docker.io/envoyproxy/gateway:v1.9.0`, `${MIRROR}/docker.io/envoyproxy/ratelimit:17b1956c`, `${MIRROR}/docker.io/envoyproxy/envoy:distroless-v1.39.0`,
    ]);
    expect(china.deployment.replicas).toBe(3);
  });

  it("counts the limits in the region's Redis over TLS with the AUTH token from its Secret, letting requests through when Redis is down", () => {
    expect(direct.config.envoyGateway.rateLimit).toEqual({ backend: { type: "Redis", redis: { url: "master.redis.cache.amazonaws.com:6379" } }, failClosed: false });
    expect(china.config.envoyGateway.rateLimit.backend.redis.url).toBe("master.redis.cache.amazonaws.com.cn:6380");
    expect(direct.config.envoyGateway.provider.kubernetes.rateLimitDeployment.container.env).toEqual([
      { name: "REDIS_TLS", value: "true" },
      { name: "REDIS_AUTH", valueFrom: { secretKeyRef: { name: RATELIMIT_REDIS_SECRET, key: RATELIMIT_REDIS_SECRET_KEY } } },
    ]);
    expect(JSON.stringify(direct)).not.toMatch(/"REDIS_AUTH","value"/);
  });
});
