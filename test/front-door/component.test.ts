// FrontDoor under Pulumi mocks: what it registers (names, namespaces, parents, order), that a non-default
// setting reaches its resource, and that bad settings or wiring are refused with one error before any child.
import * as pulumi from "@pulumi/pulumi";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { beforeAll, describe, expect, it } from "vitest";
import { FrontDoor, type FrontDoorArgs } from "../../components/front-door";
import { onlyInputs, recordRegistrations, refusedBy, waitForRPCs } from "../support/components";

type Obj = Record<string, any>;

const K8S = "kubernetes:";
const GATEWAY_API = `${K8S}gateway.networking.k8s.io/v1:`;
const ENVOY_GATEWAY = `${K8S}gateway.envoyproxy.io/v1alpha1:`;
const MIRROR = "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror";

const args: FrontDoorArgs = {
  auth: { issuer: "https://id.example.com/", jwksUri: "https://id.example.com/jwks.json" },
  namespace: "inference",
  backends: {
    premium: { stable: "qwen3-8b-premium", canary: "qwen3-8b-premium-canary", canaryWeightPercent: 0, canaryRunning: true },
    free: { stable: "qwen3-32b-batch", canary: "qwen3-32b-batch-canary", canaryWeightPercent: 10, canaryRunning: true },
  },
  freeQpsCeiling: 40,
  healthPath: "/healthz",
  loadBalancer: { annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" }, sourceRanges: ["0.0.0.0/0"] },
  redis: { host: "master.redis.example.cache.amazonaws.com", port: 6379, authToken: "token" },
  prometheusRelease: "frankfurt-monitoring-kps",
};

const registered: pulumi.runtime.MockResourceArgs[] = [];
/** `type::name` → the parent URN and the URNs it waits for, as sent to the engine. */
const sent = new Map<string, { parent: string; dependencies: string[]; urn: string }>();
const doors: Record<string, FrontDoor> = {};
const urnOf: Record<string, string> = {};
/** The `property: reason` lines each refused construction threw, by component name. */
const refusals: Record<string, string[]> = {};

interface MonitorLike {
  registerResource(req: { getType(): string; getName(): string; getParent(): string; getDependenciesList(): string[] }, cb: (err: unknown, resp?: { getUrn(): string }) => void): void;
}
const resolve = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((ok) => o.apply(ok));
const one = (type: string, name: string): Obj => onlyInputs(registered, type, name);

beforeAll(async () => {
  await recordRegistrations(registered, "eu-central-1");
  const monitor = (pulumi.runtime as unknown as { getMonitor(): MonitorLike }).getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => register(req, (err, resp) => {
    if (!err && resp) sent.set(`${req.getType()}::${req.getName()}`, { parent: req.getParent(), dependencies: req.getDependenciesList(), urn: resp.getUrn() });
    cb(err, resp);
  });
  const providers = { kubernetes: new KubernetesProvider("k8s", { kubeconfig: "{}" }) };
  doors.fd = new FrontDoor("fd", args, { providers });
  doors.custom = new FrontDoor("custom", {
    ...args,
    tierWeights: { premium: 50 }, timeouts: { generationSeconds: 120 }, retry: { attempts: 5 }, proxyReplicas: 3, imageMirror: MIRROR,
  }, { providers });
  const bad: Record<string, Partial<FrontDoorArgs>> = {
    "refused-wiring": {
      backends: { ...args.backends, premium: { ...args.backends.premium, canaryWeightPercent: 130 } },
      freeQpsCeiling: 0,
      loadBalancer: { ...args.loadBalancer, sourceRanges: [] },
    },
    "refused-settings": { tierWeights: { free: 0 }, proxyReplicas: 1, retry: { backoffBaseSeconds: 5, backoffMaxSeconds: 2 } },
  };
  for (const [name, b] of Object.entries(bad)) refusals[name] = refusedBy(() => new FrontDoor(name, { ...args, ...b }, { providers }));
  for (const [name, door] of Object.entries(doors)) urnOf[name] = await resolve(door.urn);
  await waitForRPCs();
});

describe("FrontDoor's objects", () => {
  it("registers every kind once, with its name and namespace", () => {
    const children = registered.filter((r) => r.name.startsWith("fd-"))
      .map((r) => `${r.type} ${r.name} → ${r.inputs.metadata?.namespace ?? "-"}/${r.inputs.metadata?.name ?? "-"}`).sort();
    expect(children).toEqual([
      `${ENVOY_GATEWAY}BackendTrafficPolicy fd-traffic-api → inference/api`,
      `${ENVOY_GATEWAY}BackendTrafficPolicy fd-traffic-generation → inference/generation`,
      `${ENVOY_GATEWAY}ClientTrafficPolicy fd-client → inference/inference`,
      `${ENVOY_GATEWAY}EnvoyProxy fd-proxy → inference/inference`,
      `${ENVOY_GATEWAY}SecurityPolicy fd-auth → inference/api-clients`,
      `${GATEWAY_API}Gateway fd-gateway → inference/inference`,
      `${GATEWAY_API}GatewayClass fd-class → -/inference`,
      `${GATEWAY_API}HTTPRoute fd-route-api → inference/api`,
      `${GATEWAY_API}HTTPRoute fd-route-generation → inference/generation`,
      `${GATEWAY_API}HTTPRoute fd-route-healthz → inference/healthz`,
      `${K8S}core/v1:Namespace fd-ns → -/envoy-gateway-system`,
      `${K8S}core/v1:Secret fd-ratelimit-redis → envoy-gateway-system/ratelimit-redis-auth`,
      `${K8S}core/v1:Secret fd-tls → inference/gateway-tls`,
      `${K8S}helm.sh/v3:Release fd-envoy-gateway → -/-`,
      `${K8S}monitoring.coreos.com/v1:PodMonitor fd-proxy-metrics → envoy-gateway-system/envoy-proxies`,
      "tls:index/privateKey:PrivateKey fd-tls → -/-",
      "tls:index/selfSignedCert:SelfSignedCert fd-tls → -/-",
    ].sort());
  });

  it("parents every child on the component", () => {
    const children = [...sent.entries()].filter(([key]) => key.split("::")[1]!.startsWith("fd-"));
    expect(children).toHaveLength(17);
    for (const [key, { parent }] of children) expect(parent, key).toBe(urnOf.fd);
  });

  it("installs the pinned chart into the controller's namespace, after the Redis token's Secret", () => {
    const release = one(`${K8S}helm.sh/v3:Release`, "fd-envoy-gateway");
    expect(release).toMatchObject({ chart: "oci://docker.io/envoyproxy/gateway-helm", version: "v1.9.0", namespace: "envoy-gateway-system" });
    expect(release.values.config.envoyGateway.rateLimit.backend.redis.url).toBe("master.redis.example.cache.amazonaws.com:6379");
    const deps = sent.get(`${K8S}helm.sh/v3:Release::fd-envoy-gateway`)!.dependencies;
    expect(deps).toContain(sent.get(`${K8S}core/v1:Secret::fd-ratelimit-redis`)!.urn);
  });

  it("listens on 443 alone, terminating TLS with its own certificate, on the EnvoyProxy's NLB", () => {
    const gateway = one(`${GATEWAY_API}Gateway`, "fd-gateway");
    expect(gateway.spec.listeners).toEqual([{
      name: "https", protocol: "HTTPS", port: 443,
      tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: "gateway-tls" }] },
      allowedRoutes: { namespaces: { from: "Same" } },
    }]);
    expect(gateway.spec.infrastructure.parametersRef).toEqual({ group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: "inference" });
    expect(one(`${K8S}core/v1:Secret`, "fd-tls").type).toBe("kubernetes.io/tls");
    expect(one(`${GATEWAY_API}GatewayClass`, "fd-class").spec.controllerName).toBe("gateway.envoyproxy.io/gatewayclass-controller");
  });

  it("attaches the routes once the Gateway exists, and its hostname is the NLB's", async () => {
    const gatewayUrn = sent.get(`${GATEWAY_API}Gateway::fd-gateway`)!.urn;
    for (const route of ["generation", "api", "healthz"]) {
      expect(sent.get(`${GATEWAY_API}HTTPRoute::fd-route-${route}`)!.dependencies, route).toContain(gatewayUrn);
    }
    expect(doors.fd!.routes).toEqual({ generation: "generation", api: "api", health: "healthz" });
    expect(await resolve(doors.fd!.hostname)).toMatch(/^k8s-envoy-ga-inferenc-[0-9a-f]+-[0-9a-f]+\.elb\.eu-central-1\.amazonaws\.com$/);
  });

  it("keeps the defaults where nothing is set", () => {
    expect(one(`${ENVOY_GATEWAY}EnvoyProxy`, "fd-proxy").spec.provider.kubernetes.envoyDeployment.replicas).toBe(2);
    expect(one(`${GATEWAY_API}HTTPRoute`, "fd-route-generation").spec.rules[0].timeouts).toEqual({ request: "300s" });
    expect(one(`${ENVOY_GATEWAY}BackendTrafficPolicy`, "fd-traffic-api").spec.timeout.http.requestTimeout).toBe("800ms");
    expect(one(`${K8S}helm.sh/v3:Release`, "fd-envoy-gateway").values.global.images.envoyProxy.image).toBe("docker.io/envoyproxy/envoy:distroless-v1.39.0");
  });
});

