/**
 * The Envoy proxies of a region's Gateway (gateway.envoyproxy.io/v1alpha1
 * EnvoyProxy at Envoy Gateway v1.9.0): their Service is the region's
 * internet-facing NLB (annotations from the caller, made for the AWS Load
 * Balancer Controller), spread over zones, with a disruption budget and
 * Prometheus metrics on :19001. Pulumi-free.
 */

/** Name of the proxies' Service (in the controller's namespace): the NLB. */
export const PROXY_SERVICE_NAME = "inference-gateway";
/** Envoy's readiness endpoint on every proxy pod (bootstrap.go at v1.9.0): what the NLB health-checks. */
export const PROXY_READINESS = { port: 19003, path: "/ready" } as const;
/** Envoy's Prometheus endpoint on every proxy pod (container port named `metrics`). */
export const PROXY_METRICS = { portName: "metrics", path: "/stats/prometheus" } as const;
/** Labels Envoy Gateway puts on every proxy pod (proxy/resource.go at v1.9.0). */
export const PROXY_POD_LABELS = { "app.kubernetes.io/name": "envoy", "app.kubernetes.io/component": "proxy", "app.kubernetes.io/managed-by": "envoy-gateway" } as const;

/** Inputs of {@link envoyProxySpec}. */
export interface EnvoyProxyArgs {
  replicas: number;
  /** The NLB's annotations (scheme, targets, TLS, health check, tags). */
  serviceAnnotations: Record<string, string>;
  /** Client CIDRs the NLB admits. */
  sourceRanges: string[];
}

/** `EnvoyProxy` spec, as far as the front door sets it. */
export interface EnvoyProxySpec {
  provider: {
    type: "Kubernetes";
    kubernetes: {
      envoyService: { name: string; type: "LoadBalancer"; loadBalancerClass: string; annotations: Record<string, string>; loadBalancerSourceRanges: string[] };
      envoyDeployment: {
        replicas: number;
        pod: { topologySpreadConstraints: Array<Record<string, unknown>> };
        container: { resources: { requests: Record<string, string>; limits: Record<string, string> } };
      };
      envoyPDB: { maxUnavailable: number };
    };
  };
  telemetry: { metrics: { prometheus: Record<string, never> } };
}

export function envoyProxySpec(a: EnvoyProxyArgs): EnvoyProxySpec {
  return {
    provider: {
      type: "Kubernetes",
      kubernetes: {
        envoyService: {
          name: PROXY_SERVICE_NAME,
          type: "LoadBalancer",
          // Only the AWS Load Balancer Controller reconciles this class, never the in-tree one.
          loadBalancerClass: "service.k8s.aws/nlb",
          annotations: a.serviceAnnotations,
          loadBalancerSourceRanges: a.sourceRanges,
        },
        envoyDeployment: {
          replicas: a.replicas,
          pod: {
            topologySpreadConstraints: [{
              maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule",
              labelSelector: { matchLabels: { "app.kubernetes.io/name": PROXY_POD_LABELS["app.kubernetes.io/name"], "app.kubernetes.io/component": PROXY_POD_LABELS["app.kubernetes.io/component"] } },
            }],
          },
          // Guaranteed memory: an evicted proxy drops every connection through it.
          container: { resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { memory: "1Gi" } } },
        },
        envoyPDB: { maxUnavailable: 1 },
      },
    },
    telemetry: { metrics: { prometheus: {} } },
  };
}
