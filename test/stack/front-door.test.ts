// The front door in both real stacks, per region: what the "done when" asks of every region, read
// off the rendered plan (Envoy Gateway pinned, a TLS listener on 443, weighted stable/canary backends, /healthz,
// tier rate limits with retries and a timeout, no LoadBalancer Service of ours selecting nothing), and the
// geo-DNS health checks probing the path the front door answers.
import { describe, expect, it } from "vitest";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { parseStackFile, refusalOfEditedProd } from "../support/config";
import { bothRealStacks, editedStackFile, ofType } from "../support/render";

type Doc = Record<string, any>;
const stacks: Record<string, RenderedStack> = bothRealStacks();

const REGIONS = { prod: ["china", "frankfurt"], dev: ["shanghai", "frankfurt"] } as const;
const cases = (["prod", "dev"] as const).flatMap((stack) => REGIONS[stack].map((region) => ({ stack, region })));
const one = (stack: string, type: string, name: string): RenderedResource & { inputs: Doc } => {
  const found = stacks[stack]!.resources.filter((r) => r.type === type && r.name === name);
  expect(found, `${type} ${name}`).toHaveLength(1);
  return found[0] as RenderedResource & { inputs: Doc };
};
const T = {
  release: "kubernetes:helm.sh/v3:Release",
  gateway: "kubernetes:gateway.networking.k8s.io/v1:Gateway",
  route: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
  traffic: "kubernetes:gateway.envoyproxy.io/v1alpha1:BackendTrafficPolicy",
  proxy: "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy",
  service: "kubernetes:core/v1:Service",
} as const;

describe.each(cases)("$stack/$region front door", ({ stack, region }) => {
  it("installs Envoy Gateway from its pinned chart, with a Gateway whose only listener is HTTPS on 443", () => {
    const release = one(stack, T.release, `${region}-front-door-envoy-gateway`);
    expect(release.inputs.version).toBe("v1.9.0");
    expect(release.inputs.chart).toMatch(/\/gateway-helm$/);
    const gateway = one(stack, T.gateway, `${region}-front-door-gateway`);
    expect(gateway.inputs.spec.listeners).toEqual([expect.objectContaining({
      protocol: "HTTPS", port: 443, tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: "gateway-tls" }] },
    })]);
    expect(gateway.inputs.metadata.annotations["pulumi.com/waitFor"]).toBe("condition=Programmed");
  });

  it("sends every serving rule to two weighted backends, stable and canary", () => {
    for (const route of ["generation", "api"]) {
      const rules = one(stack, T.route, `${region}-front-door-route-${route}`).inputs.spec.rules as Doc[];
      const weighted = rules.filter((r) => r.backendRefs.length === 2);
      expect(weighted.length, route).toBe(2);
      for (const rule of weighted) {
        const [stable, canary] = rule.backendRefs as Doc[];
        expect(canary!.name).toBe(`${stable!.name}-canary`);
        expect(stable!.weight + canary!.weight).toBe(100);
        // The canary's Service exists in the plan whether or not a canary runs.
        one(stack, T.service, `${region}-model-${String(stable!.name)}-canary`);
      }
    }
  });

  it("answers /healthz from the model servers' /health, the path every geo-DNS health check probes", () => {
    const rule = one(stack, T.route, `${region}-front-door-route-healthz`).inputs.spec.rules[0];
    expect(rule.matches).toEqual([{ path: { type: "Exact", value: "/healthz" } }]);
    expect(rule.filters[0].urlRewrite.path.replaceFullPath).toBe("/health");
    const check = one(stack, "aws:route53/healthCheck:HealthCheck", `dns-${region}`);
    expect(check.inputs).toMatchObject({ type: "HTTPS", port: 443, resourcePath: rule.matches[0].path.value });
  });

  it("limits each tier, retries with back-off and times out, per serving route", () => {
    for (const route of ["generation", "api"]) {
      const spec = one(stack, T.traffic, `${region}-front-door-traffic-${route}`).inputs.spec;
      expect(spec.targetRefs).toEqual([{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: route }]);
      const tiers = (spec.rateLimit.global.rules as Doc[]).map((r) => r.clientSelectors[0].headers[0]);
      expect(tiers.filter((h) => h.name === "x-inference-tier" && !h.invert)).toHaveLength(1);
      expect(tiers.filter((h) => h.name === "x-inference-tier" && h.invert)).toHaveLength(2);
      expect(spec.retry.perRetry.backOff).toEqual({ baseInterval: "1s", maxInterval: "30s" });
      expect(spec.timeout.http.requestTimeout).toBe(route === "generation" ? "300s" : "800ms");
    }
  });

  it("makes the NLB from the proxies' Service, and declares no LoadBalancer Service of its own", () => {
    const service = one(stack, T.proxy, `${region}-front-door-proxy`).inputs.spec.provider.kubernetes.envoyService;
    expect(service).toMatchObject({ type: "LoadBalancer", loadBalancerClass: "service.k8s.aws/nlb" });
    expect(service.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"]).toBe("internet-facing");
    const ours = ofType(stacks[stack]!, T.service).filter((s) => (s.inputs.spec as Doc | undefined)?.type === "LoadBalancer");
    expect(ours).toEqual([]);
  });
});

