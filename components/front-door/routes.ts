/**
 * The front door's HTTPRoutes (Gateway API v1), as pure specs: the OpenAI API
 * split into generation and the rest (they need different timeouts), each
 * rule with a stable and a canary backend, premium clients to the premium
 * servers and everyone else to the batch servers; and `/healthz`, which
 * answers from the model servers themselves.
 */
import type { ResolvedFrontDoorSettings } from "./contract";
import { gatewayDuration } from "./timeouts";

/** Request header carrying the client's tier (set from its token, never from the client: see gateway.ts). */
export const TIER_HEADER = "x-inference-tier";
/** Request header carrying the client's id (from its token), the unit of per-client limits. */
export const CLIENT_HEADER = "x-inference-client";
/** Request header with which testers send a request to the canary whatever its weight. */
export const CANARY_HEADER = "x-inference-canary";
/** The value of {@link CANARY_HEADER} that forces the canary. */
export const CANARY_FORCED = "always";
/** The tier value that gets the premium servers; any other value, or none, is free. */
export const PREMIUM_TIER = "premium";

/** vLLM's port on every model-server Service. */
const SERVER_PORT = 8000;

/** The front door's HTTPRoutes that serve traffic (monitoring reads their clusters by these names), and health. */
export const ROUTE_NAMES = { generation: "generation", api: "api", health: "healthz" } as const;
/** The serving routes: what rate limits, timeouts and monitoring's timeout rule apply to. */
export const SERVING_ROUTES = [ROUTE_NAMES.generation, ROUTE_NAMES.api] as const;

/** Paths that generate tokens: they may stream for minutes. */
export const GENERATION_PATHS = ["/v1/chat/completions", "/v1/completions"] as const;

/** The servers a client tier is sent to: one model server's two tracks and the canary's share. */
export interface TierBackends {
  /** Service of the stable track. */
  stable: string;
  /** Service of the canary track (always present; no pods without a canary). */
  canary: string;
  /** Percent of the tier's requests the canary takes. */
  canaryWeightPercent: number;
  /** A canary track runs (possibly at weight 0, for testers). @default false: no forced-canary rule, which would answer 503 */
  canaryRunning?: boolean;
}

/** What the routes are built from. */
export interface RouteInputs {
  /** The Gateway and its HTTPS listener the routes attach to. */
  gateway: { name: string; namespace: string; sectionName: string };
  /** Backends of premium clients and of everyone else. */
  premium: TierBackends;
  free: TierBackends;
  timeouts: ResolvedFrontDoorSettings["timeouts"];
  /** Path of the health endpoint (Route 53 probes it). */
  healthPath: string;
}

interface HeaderMatch { type: "Exact"; name: string; value: string }
interface PathMatch { type: "PathPrefix" | "Exact"; value: string }
interface RouteMatch { path: PathMatch; headers?: HeaderMatch[] }
interface BackendRef { group: ""; kind: "Service"; name: string; port: number; weight: number }
interface RouteRule {
  name?: string;
  matches: RouteMatch[];
  backendRefs: BackendRef[];
  timeouts?: { request: string };
  filters?: Array<{ type: "URLRewrite"; urlRewrite: { path: { type: "ReplaceFullPath"; replaceFullPath: string } } }>;
}

/** `gateway.networking.k8s.io/v1` HTTPRoute spec, as far as the front door sets it. */
export interface HttpRouteSpec {
  parentRefs: Array<{ group: "gateway.networking.k8s.io"; kind: "Gateway"; name: string; namespace: string; sectionName: string }>;
  rules: RouteRule[];
}

const backend = (name: string, weight: number): BackendRef => ({ group: "", kind: "Service", name, port: SERVER_PORT, weight });
const exact = (name: string, value: string): HeaderMatch => ({ type: "Exact", name, value });

/**
 * Rules for `paths`, most specific first (Gateway API orders by matches, and
 * more header matches win): forced canary per tier, then premium, then the rest.
 */
function tieredRules(paths: readonly PathMatch[], i: RouteInputs, timeout: string, prefix: string): RouteRule[] {
  const weighted = (t: TierBackends): BackendRef[] => [backend(t.stable, 100 - t.canaryWeightPercent), backend(t.canary, t.canaryWeightPercent)];
  const forced = exact(CANARY_HEADER, CANARY_FORCED);
  const premium = exact(TIER_HEADER, PREMIUM_TIER);
  const timeouts = { request: timeout };
  // Testers reach a running canary with the header whatever its weight; without a canary the header changes nothing.
  const forcedRules: RouteRule[] = [
    ...(i.premium.canaryRunning ? [{ name: `${prefix}-premium-canary`, matches: paths.map((path) => ({ path, headers: [premium, forced] })), backendRefs: [backend(i.premium.canary, 1)], timeouts }] : []),
    ...(i.free.canaryRunning ? [{ name: `${prefix}-free-canary`, matches: paths.map((path) => ({ path, headers: [forced] })), backendRefs: [backend(i.free.canary, 1)], timeouts }] : []),
  ];
  return [
    ...forcedRules,
    { name: `${prefix}-premium`, matches: paths.map((path) => ({ path, headers: [premium] })), backendRefs: weighted(i.premium), timeouts },
    { name: `${prefix}-free`, matches: paths.map((path) => ({ path })), backendRefs: weighted(i.free), timeouts },
  ];
}

/** The three routes: generation (`/v1/chat/completions`, `/v1/completions`), the rest of `/v1`, and health. */
export function frontDoorRoutes(i: RouteInputs): { generation: HttpRouteSpec; api: HttpRouteSpec; health: HttpRouteSpec } {
  const parentRefs: HttpRouteSpec["parentRefs"] = [{ group: "gateway.networking.k8s.io", kind: "Gateway", ...i.gateway }];
  return {
    generation: { parentRefs, rules: tieredRules(GENERATION_PATHS.map((value) => ({ type: "PathPrefix", value })), i, gatewayDuration(i.timeouts.generationSeconds), "generation") },
    api: { parentRefs, rules: tieredRules([{ type: "PathPrefix", value: "/v1/" }], i, gatewayDuration(i.timeouts.apiMilliseconds / 1000), "api") },
    // vLLM's /health answers 200 once its engine serves; with no ready replica behind either Service,
    // Envoy has no endpoint and answers 503, so Route 53 fails the region over.
    health: {
      parentRefs,
      rules: [{
        name: "healthz",
        matches: [{ path: { type: "Exact", value: i.healthPath } }],
        filters: [{ type: "URLRewrite", urlRewrite: { path: { type: "ReplaceFullPath", replaceFullPath: "/health" } } }],
        backendRefs: [backend(i.premium.stable, 1), backend(i.free.stable, 1)],
        timeouts: { request: "5s" },
      }],
    },
  };
}
