// Stack-file keys of each region's ingress and front door.
import type { RenderedStack } from "../../../infra/plan/harness";
import {
  envoyProxy, envoyService, helmValues, inRegion, jwtProvider, named, onTrafficPolicies, routeRules, trafficPolicy, type Doc, type Reaches, type Unreached,
} from "../../support/config-keys";

/** China's value of `frontDoor.<key>`, found by `read` on both serving routes' BackendTrafficPolicies. */
const onChinaPolicies = (key: string, value: unknown, read: (spec: Doc) => unknown, expected = value): Reaches =>
  ({ ...inRegion("prod", "china", `frontDoor.${key}`, value), found: (r) => onTrafficPolicies(r, "china", read), expected: [expected, expected] });
/** The JWT claim China's front door copies into `header`. */
const claimOf = (r: RenderedStack, header: string): string => named(jwtProvider(r, "china").claimToHeaders, header, "header").claim;
/** The timeout of China's `route`: on its BackendTrafficPolicy, then on each of its rules. */
const routeTimeouts = (r: RenderedStack, route: string): string[] =>
  [trafficPolicy(r, "china", route).timeout.http.requestTimeout, ...routeRules(r, "china", route).map((rule) => rule.timeouts.request)];

export const FRONT_DOOR_KEYS: Record<string, Reaches | Unreached> = {
  // The NLB is the front door's proxy Service: its certificate and sources are on the EnvoyProxy.
  "regions[].ingress.certificateArn": {
    ...inRegion("prod", "china", "ingress.certificateArn", "arn:aws-cn:acm:cn-north-1:111122223333:certificate/abc"),
    found: (r) => envoyService(r, "china").annotations["service.beta.kubernetes.io/aws-load-balancer-ssl-cert"],
  },
  "regions[].ingress.allowedSourceCidrs": {
    ...inRegion("prod", "china", "ingress.allowedSourceCidrs", ["203.0.113.0/24"]),
    found: (r) => envoyService(r, "china").loadBalancerSourceRanges,
  },
  "regions[].ingress.controllerReplicas": {
    ...inRegion("prod", "china", "ingress.controllerReplicas", 3),
    found: (r) => helmValues(r, "china-ingress-lb-controller").replicaCount,
  },

  // China's front door; the per-minute rate is Frankfurt's, so each product below shows one key.
  "regions[].frontDoor.auth.issuer": {
    ...inRegion("prod", "china", "frontDoor.auth.issuer", "https://login.inference.example.cn/"),
    found: (r) => jwtProvider(r, "china").issuer,
  },
  "regions[].frontDoor.auth.jwksUri": {
    ...inRegion("prod", "china", "frontDoor.auth.jwksUri", "https://login.inference.example.cn/keys"),
    found: (r) => jwtProvider(r, "china").remoteJWKS.uri,
  },
  "regions[].frontDoor.auth.audiences": {
    ...inRegion("prod", "china", "frontDoor.auth.audiences", ["inference-api", "inference-batch"]),
    found: (r) => jwtProvider(r, "china").audiences,
  },
  "regions[].frontDoor.auth.tierClaim": { ...inRegion("prod", "china", "frontDoor.auth.tierClaim", "plan"), found: (r) => claimOf(r, "x-inference-tier") },
  "regions[].frontDoor.auth.clientClaim": { ...inRegion("prod", "china", "frontDoor.auth.clientClaim", "client_id"), found: (r) => claimOf(r, "x-inference-client") },
  // Rate-limit rules: premium per client, free per client, free clients together.
  "regions[].frontDoor.tierWeights.premium": onChinaPolicies("tierWeights.premium", 200, (s) => s.rateLimit.global.rules[0].limit.requests),
  "regions[].frontDoor.tierWeights.free": onChinaPolicies("tierWeights.free", 20, (s) => s.rateLimit.global.rules[1].limit.requests),
  "regions[].frontDoor.requestsPerWeightPerMinute": {
    ...inRegion("prod", "frankfurt", "frontDoor.requestsPerWeightPerMinute", 3),
    found: (r) => onTrafficPolicies(r, "frankfurt", (s) => s.rateLimit.global.rules.slice(0, 2).map((rule: Doc) => rule.limit.requests)),
    expected: [[300, 30], [300, 30]],
  },
  // On the route's policy and on each of its rules.
  "regions[].frontDoor.timeouts.generationSeconds": {
    ...inRegion("prod", "china", "frontDoor.timeouts.generationSeconds", 600),
    // China runs no canary: its two serving rules (premium, everyone else) and the route's traffic policy.
    found: (r) => routeTimeouts(r, "generation"),
    expected: Array(3).fill("600s"),
  },
  "regions[].frontDoor.timeouts.apiMilliseconds": {
    ...inRegion("prod", "china", "frontDoor.timeouts.apiMilliseconds", 1500),
    found: (r) => routeTimeouts(r, "api"),
    expected: Array(3).fill("1s500ms"),
  },
  "regions[].frontDoor.retry.attempts": onChinaPolicies("retry.attempts", 2, (s) => s.retry.numRetries),
  // The first back-off is also what a 429 tells the client to wait.
  "regions[].frontDoor.retry.backoffBaseSeconds": onChinaPolicies(
    "retry.backoffBaseSeconds", 2,
    (s) => [s.retry.perRetry.backOff.baseInterval, named(s.responseOverride[0].response.header.set, "Retry-After").value], ["2s", "2"],
  ),
  "regions[].frontDoor.retry.backoffMaxSeconds": onChinaPolicies("retry.backoffMaxSeconds", 20, (s) => s.retry.perRetry.backOff.maxInterval, "20s"),
  "regions[].frontDoor.retry.budgetPercent": onChinaPolicies("retry.budgetPercent", 10, (s) => s.circuitBreaker.retryBudget.percent.numerator),
  "regions[].frontDoor.circuitBreaker.maxPendingRequests": onChinaPolicies("circuitBreaker.maxPendingRequests", 512, (s) => s.circuitBreaker.maxPendingRequests),
  "regions[].frontDoor.circuitBreaker.maxParallelRequests": onChinaPolicies("circuitBreaker.maxParallelRequests", 2048, (s) => s.circuitBreaker.maxParallelRequests),
  "regions[].frontDoor.outlierDetection.consecutive5xx": onChinaPolicies("outlierDetection.consecutive5xx", 3, (s) => s.healthCheck.passive.consecutive5XxErrors),
  "regions[].frontDoor.outlierDetection.intervalSeconds": onChinaPolicies("outlierDetection.intervalSeconds", 5, (s) => s.healthCheck.passive.interval, "5s"),
  "regions[].frontDoor.outlierDetection.baseEjectionSeconds": onChinaPolicies("outlierDetection.baseEjectionSeconds", 60, (s) => s.healthCheck.passive.baseEjectionTime, "60s"),
  "regions[].frontDoor.outlierDetection.maxEjectionPercent": onChinaPolicies("outlierDetection.maxEjectionPercent", 34, (s) => s.healthCheck.passive.maxEjectionPercent),
  "regions[].frontDoor.proxyReplicas": { ...inRegion("prod", "china", "frontDoor.proxyReplicas", 4), found: (r) => envoyProxy(r, "china").envoyDeployment.replicas },
};
