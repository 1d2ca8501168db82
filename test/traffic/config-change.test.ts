import { beforeAll, describe, expect, it } from "vitest";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { renderStack } from "../../infra/plan/harness";
import { editedStackFile, ofType } from "../support/render";

/** NLB hostnames the mock provider gives the two prod gateway Services. */
const CHINA_NLB = "k8s-inferenc-inferenc-5ee7ae2d97-c33f89541692facd.elb.cn-north-1.amazonaws.com.cn";
const FRANKFURT_NLB = "k8s-inferenc-inferenc-fafadffa69-4951b79d79dc9de9.elb.eu-central-1.amazonaws.com";

let latency: RenderedStack;
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
    c["inference-platform:dns"].zone = { create: "inference.example.com" };
    c["inference-platform:dns"].routes.push({ location: "country:JP", region: "china" });
  }) });
});

const bySetId = (r: RenderedStack): Record<string, RenderedResource> =>
  Object.fromEntries(ofType(r, "aws:route53/record:Record").map((x) => [x.inputs.setIdentifier as string, x]));

describe("routing changes are config changes", () => {
  it("switches to latency records, one per region, by routingPolicy", () => {
    const records = bySetId(latency);
    expect(Object.keys(records)).toEqual(["latency-china", "latency-frankfurt"]);
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

describe("chart mirror credentials follow the mirror", () => {
  it("fetches an ECR token for a commercial-partition ECR mirror too", () => {
    const release = frankfurtEcr.resources.find((x) => x.type === "kubernetes:helm.sh/v3:Release" && x.name === "frankfurt-ingress-lb-controller")!;
    expect(release.inputs).toMatchObject({
      chart: "oci://444455556666.dkr.ecr.eu-central-1.amazonaws.com/charts/aws-load-balancer-controller",
      repositoryOpts: { username: "AWS", password: "[secret]" },
    });
  });
});
