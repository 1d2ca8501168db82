import { beforeAll, describe, expect, it } from "vitest";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { renderStack } from "../../infra/plan/harness";
import { editedStackFile, ofType } from "../support/render";

/** NLB hostnames the mock provider gives the two prod front doors' proxy Services (envoy-gateway-system/inference-gateway). */
const CHINA_NLB = "k8s-envoy-ga-inferenc-da7cc73997-249ddb7a7fe4a4db.elb.cn-north-1.amazonaws.com.cn";
const FRANKFURT_NLB = "k8s-envoy-ga-inferenc-bb0f3c2439-156d6931b05a362e.elb.eu-central-1.amazonaws.com";

let latency: RenderedStack;
/** Creates the zone, adds a route and sets every other dns and Frankfurt ingress key, and the proxies' count, off its default. */
let created: RenderedStack;
let frankfurtEcr: RenderedStack;
/** Points Frankfurt's charts at `mirror`. */
const frankfurtChartMirror = (mirror: string) => editedStackFile("prod", (c) => {
  c["inference-platform:regions"].find((r: { name: string }) => r.name === "frankfurt").chartMirror = mirror;
});
beforeAll(async () => {
  frankfurtEcr = await renderStack({ stack: "prod", stackFile: frankfurtChartMirror("oci://444455556666.dkr.ecr.eu-central-1.amazonaws.com/charts") });
  latency = await renderStack({ stack: "prod", stackFile: editedStackFile("prod", (c) => {
    c["inference-platform:dns"].routingPolicy = "latency";
  }) });
  created = await renderStack({ stack: "prod", stackFile: editedStackFile("prod", (c) => {
    const dns = c["inference-platform:dns"];
    dns.zone = { create: "inference.example.com" };
    dns.routes.push({ location: "country:JP", region: "china" });
    dns.ttlSeconds = 30;
    dns.healthCheck = { path: "/ready", intervalSeconds: 10, failureThreshold: 5, port: 8443 };
    dns.alarmEmails = ["oncall@example.com"];
    const frankfurt = c["inference-platform:regions"].find((r: { name: string }) => r.name === "frankfurt");
    frankfurt.ingress = {
      certificateArn: "arn:aws:acm:eu-central-1:123456789012:certificate/abc",
      allowedSourceCidrs: ["203.0.113.0/24"],
      controllerReplicas: 3,
    };
    frankfurt.frontDoor.proxyReplicas = 5;
  }) });
});

const bySetId = (r: RenderedStack): Record<string, RenderedResource> =>
  Object.fromEntries(ofType(r, "aws:route53/record:Record").map((x) => [x.inputs.setIdentifier as string, x]));

describe("routing changes are config changes", () => {
  it("switches to latency records, one per region, by routingPolicy", () => {
    const records = bySetId(latency);
    expect(Object.keys(records).sort()).toEqual(["latency-china", "latency-frankfurt"]);
    expect(records["latency-china"]!.inputs).toMatchObject({ latencyRoutingPolicies: [{ region: "cn-north-1" }], records: [CHINA_NLB], type: "CNAME", healthCheckId: "dns-china-id" });
    expect(records["latency-frankfurt"]!.inputs).toMatchObject({ latencyRoutingPolicies: [{ region: "eu-central-1" }], records: [FRANKFURT_NLB] });
    expect(records["latency-china"]!.inputs.geolocationRoutingPolicies).toBeUndefined();
  });

  it("adds a country by one route and creates the zone when asked", () => {
    expect(bySetId(created)["country-JP"]!.inputs).toMatchObject({ geolocationRoutingPolicies: [{ country: "JP" }], records: [CHINA_NLB] });
    const zone = ofType(created, "aws:route53/zone:Zone");
    expect(zone.map((z) => z.inputs.name)).toEqual(["inference.example.com"]);
    expect(zone[0]!.options).toMatchObject({ protect: true, retainOnDelete: true });
    expect(bySetId(created).default!.options.dependencies).toContain(zone[0]!.urn);
  });
});

describe("every dns and ingress key reaches its resource", () => {
  it("puts the TTL on every record, the health check settings on every check and the e-mail on the alarm topic", () => {
    expect(ofType(created, "aws:route53/record:Record").map((r) => r.inputs.ttl)).toEqual([30, 30, 30, 30]);
    for (const check of ofType(created, "aws:route53/healthCheck:HealthCheck")) {
      expect(check.inputs).toMatchObject({ resourcePath: "/ready", requestInterval: 10, failureThreshold: 5, port: 8443 });
    }
    expect(ofType(created, "aws:sns/topicSubscription:TopicSubscription").find((s) => s.name === "dns-alarms-0")!.inputs)
      .toMatchObject({ protocol: "email", endpoint: "oncall@example.com" });
    expect(created.outputs.dns).toMatchObject({ ttlSeconds: 30, healthChecks: { frankfurt: { path: "/ready", port: 8443, intervalSeconds: 10, failureThreshold: 5 } } });
  });

  it("puts the certificate and sources on the front door's NLB, the health-check path on its healthz route and the replicas on the proxies and the controller", () => {
    const proxy = created.resources.find((x) => x.type === "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy" && x.name === "frankfurt-front-door-proxy")!;
    expect(proxy.inputs).toMatchObject({ spec: { provider: { kubernetes: {
      envoyService: {
        annotations: { "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": "arn:aws:acm:eu-central-1:123456789012:certificate/abc" },
        loadBalancerSourceRanges: ["203.0.113.0/24"],
      },
      envoyDeployment: { replicas: 5 },
    } } } });
    // Route 53 probes the path through the NLB; the route answers it from the model servers' own /health.
    const healthz = created.resources.find((x) => x.type === "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute" && x.name === "frankfurt-front-door-route-healthz")!;
    expect(healthz.inputs).toMatchObject({ spec: { rules: [{ matches: [{ path: { type: "Exact", value: "/ready" } }] }] } });
    const release = created.resources.find((x) => x.type === "kubernetes:helm.sh/v3:Release" && x.name === "frankfurt-ingress-lb-controller")!;
    expect(release.inputs).toMatchObject({ values: { replicaCount: 3 } });
  });
});

describe("a chart mirror moved to ECR", () => {
  it("pulls from it with the runner's Helm login: no token in the release's inputs, so previews stay quiet", () => {
    const release = frankfurtEcr.resources.find((x) => x.type === "kubernetes:helm.sh/v3:Release" && x.name === "frankfurt-ingress-lb-controller")!;
    expect(release.inputs.chart).toBe("oci://444455556666.dkr.ecr.eu-central-1.amazonaws.com/charts/aws-load-balancer-controller");
    expect(release.inputs.repositoryOpts).toBeUndefined();
  });
});
