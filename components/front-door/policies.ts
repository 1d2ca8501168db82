/**
 * The front door's Envoy Gateway policies, as pure specs (gateway.envoyproxy.io/v1alpha1
 * at Envoy Gateway v1.9.0): per-route BackendTrafficPolicies (tier rate limits counted
 * in Redis, retries with the seed's back-off and a retry budget, the route's timeout,
 * circuit breakers, outlier detection, 429 with Retry-After), the Gateway's
 * ClientTrafficPolicy (TLS 1.2+, tier headers stripped from clients) and the
 * SecurityPolicy that turns a client's JWT into its tier and id.
 */
import type { ResolvedFrontDoorSettings } from "./contract";
import { CLIENT_HEADER, PREMIUM_TIER, TIER_HEADER } from "./routes";
import { gatewayDuration as duration } from "./timeouts";

const GATEWAY_API = "gateway.networking.k8s.io";

/** A policy's target: a Gateway or one of its HTTPRoutes. */
interface TargetRef { group: typeof GATEWAY_API; kind: "Gateway" | "HTTPRoute"; name: string }

interface HeaderSelector { name: string; type: "Exact" | "Distinct"; value?: string; invert?: boolean }
/** One global rate-limit rule. */
export interface RateLimitRule {
  clientSelectors: Array<{ headers: HeaderSelector[] }>;
  limit: { requests: number; unit: "Second" | "Minute" };
  /** One counter for all the policy's route rules and matches (else each rule × match counts apart). */
  shared: true;
}

/** `BackendTrafficPolicy` spec, as far as the front door sets it. */
export interface BackendTrafficPolicySpec {
  targetRefs: TargetRef[];
  rateLimit: { global: { rules: RateLimitRule[] } };
  retry: {
    numRetries: number;
    retryOn: { triggers: string[]; httpStatusCodes: number[] };
    perRetry: { backOff: { baseInterval: string; maxInterval: string } };
  };
  timeout: { http: { requestTimeout: string } };
  circuitBreaker: { maxPendingRequests: number; maxParallelRequests: number; retryBudget: { percent: { numerator: number; denominator: number } } };
  healthCheck: { passive: { consecutive5XxErrors: number; interval: string; baseEjectionTime: string; maxEjectionPercent: number } };
  responseOverride: Array<{
    match: { statusCodes: Array<{ type: "Value"; value: number }> };
    source: "Local";
    response: { contentType: string; body: { type: "Inline"; inline: string }; header: { set: Array<{ name: string; value: string }> } };
  }>;
}

const route = (name: string): TargetRef => ({ group: GATEWAY_API, kind: "HTTPRoute", name });

/**
 * The tier limits, all counted in Redis across every proxy of the region:
 * each client may send its tier's weight × `requestsPerWeightPerMinute` a
 * minute, and free clients together no more than `freeQpsCeiling` a second,
 * the batch servers' largest capacity. Premium has no shared ceiling: it is
 * served first and the free tier is limited first (429 with Retry-After).
 */
export function tierRateLimits(s: Pick<ResolvedFrontDoorSettings, "tierWeights" | "requestsPerWeightPerMinute">, freeQpsCeiling: number): RateLimitRule[] {
  const premium: HeaderSelector = { name: TIER_HEADER, type: "Exact", value: PREMIUM_TIER };
  const notPremium: HeaderSelector = { ...premium, invert: true };
  const perClient: HeaderSelector = { name: CLIENT_HEADER, type: "Distinct" };
  const perMinute = perClientPerMinute(s);
  return [
    { clientSelectors: [{ headers: [premium, perClient] }], limit: { requests: perMinute.premium, unit: "Minute" }, shared: true },
    { clientSelectors: [{ headers: [notPremium, perClient] }], limit: { requests: perMinute.free, unit: "Minute" }, shared: true },
    { clientSelectors: [{ headers: [notPremium] }], limit: { requests: Math.max(1, Math.floor(freeQpsCeiling)), unit: "Second" }, shared: true },
  ];
}

/** Requests a minute one client of each tier may send: its weight × `requestsPerWeightPerMinute`, at least 1. */
export function perClientPerMinute(s: Pick<ResolvedFrontDoorSettings, "tierWeights" | "requestsPerWeightPerMinute">): { premium: number; free: number } {
  const of = (weight: number) => Math.max(1, Math.round(weight * s.requestsPerWeightPerMinute));
  return { premium: of(s.tierWeights.premium), free: of(s.tierWeights.free) };
}

