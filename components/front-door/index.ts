import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { Namespace } from "@pulumi/kubernetes/core/v1/namespace";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { PrivateKey } from "@pulumi/tls/privateKey";
import { SelfSignedCert } from "@pulumi/tls/selfSignedCert";
import { pinnedRelease, type ChartRegistryAuth } from "../lib/helm";
import { settingsOrRefuse, type InputProblem } from "../lib/problems";
import { ENVOY_GATEWAY_CHART, ENVOY_GATEWAY_NAMESPACE, envoyGatewayValues, RATELIMIT_REDIS_SECRET, RATELIMIT_REDIS_SECRET_KEY } from "./chart";
import { frontDoorSettingsSchema, type FrontDoorSettings } from "./contract";
import { apiSecurityPolicy, gatewayClientPolicy, perClientPerMinute, routeTrafficPolicy } from "./policies";
import { envoyProxySpec, PROXY_METRICS, PROXY_POD_LABELS } from "./proxy";
import { frontDoorRoutes, ROUTE_NAMES, type TierBackends } from "./routes";

export { frontDoorSettingsSchema, type FrontDoorSettings, type ResolvedFrontDoorSettings } from "./contract";
export { CANARY_FORCED, CANARY_HEADER, CLIENT_HEADER, GENERATION_PATHS, PREMIUM_TIER, TIER_HEADER, type TierBackends } from "./routes";
export { PROXY_READINESS } from "./proxy";
export { timeoutFromP90, TIMEOUT_PER_P90 } from "./timeouts";

/** Inputs of {@link FrontDoor}: its settings (contract.ts, defaults there) and what connects it. */
export interface FrontDoorArgs extends FrontDoorSettings {
  /** Namespace of the Gateway, its routes and policies: the model servers' (application) namespace. */
  namespace: pulumi.Input<string>;
  /** Model-server Services premium clients and everyone else are sent to. */
  backends: { premium: TierBackends; free: TierBackends };
  /** Requests a second all free clients together may send: the free servers' largest capacity. */
  freeQpsCeiling: number;
  /** Path Route 53 probes (geo-DNS's health check): answered by the model servers' `/health`. */
  healthPath: string;
  /** The NLB: annotations for the AWS Load Balancer Controller, and the client CIDRs it admits. */
  loadBalancer: { annotations: Record<string, string>; sourceRanges: string[] };
  /** The region's Redis (TLS in transit, AUTH token), where the rate limits are counted. */
  redis: { host: pulumi.Input<string>; port: number; authToken: pulumi.Input<string> };
  /** kube-prometheus-stack release whose Prometheus selects the proxies' PodMonitor. */
  prometheusRelease: string;
  /** Registry that mirrors upstream images (required in China). @default docker.io */
  imageMirror?: string;
  /** Chart mirror (oci:// or https). @default oci://docker.io/envoyproxy */
  chartMirror?: string;
  /** Credentials for `chartMirror`. @default none */
  chartRegistryAuth?: ChartRegistryAuth;
  /** What the release waits for (nodes to run on). @default none */
  installAfter?: pulumi.Input<pulumi.Resource>[];
  /** What brings the PodMonitor CRD (the kube-prometheus-stack release). @default none */
  monitoringCrds?: pulumi.Input<pulumi.Resource>[];
}

const GATEWAY_NAME = "inference";

/** The part of a Gateway's status the front door reads. */
interface GatewayStatus {
  addresses?: Array<{ type?: string; value: string }>;
}
const LISTENER = "https";
const TLS_SECRET = "gateway-tls";

/**
 * A region's public API front door: Envoy Gateway (pinned chart, mirrored
 * images, global rate limits counted in the region's Redis over TLS with
 * AUTH), one GatewayClass and Gateway whose proxies' Service is the
 * internet-facing NLB, an HTTPS listener on 443 (TLS 1.2+), the OpenAI API
 * routes with tier and canary backends and their traffic policies, `/healthz`
 * answered by the model servers, JWT client identity, and the proxies'
 * PodMonitor. Needs the caller's Kubernetes provider in `opts.providers`.
 */
export class FrontDoor extends pulumi.ComponentResource {
  /** The NLB's hostname, once the Gateway is programmed. */
  readonly hostname: pulumi.Output<string>;
  /** Names of the routes: generation, the rest of the API, health. */
  readonly routes: { generation: string; api: string; health: string };
  /** Pinned chart version. */
  readonly chartVersion: string;
  /** Requests a minute one client of each tier may send. */
  readonly perClientPerMinute: { premium: number; free: number };