describe("TLS at the NLB", () => {
  it("terminates with the region's certificate in prod (TLS 1.2+), and passes through in dev", () => {
    for (const region of REGIONS.prod) {
      const a = one("prod", T.proxy, `${region}-front-door-proxy`).inputs.spec.provider.kubernetes.envoyService.annotations;
      expect(a["service.beta.kubernetes.io/aws-load-balancer-ssl-cert"]).toMatch(new RegExp(`^arn:${region === "china" ? "aws-cn" : "aws"}:acm:`));
      expect(a["service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy"]).toBe("ELBSecurityPolicy-TLS13-1-2-2021-06");
    }
    for (const region of REGIONS.dev) {
      const a = one("dev", T.proxy, `${region}-front-door-proxy`).inputs.spec.provider.kubernetes.envoyService.annotations;
      expect(a["service.beta.kubernetes.io/aws-load-balancer-ssl-cert"]).toBeUndefined();
    }
  });
});

describe("the stack file's frontDoor and canary keys", () => {
  const region = (c: Doc, i: number): Doc => c["inference-platform:regions"][i];

  it("refuses a canary weight outside 0–100, a tier weight ≤ 0, a timeout ≤ 0 and a back-off cap below its base, all at once", () => {
    const message = refusalOfEditedProd((c) => {
      region(c, 0).serving.models[0].canary = { weightPercent: 130, weights: "qwen2.5-7b-instruct/2024-12-01" };
      region(c, 0).frontDoor.tierWeights = { free: 0 };
      region(c, 1).frontDoor.timeouts = { apiMilliseconds: 0 };
      region(c, 1).frontDoor.retry = { backoffBaseSeconds: 5, backoffMaxSeconds: 2 };
    });
    expect(message).toContain("Pulumi.prod.yaml inference-platform:regions[0].serving.models[0].canary.weightPercent (got 130): 0 to 100");
    expect(message).toContain("inference-platform:regions[0].frontDoor.tierWeights.free (got 0): must be > 0");
    expect(message).toContain("inference-platform:regions[1].frontDoor.timeouts.apiMilliseconds (got 0): must be > 0");
    expect(message).toContain("inference-platform:regions[1].frontDoor.retry.backoffMaxSeconds (got 2): below backoffBaseSeconds (5)");
  });

  it("refuses a region without the front door's token issuer", () => {
    expect(refusalOfEditedProd((c) => { delete region(c, 1).frontDoor; }))
      .toContain("inference-platform:regions[1].frontDoor (missing): required key is missing");
  });

  it("takes a canary and its weight as written", () => {
    const cfg = parseStackFile("prod", editedStackFile("prod", (c) => {
      region(c, 1).serving.models[1].canary = { weightPercent: 25, weights: "qwen2.5-7b-instruct/2024-12-01" };
    }));
    expect(cfg.regions[1]!.serving.models[1]!.canary).toEqual({ weightPercent: 25, weights: "qwen2.5-7b-instruct/2024-12-01" });
    expect(cfg.regions[1]!.serving.models[0]!.canary).toBeUndefined();
  });
});
