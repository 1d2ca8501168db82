/**
 * Envoy Gateway, pinned: the chart, the images it and its controller run, and
 * the chart values that point them at the region's mirror and give the
 * rate-limit service the region's Redis over TLS with AUTH. Pulumi-free.
 *
 * Source: envoyproxy/gateway at tag v1.9.0 (2026-08-15): release workflow
 * (`.github/workflows/release.yaml`: chart pushed to oci://docker.io/envoyproxy
 * as `v1.9.0`), `charts/gateway-helm/values.tmpl.yaml` (`global.images.*`),
 * `api/v1alpha1/shared_types.go` (DefaultEnvoyProxyImage, DefaultRateLimitImage),
 * `internal/infrastructure/kubernetes/ratelimit/resource.go` (the env the
 * controller sets: REDIS_URL and REDIS_TLS, never REDIS_AUTH), the compatibility
 * matrix (Envoy distroless-v1.39.0, ratelimit 17b1956c, Gateway API v1.6.1,
 * Kubernetes 1.33–1.36). The chart installs the Gateway API CRDs (v1.6.1,
 * experimental channel) and its own from its `crds` subchart.
 * Recorded: 2026-11-29. Re-read these files when the version changes.
 */
import type { ChartSource } from "../lib/helm";
import { imageFrom, type UpstreamImage } from "../lib/images";

/** The chart, from Docker Hub's OCI registry (or the region's chart mirror). */
export const ENVOY_GATEWAY_CHART: ChartSource = {
  chart: "gateway-helm",
  version: "v1.9.0",
  repository: "oci://docker.io/envoyproxy",
};

/** Namespace of the controller, the rate-limit service and the Envoy proxies (the chart's documented one). */
export const ENVOY_GATEWAY_NAMESPACE = "envoy-gateway-system";

/** Every image the release and its controller run, with the tags the chart was written for. */
export const ENVOY_GATEWAY_IMAGES = {
  /** Controller, its certgen hook Job and the proxies' shutdown-manager sidecar. */
  controller: { registry: "docker.io", repository: "envoyproxy/gateway", tag: "v1.9.0" },
  /** The global rate-limit service. */
  ratelimit: { registry: "docker.io", repository: "envoyproxy/ratelimit", tag: "17b1956c" },
  /** The Envoy proxies. */
  proxy: { registry: "docker.io", repository: "envoyproxy/envoy", tag: "distroless-v1.39.0" },
} as const satisfies Record<string, UpstreamImage>;

/** Secret (in the controller's namespace) holding the Redis AUTH token for the rate-limit service. */
export const RATELIMIT_REDIS_SECRET = "ratelimit-redis-auth";
/** Its key. */
export const RATELIMIT_REDIS_SECRET_KEY = "REDIS_AUTH";

/** Inputs of {@link envoyGatewayValues}. */
export interface EnvoyGatewayValuesArgs {
  /** The region's Redis primary endpoint and port (ElastiCache: TLS in transit and an AUTH token). */
  redisHost: string;
  redisPort: number;
  imageMirror?: string;
  /** Controller replicas. */
  controllerReplicas: number;
}

/** Chart values: mirrored images, two controllers, and global rate limiting counted in the region's Redis. */
export function envoyGatewayValues(a: EnvoyGatewayValuesArgs): Record<string, unknown> {
  const image = (i: UpstreamImage) => imageFrom(i, a.imageMirror);
  return {
    global: {
      images: {
        envoyGateway: { image: image(ENVOY_GATEWAY_IMAGES.controller) },
        ratelimit: { image: image(ENVOY_GATEWAY_IMAGES.ratelimit) },
        envoyProxy: { image: image(ENVOY_GATEWAY_IMAGES.proxy) },
      },
    },
    deployment: {
      replicas: a.controllerReplicas,
      // The proxies keep their configuration while no controller runs; the controller itself stays on the system nodes.
      pod: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { "control-plane": "envoy-gateway" } } }] },
    },
    config: {
      envoyGateway: {
        rateLimit: {
          backend: { type: "Redis", redis: { url: `${a.redisHost}:${a.redisPort}` } },
          // A limit that cannot be counted lets requests through: an unreachable Redis must not answer
          // "server busy" to everyone (the circuit breakers still cap what reaches the servers).
          failClosed: false,
        },
        provider: {
          type: "Kubernetes",
          kubernetes: {
            rateLimitDeployment: {
              replicas: 2,
              container: {
                // The controller never sets REDIS_AUTH, and sets REDIS_TLS only with `redis.tls`, whose certificate
                // volume it mounts only with a client certificate (ratelimit/resource.go at v1.9.0): both go here.
                env: [
                  { name: "REDIS_TLS", value: "true" },
                  { name: "REDIS_AUTH", valueFrom: { secretKeyRef: { name: RATELIMIT_REDIS_SECRET, key: RATELIMIT_REDIS_SECRET_KEY } } },
                ],
              },
            },
          },
        },
      },
    },
  };
}