  constructor(name: string, args: FrontDoorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:traffic:FrontDoor", name, {}, opts);
    const settings = settingsOrRefuse("FrontDoor", name, frontDoorSettingsSchema, args, undefined, { wiring: () => wiringProblems(args) });
    const parent = { parent: this };
    const ns = args.namespace;

    // The controller's namespace exists before the release: the rate-limit service reads Redis's token from a Secret there.
    const controllerNamespace = new Namespace(`${name}-ns`, {
      metadata: { name: ENVOY_GATEWAY_NAMESPACE, labels: { "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/warn": "restricted" } },
    }, parent);
    const redisSecret = new Secret(`${name}-ratelimit-redis`, {
      metadata: { name: RATELIMIT_REDIS_SECRET, namespace: controllerNamespace.metadata.name },
      stringData: { [RATELIMIT_REDIS_SECRET_KEY]: pulumi.secret(args.redis.authToken) },
    }, parent);
    const release = pinnedRelease(`${name}-envoy-gateway`, {
      source: ENVOY_GATEWAY_CHART,
      chartMirror: args.chartMirror,
      registryAuth: args.chartRegistryAuth,
      namespace: ENVOY_GATEWAY_NAMESPACE,
      values: pulumi.output(args.redis.host).apply((redisHost) => envoyGatewayValues({ redisHost, redisPort: args.redis.port, imageMirror: args.imageMirror, controllerReplicas: 2 })),
    }, { parent: this, dependsOn: [redisSecret, ...(args.installAfter ?? [])] });
    const crds = { parent: this, dependsOn: [release] };

    // The NLB → Envoy hop is TLS too; the NLB does not verify target certificates, so a cluster-local one serves.
    const key = new PrivateKey(`${name}-tls`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, parent);
    const cert = new SelfSignedCert(`${name}-tls`, {
      privateKeyPem: key.privateKeyPem,
      subject: { commonName: `${GATEWAY_NAME}.gateway.internal`, organization: "inference-platform" },
      dnsNames: [`${GATEWAY_NAME}.gateway.internal`],
      validityPeriodHours: 24 * 365,
      earlyRenewalHours: 24 * 30,
      allowedUses: ["key_encipherment", "digital_signature", "server_auth"],
    }, parent);
    const tlsSecret = new Secret(`${name}-tls`, {
      metadata: { name: TLS_SECRET, namespace: ns },
      type: "kubernetes.io/tls",
      stringData: { "tls.crt": cert.certPem, "tls.key": pulumi.secret(key.privateKeyPem) },
    }, parent);

    const proxy = new CustomResource(`${name}-proxy`, {
      apiVersion: "gateway.envoyproxy.io/v1alpha1",
      kind: "EnvoyProxy",
      metadata: { name: GATEWAY_NAME, namespace: ns },
      spec: envoyProxySpec({ replicas: settings.proxyReplicas, serviceAnnotations: args.loadBalancer.annotations, sourceRanges: args.loadBalancer.sourceRanges }),
    }, crds);
    const gatewayClass = new CustomResource(`${name}-class`, {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "GatewayClass",
      metadata: { name: GATEWAY_NAME },
      spec: { controllerName: "gateway.envoyproxy.io/gatewayclass-controller" },
    }, crds);
    const gateway = new CustomResource(`${name}-gateway`, {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      // Declared so the resource exposes it: Envoy Gateway writes the proxies' NLB hostname to status.addresses.
      status: undefined,
      // Programmed = the proxies run and the NLB has an address: DNS may point at it.
      metadata: { name: GATEWAY_NAME, namespace: ns, annotations: { "pulumi.com/waitFor": "condition=Programmed" } },
      spec: {
        gatewayClassName: GATEWAY_NAME,
        infrastructure: { parametersRef: { group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: GATEWAY_NAME } },
        // 443 only: port 80 is closed (no listener, and the NLB listens on 443 alone).
        listeners: [{
          name: LISTENER, protocol: "HTTPS", port: 443,
          tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: TLS_SECRET }] },
          allowedRoutes: { namespaces: { from: "Same" } },
        }],
      },
    }, { parent: this, dependsOn: [release, proxy, gatewayClass, tlsSecret], customTimeouts: { create: "20m", update: "20m" } });

    const specs = pulumi.output(ns).apply((namespace) => frontDoorRoutes({
      gateway: { name: GATEWAY_NAME, namespace, sectionName: LISTENER },
      premium: args.backends.premium,
      free: args.backends.free,
      timeouts: settings.timeouts,
      healthPath: args.healthPath,
    }));
    this.routes = { ...ROUTE_NAMES };
    for (const [key2, routeName] of Object.entries(this.routes) as Array<[keyof typeof this.routes, string]>) {
      new CustomResource(`${name}-route-${routeName}`, {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: { name: routeName, namespace: ns },
        spec: specs.apply((s) => s[key2]),
      }, { parent: this, dependsOn: [release, gateway] });
    }
    const policy = (routeName: string, timeoutSeconds: number) => new CustomResource(`${name}-traffic-${routeName}`, {
      apiVersion: "gateway.envoyproxy.io/v1alpha1",
      kind: "BackendTrafficPolicy",
      metadata: { name: routeName, namespace: ns },
      spec: routeTrafficPolicy({ route: routeName, timeoutSeconds, settings, freeQpsCeiling: args.freeQpsCeiling }),
    }, crds);
    policy(this.routes.generation, settings.timeouts.generationSeconds);
    policy(this.routes.api, settings.timeouts.apiMilliseconds / 1000);
    new CustomResource(`${name}-client`, {
      apiVersion: "gateway.envoyproxy.io/v1alpha1",
      kind: "ClientTrafficPolicy",
      metadata: { name: GATEWAY_NAME, namespace: ns },
      spec: gatewayClientPolicy(GATEWAY_NAME),
    }, crds);
    new CustomResource(`${name}-auth`, {
      apiVersion: "gateway.envoyproxy.io/v1alpha1",
      kind: "SecurityPolicy",
      metadata: { name: "api-clients", namespace: ns },
      spec: apiSecurityPolicy([this.routes.generation, this.routes.api], settings.auth),
    }, crds);

    new CustomResource(`${name}-proxy-metrics`, {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PodMonitor",
      metadata: { name: "envoy-proxies", namespace: ENVOY_GATEWAY_NAMESPACE, labels: { release: args.prometheusRelease, "app.kubernetes.io/part-of": "inference-platform" } },
      spec: {
        selector: { matchLabels: { ...PROXY_POD_LABELS, "gateway.envoyproxy.io/owning-gateway-name": GATEWAY_NAME } },
        podMetricsEndpoints: [{ port: PROXY_METRICS.portName, path: PROXY_METRICS.path, interval: "15s" }],
      },
    }, { parent: this, dependsOn: [release, ...(args.monitoringCrds ?? [])] });

    // Programmed means the NLB has its address; Envoy Gateway copies the Service's hostname to the Gateway's status.
    const status = (gateway as unknown as { status: pulumi.Output<GatewayStatus | undefined> }).status;
    this.hostname = status.apply((st) => {
      const hostname = st?.addresses?.find((a) => a.type === undefined || a.type === "Hostname")?.value;
      if (!hostname) throw new Error(`${name}: the Gateway reported no hostname`);
      return hostname;
    });
    this.chartVersion = ENVOY_GATEWAY_CHART.version;
    this.perClientPerMinute = perClientPerMinute(settings);
    this.registerOutputs({ hostname: this.hostname, routes: this.routes, chartVersion: this.chartVersion, perClientPerMinute: this.perClientPerMinute });
  }
}