/** Inputs of {@link routeTrafficPolicy}. */
export interface RouteTrafficPolicyArgs {
  /** HTTPRoute the policy applies to. */
  route: string;
  /** The route's timeout, seconds. */
  timeoutSeconds: number;
  settings: ResolvedFrontDoorSettings;
  /** Free clients' shared ceiling, requests a second. */
  freeQpsCeiling: number;
}

/** The BackendTrafficPolicy of one serving route. */
export function routeTrafficPolicy(a: RouteTrafficPolicyArgs): BackendTrafficPolicySpec {
  const { settings: s } = a;
  return {
    targetRefs: [route(a.route)],
    rateLimit: { global: { rules: tierRateLimits(s, a.freeQpsCeiling) } },
    retry: {
      numRetries: s.retry.attempts,
      // Connect failures and 503 (no endpoint, overload) only: a generation that failed midway is not replayed.
      retryOn: { triggers: ["connect-failure", "retriable-status-codes"], httpStatusCodes: [503] },
      perRetry: { backOff: { baseInterval: duration(s.retry.backoffBaseSeconds), maxInterval: duration(s.retry.backoffMaxSeconds) } },
    },
    timeout: { http: { requestTimeout: duration(a.timeoutSeconds) } },
    circuitBreaker: {
      maxPendingRequests: s.circuitBreaker.maxPendingRequests,
      maxParallelRequests: s.circuitBreaker.maxParallelRequests,
      retryBudget: { percent: { numerator: s.retry.budgetPercent, denominator: 100 } },
    },
    healthCheck: {
      passive: {
        consecutive5XxErrors: s.outlierDetection.consecutive5xx,
        interval: duration(s.outlierDetection.intervalSeconds),
        baseEjectionTime: duration(s.outlierDetection.baseEjectionSeconds),
        maxEjectionPercent: s.outlierDetection.maxEjectionPercent,
      },
    },
    // Envoy's own 429 (a limit hit) gets Retry-After: the seed's first back-off; x-ratelimit-reset gives the window's end.
    responseOverride: [{
      match: { statusCodes: [{ type: "Value", value: 429 }] },
      source: "Local",
      response: {
        contentType: "application/json",
        body: { type: "Inline", inline: JSON.stringify({ error: { type: "rate_limited", message: `Too many requests for your tier; retry after Retry-After seconds, doubling the wait up to ${s.retry.backoffMaxSeconds} s.` } }) },
        header: { set: [{ name: "Retry-After", value: String(Math.ceil(s.retry.backoffBaseSeconds)) }] },
      },
    }],
  };
}

/** `ClientTrafficPolicy` spec of the Gateway: TLS 1.2 or later, and no client may send its own tier or id. */
export interface ClientTrafficPolicySpec {
  targetRefs: TargetRef[];
  tls: { minVersion: "1.2" | "1.3" };
  headers: { earlyRequestHeaders: { remove: string[] } };
}

export function gatewayClientPolicy(gateway: string): ClientTrafficPolicySpec {
  return {
    targetRefs: [{ group: GATEWAY_API, kind: "Gateway", name: gateway }],
    tls: { minVersion: "1.2" },
    // Removed before any filter runs; the JWT filter then sets them from the verified token only.
    headers: { earlyRequestHeaders: { remove: [TIER_HEADER, CLIENT_HEADER] } },
  };
}

/** `SecurityPolicy` spec: a valid JWT is required on the API routes; its claims become the tier and client headers. */
export interface SecurityPolicySpec {
  targetRefs: TargetRef[];
  jwt: {
    providers: Array<{
      name: string;
      issuer: string;
      audiences?: string[];
      remoteJWKS: { uri: string };
      claimToHeaders: Array<{ claim: string; header: string }>;
      recomputeRoute: boolean;
    }>;
  };
}

export function apiSecurityPolicy(routes: readonly string[], auth: ResolvedFrontDoorSettings["auth"]): SecurityPolicySpec {
  return {
    targetRefs: routes.map(route),
    jwt: {
      providers: [{
        name: "platform",
        issuer: auth.issuer,
        ...(auth.audiences.length > 0 ? { audiences: auth.audiences } : {}),
        remoteJWKS: { uri: auth.jwksUri },
        claimToHeaders: [{ claim: auth.tierClaim, header: TIER_HEADER }, { claim: auth.clientClaim, header: CLIENT_HEADER }],
        // The routes match on the tier header this filter adds: without it, the route chosen before the filter ran stands.
        recomputeRoute: true,
      }],
    },
  };
}
