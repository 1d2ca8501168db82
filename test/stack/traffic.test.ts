import { beforeAll, describe, expect, it } from "vitest";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { ofType, providerRegion, renderRealStack } from "../support/render";

/** NLB hostnames the mocks give the two prod front doors' proxy Services (envoy-gateway-system/inference-gateway). */
const CHINA_NLB = "k8s-envoy-ga-inferenc-da7cc73997-249ddb7a7fe4a4db.elb.cn-north-1.amazonaws.com.cn";
const FRANKFURT_NLB = "k8s-envoy-ga-inferenc-bb0f3c2439-156d6931b05a362e.elb.eu-central-1.amazonaws.com";
const byName = <T extends { name: string }>(xs: T[]): T[] => [...xs].sort((a, b) => a.name.localeCompare(b.name));

let prod: RenderedStack;
let dev: RenderedStack;
beforeAll(async () => {
  prod = await renderRealStack("prod");
  dev = await renderRealStack("dev");
});

const bySetId = (r: RenderedStack): Record<string, RenderedResource> =>
  Object.fromEntries(ofType(r, "aws:route53/record:Record").map((x) => [x.inputs.setIdentifier as string, x]));
const healthCheckUrn = (r: RenderedStack, region: string): string =>
  ofType(r, "aws:route53/healthCheck:HealthCheck").find((x) => x.name === `dns-${region}`)!.urn;