/** Rules on the wiring, which the settings schema cannot see. */
function wiringProblems(args: FrontDoorArgs): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (property: string, reason: string) => problems.push({ property, reason });
  for (const tier of ["premium", "free"] as const) {
    const b = args.backends[tier];
    if (!(b.canaryWeightPercent >= 0 && b.canaryWeightPercent <= 100)) add(`backends.${tier}.canaryWeightPercent`, `${b.canaryWeightPercent} is outside 0 to 100`);
    if (b.stable.trim() === "" || b.canary.trim() === "") add(`backends.${tier}`, "stable and canary Service names are required");
  }
  if (!(args.freeQpsCeiling > 0)) add("freeQpsCeiling", `${args.freeQpsCeiling} is not > 0`);
  if (!/^\/[^\s]*$/.test(args.healthPath)) add("healthPath", `"${args.healthPath}" is not an absolute path such as /healthz`);
  if (args.loadBalancer.sourceRanges.length === 0) add("loadBalancer.sourceRanges", "at least one CIDR");
  if (!Number.isInteger(args.redis.port) || args.redis.port < 1 || args.redis.port > 65535) add("redis.port", `${args.redis.port} is not a TCP port`);
  if (args.prometheusRelease.trim() === "") add("prometheusRelease", "the kube-prometheus-stack release name (the PodMonitor's release label)");
  return problems;
}