describe("FrontDoor's settings reach their resources", () => {
  it("generation timeout 120 s: on the route and on its traffic policy", () => {
    expect(one(`${GATEWAY_API}HTTPRoute`, "custom-route-generation").spec.rules.map((r: Obj) => r.timeouts.request)).toEqual(Array(4).fill("120s"));
    expect(one(`${ENVOY_GATEWAY}BackendTrafficPolicy`, "custom-traffic-generation").spec.timeout.http.requestTimeout).toBe("120s");
  });

  it("premium weight 50 and 5 retries: on both traffic policies", () => {
    for (const route of ["generation", "api"]) {
      const spec = one(`${ENVOY_GATEWAY}BackendTrafficPolicy`, `custom-traffic-${route}`).spec;
      expect(spec.rateLimit.global.rules.map((r: Obj) => r.limit)).toEqual([{ requests: 50, unit: "Minute" }, { requests: 10, unit: "Minute" }, { requests: 40, unit: "Second" }]);
      expect(spec.retry.numRetries).toBe(5);
    }
  });

  it("3 proxies: on the EnvoyProxy; the mirror: on every image", () => {
    expect(one(`${ENVOY_GATEWAY}EnvoyProxy`, "custom-proxy").spec.provider.kubernetes.envoyDeployment.replicas).toBe(3);
    const images = Object.values(one(`${K8S}helm.sh/v3:Release`, "custom-envoy-gateway").values.global.images as Record<string, { image: string }>);
    expect(images.map((i) => i.image.startsWith(`${MIRROR}/docker.io/envoyproxy/`))).toEqual([true, true, true]);
  });

  it("the canary weights: on both serving routes", () => {
    for (const route of ["generation", "api"]) {
      const free = one(`${GATEWAY_API}HTTPRoute`, `custom-route-${route}`).spec.rules[3];
      expect(free.backendRefs.map((b: Obj) => `${b.name}@${b.weight}`)).toEqual(["qwen3-32b-batch@90", "qwen3-32b-batch-canary@10"]);
    }
  });
});

describe("FrontDoor refuses bad input", () => {
  it("lists every wiring problem in one InputPropertiesError", () => {
    expect(refusals["refused-wiring"]).toEqual([
      "backends.premium.canaryWeightPercent: 130 is outside 0 to 100",
      "freeQpsCeiling: 0 is not > 0",
      "loadBalancer.sourceRanges: at least one CIDR",
    ]);
  });

  it("lists every settings problem in one InputPropertiesError", () => {
    expect(refusals["refused-settings"]).toEqual([
      "tierWeights.free: must be > 0: a tier with no weight could never be served",
      "retry.backoffMaxSeconds: below backoffBaseSeconds (5): the cap must be at least the first back-off",
      "proxyReplicas: at least 2: one proxy is a single point of failure for the region",
    ]);
  });

  it("registers no child of a refused front door", () => {
    expect(registered.filter((r) => r.name.startsWith("refused") && r.type !== "inference:traffic:FrontDoor")).toEqual([]);
  });
});