describe("prod geo-DNS", () => {
  it("renders one HTTPS health check per region, probing its NLB", () => {
    // Registered as each region's hostname resolves: order by name.
    const checks = byName(ofType(prod, "aws:route53/healthCheck:HealthCheck"));
    expect(checks.map((c) => [c.name, c.inputs.fqdn])).toEqual([["dns-china", CHINA_NLB], ["dns-frankfurt", FRANKFURT_NLB]]);
    for (const c of checks) {
      expect(c.inputs).toMatchObject({ type: "HTTPS", port: 443, resourcePath: "/healthz", requestInterval: 30, failureThreshold: 3, enableSni: true });
    }
  });

  it("routes CN, EU and the default to the right regional endpoints, each with its region's health check", () => {
    const records = bySetId(prod);
    expect(Object.keys(records).sort()).toEqual(["continent-EU", "country-CN", "default"]);
    expect(records["country-CN"]!.inputs).toMatchObject({ geolocationRoutingPolicies: [{ country: "CN" }], records: [CHINA_NLB], healthCheckId: "dns-china-id" });
    expect(records["continent-EU"]!.inputs).toMatchObject({ geolocationRoutingPolicies: [{ continent: "EU" }], records: [FRANKFURT_NLB], healthCheckId: "dns-frankfurt-id" });
    expect(records.default!.inputs).toMatchObject({ geolocationRoutingPolicies: [{ country: "*" }], records: [FRANKFURT_NLB], healthCheckId: "dns-frankfurt-id" });
    for (const [setId, region] of [["country-CN", "china"], ["continent-EU", "frankfurt"], ["default", "frankfurt"]] as const) {
      expect(records[setId]!.inputs).toMatchObject({ zoneId: "Z0PRODINFERENCEEXAMPLE", name: "api.inference.example.com", ttl: 60 });
      expect(records[setId]!.options.dependencies).toContain(healthCheckUrn(prod, region));
    }
  });

  it("points at the China target with a plain CNAME, never an alias", () => {
    const china = bySetId(prod)["country-CN"]!;
    expect(china.inputs.type).toBe("CNAME");
    expect(china.inputs.aliases).toBeUndefined();
    expect(ofType(prod, "aws:route53/record:Record").every((r) => r.inputs.type === "CNAME" && r.inputs.aliases === undefined)).toBe(true);
  });

  it("manages DNS with its own provider of the global account in us-east-1", () => {
    const provider = prod.resources.find((x) => x.type === "pulumi:providers:aws" && x.name === "dns-aws")!;
    expect(provider.inputs).toMatchObject({ region: "us-east-1", profile: "inference-prod-global" });
    for (const r of [...ofType(prod, "aws:route53/record:Record"), ...ofType(prod, "aws:route53/healthCheck:HealthCheck")]) {
      expect(providerRegion(prod, r)).toBe("us-east-1");
    }
  });

  it("alarms on each health check in us-east-1 to a KMS-encrypted topic, the key protected in prod", () => {
    const alarms = byName(ofType(prod, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.inputs.namespace === "AWS/Route53"));
    expect(alarms.map((a) => [a.name, (a.inputs.dimensions as Record<string, string>).HealthCheckId])).toEqual([
      ["dns-china-unhealthy", "dns-china-id"],
      ["dns-frankfurt-unhealthy", "dns-frankfurt-id"],
    ]);
    const topic = ofType(prod, "aws:sns/topic:Topic").find((t) => t.name === "dns-alarms")!;
    expect(topic.inputs.kmsMasterKeyId).toBe("arn:aws:kms:us-east-1:123456789012:key/dns-alarms");
    for (const a of alarms) {
      expect(a.inputs).toMatchObject({ metricName: "HealthCheckStatus", region: "us-east-1", comparisonOperator: "LessThanThreshold", threshold: 1, alarmActions: ["arn:aws:sns:us-east-1:123456789012:topic/dns-alarms"] });
      expect(providerRegion(prod, a)).toBe("us-east-1");
    }
    const key = ofType(prod, "aws:kms/key:Key").find((k) => k.name === "dns-alarms")!;
    expect(key.options).toMatchObject({ protect: true, retainOnDelete: true });
    expect(JSON.parse(key.inputs.policy as string).Statement[1]).toMatchObject({ Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"] });
  });

  it("exports the DNS name, the routing table and the health checks", () => {
    expect(prod.outputs.dns).toMatchObject({
      recordName: "api.inference.example.com",
      routingPolicy: "geolocation",
      routingTable: [
        { location: "country:CN", region: "china", recordType: "CNAME", crossPartition: true, target: CHINA_NLB },
        { location: "continent:EU", region: "frankfurt", recordType: "CNAME", crossPartition: false, target: FRANKFURT_NLB },
        { location: "*", region: "frankfurt", recordType: "CNAME", crossPartition: false, target: FRANKFURT_NLB },
      ],
      healthChecks: { china: { id: "dns-china-id", fqdn: CHINA_NLB }, frankfurt: { id: "dns-frankfurt-id", fqdn: FRANKFURT_NLB } },
    });
  });
});

describe("dev geo-DNS", () => {
  it("sends CN to shanghai (Hong Kong) and does not protect the alarm key", () => {
    expect(bySetId(dev)["country-CN"]!.inputs.records).toEqual(["k8s-envoy-ga-inferenc-2fba612044-2913482ca18f1ba9.elb.ap-east-1.amazonaws.com"]);
    expect(ofType(dev, "aws:kms/key:Key").find((k) => k.name === "dns-alarms")!.options.protect).toBe(false);
  });
});

describe("prod regional ingress", () => {
  it("binds the China controller's role to its service account through IRSA, with no Pod Identity association", () => {
    const role = ofType(prod, "aws:iam/role:Role").find((x) => x.name === "china-ingress-lb-controller")!;
    expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement).toEqual([{
      Effect: "Allow",
      Principal: { Federated: "arn:aws-cn:iam::123456789012:openidconnectprovider/china-eks-oidc" },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: {
          "oidc.eks.cn-north-1.amazonaws.com.cn/id/china-eks:sub": "system:serviceaccount:kube-system:aws-load-balancer-controller",
          "oidc.eks.cn-north-1.amazonaws.com.cn/id/china-eks:aud": "sts.amazonaws.com",
        },
      },
    }]);
    const release = ofType(prod, "kubernetes:helm.sh/v3:Release").find((x) => x.name === "china-ingress-lb-controller")!;
    expect((release.inputs.values as { serviceAccount: unknown }).serviceAccount).toEqual({
      create: true,
      name: "aws-load-balancer-controller",
      annotations: { "eks.amazonaws.com/role-arn": "arn:aws-cn:iam::123456789012:role/china-ingress-lb-controller" },
    });
    expect(release.options.dependencies).toContain(role.urn);
    expect(ofType(prod, "aws:eks/podIdentityAssociation:PodIdentityAssociation").filter((x) => x.name.startsWith("china-"))).toEqual([]);
  });

  it("keeps Frankfurt's controller on an EKS Pod Identity role, the release waiting for the association", () => {
    const role = ofType(prod, "aws:iam/role:Role").find((x) => x.name === "frankfurt-ingress-lb-controller")!;
    expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: ["pods.eks.amazonaws.com"] }, Action: ["sts:AssumeRole", "sts:TagSession"] },
    ]);
    const association = ofType(prod, "aws:eks/podIdentityAssociation:PodIdentityAssociation").find((x) => x.name === "frankfurt-ingress-lb-controller-identity")!;
    expect(association.inputs).toMatchObject({
      clusterName: "prod-frankfurt-eks", namespace: "kube-system", serviceAccount: "aws-load-balancer-controller",
      roleArn: "arn:aws:iam::123456789012:role/frankfurt-ingress-lb-controller",
    });
    const release = ofType(prod, "kubernetes:helm.sh/v3:Release").find((x) => x.name === "frankfurt-ingress-lb-controller")!;
    expect((release.inputs.values as { serviceAccount: unknown }).serviceAccount).toEqual({ create: true, name: "aws-load-balancer-controller", annotations: {} });
    expect(release.options.dependencies).toContain(association.urn);
  });

  it("grants the controller's permissions in each region's partition", () => {
    for (const [region, partition] of [["china", "aws-cn"], ["frankfurt", "aws"]] as const) {
      const policy = ofType(prod, "aws:iam/rolePolicy:RolePolicy").find((x) => x.name === `${region}-ingress-lb-controller`)!;
      const text = policy.inputs.policy as string;
      expect(text).toContain(`"arn:${partition}:elasticloadbalancing:*:*:targetgroup/*/*"`);
      expect(text).not.toContain("${Partition}");
    }
    const chinaPolicy = ofType(prod, "aws:iam/rolePolicy:RolePolicy").find((x) => x.name === "china-ingress-lb-controller")!;
    expect(chinaPolicy.inputs.policy as string).not.toContain("arn:aws:");
  });

  it("installs the pinned chart with the controller image from the region's registry, through the China mirror", () => {
    const releases = Object.fromEntries(ofType(prod, "kubernetes:helm.sh/v3:Release").filter((x) => x.name.endsWith("-ingress-lb-controller")).map((x) => [x.name, x]));
    const china = releases["china-ingress-lb-controller"]!;
    expect(china.inputs).toMatchObject({
      chart: "oci://111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/charts/aws-load-balancer-controller",
      version: "1.17.1",
      namespace: "kube-system",
      atomic: true,
    });
    expect(china.inputs.values).toMatchObject({
      clusterName: "prod-china-eks",
      region: "cn-north-1",
      image: { repository: "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror/918309763551.dkr.ecr.cn-north-1.amazonaws.com.cn/amazon/aws-load-balancer-controller", tag: "v2.17.1" },
      enableShield: false,
      // Its failurePolicy Fail would refuse Services created while the controller starts.
      enableServiceMutatorWebhook: false,
    });
    const frankfurt = releases["frankfurt-ingress-lb-controller"]!;
    expect(frankfurt.inputs).toMatchObject({ chart: "aws-load-balancer-controller", version: "1.17.1", repositoryOpts: { repo: "https://aws.github.io/eks-charts" } });
    expect(frankfurt.inputs.values).toMatchObject({
      image: { repository: "602401143452.dkr.ecr.eu-central-1.amazonaws.com/amazon/aws-load-balancer-controller", tag: "v2.17.1" },
      enableServiceMutatorWebhook: false,
    });
    for (const release of [china, frankfurt]) {
      expect(release.options.dependencies.some((d) => d.endsWith("-eks-system"))).toBe(true);
    }
  });

  it("makes no Service of its own: the front door's proxies own the NLB, which geo-DNS points at", () => {
    expect(ofType(prod, "kubernetes:core/v1:Service").filter((x) => x.inputs.spec !== undefined && (x.inputs.spec as { type?: string }).type === "LoadBalancer")).toEqual([]);
    const regions = prod.outputs.regions as Record<string, { frontDoor: { hostname: string }; ingress: { hostname: string } }>;
    expect(regions.china!.frontDoor.hostname).toBe(CHINA_NLB);
    expect(regions.frankfurt!.frontDoor.hostname).toBe(FRANKFURT_NLB);
    // Consumers keep reading the public endpoint where it was.
    expect([regions.china!.ingress.hostname, regions.frankfurt!.ingress.hostname]).toEqual([CHINA_NLB, FRANKFURT_NLB]);
  });
});

describe("chart mirror credentials", () => {
  const releases = (r: RenderedStack, region: string) => ofType(r, "kubernetes:helm.sh/v3:Release").filter((x) => x.name.startsWith(`${region}-`));

  it("pull every China chart from the ECR mirror with the runner's Helm login, nothing rotating in the inputs", () => {
    const china = releases(prod, "china");
    expect(china.map((x) => x.name).sort()).toEqual([
      "china-autoscaler", "china-front-door-envoy-gateway", "china-ingress-lb-controller", "china-keda", "china-monitoring-dcgm", "china-monitoring-kps", "china-nvidia",
    ]);
    for (const release of china) {
      expect(release.inputs.chart).toMatch(/^oci:\/\/111122223333\.dkr\.ecr\.cn-north-1\.amazonaws\.com\.cn\/charts\//);
      // The embedded Helm does not send repositoryOpts credentials to OCI registries (pulumi-kubernetes#1914),
      // and a 12-hour token there would change the inputs on every run.
      expect(release.inputs.repositoryOpts).toBeUndefined();
    }
  });

  it("send none where charts come from upstream (Frankfurt, dev)", () => {
    const upstream = [...releases(prod, "frankfurt"), ...dev.resources.filter((x) => x.type === "kubernetes:helm.sh/v3:Release")];
    expect(upstream.map((x) => x.name)).toEqual(expect.arrayContaining(["frankfurt-ingress-lb-controller", "frankfurt-nvidia", "shanghai-ingress-lb-controller"]));
    for (const release of upstream) {
      // An https repository is named; an upstream oci:// chart (Envoy Gateway) carries its registry in `chart`. No credentials either way.
      const opts = release.inputs.repositoryOpts as Record<string, unknown> | undefined;
      expect(opts === undefined ? [] : Object.keys(opts), release.name).toEqual(String(release.inputs.chart).startsWith("oci://") ? [] : ["repo"]);
    }
    expect(upstream.find((x) => x.name === "frankfurt-front-door-envoy-gateway")!.inputs.chart).toBe("oci://docker.io/envoyproxy/gateway-helm");
  });
});
