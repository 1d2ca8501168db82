import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { geolocationFields, recordSpecs } from "../../components/geo-dns/records";
import { buildRoutingTable, formatLocation, parseLocation } from "../../components/geo-dns/table";
import { geoDnsProblems, type GeoDnsShape } from "../../components/geo-dns/validate";
import { controllerImage, controllerValues } from "../../components/ingress/controller";
import { validateRegionalIngressArgs, type RegionalIngressArgs } from "../../components/ingress";
import { controllerPolicy } from "../../components/ingress/policy";
import { gatewayServiceAnnotations } from "../../components/ingress/service";
import { imageFrom } from "../../components/lib/images";
import { chartMirrorPartitionProblem, ecrRegistryOf } from "../../infra/compose/chart-registry";

describe("load balancer controller image", () => {
  it("comes from each region's EKS registry account, China's in the aws-cn partition", () => {
    expect(imageFrom(controllerImage("cn-north-1"))).toBe("918309763551.dkr.ecr.cn-north-1.amazonaws.com.cn/amazon/aws-load-balancer-controller:v2.17.1");
    expect(imageFrom(controllerImage("cn-northwest-1"))).toBe("961992271922.dkr.ecr.cn-northwest-1.amazonaws.com.cn/amazon/aws-load-balancer-controller:v2.17.1");
    expect(imageFrom(controllerImage("ap-east-1"))).toBe("800184023465.dkr.ecr.ap-east-1.amazonaws.com/amazon/aws-load-balancer-controller:v2.17.1");
    expect(imageFrom(controllerImage("eu-central-1"))).toBe("602401143452.dkr.ecr.eu-central-1.amazonaws.com/amazon/aws-load-balancer-controller:v2.17.1");
  });

  it("is pulled through the region's mirror when one is set", () => {
    expect(imageFrom(controllerImage("cn-north-1"), "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror/"))
      .toBe("111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror/918309763551.dkr.ecr.cn-north-1.amazonaws.com.cn/amazon/aws-load-balancer-controller:v2.17.1");
  });
});

describe("load balancer controller chart values", () => {
  const base = { clusterName: "c", region: "cn-north-1", vpcId: "v", repository: "r", replicas: 2, tags: {} };

  it("put IRSA's role annotation on the chart's service account", () => {
    const values = controllerValues({ ...base, serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws-cn:iam::123456789012:role/x" } });
    expect(values.serviceAccount).toEqual({ create: true, name: "aws-load-balancer-controller", annotations: { "eks.amazonaws.com/role-arn": "arn:aws-cn:iam::123456789012:role/x" } });
  });

  it("leave the service account unannotated under Pod Identity and turn the Service mutating webhook off", () => {
    const values = controllerValues({ ...base, region: "eu-central-1", serviceAccountAnnotations: {} });
    expect(values.serviceAccount).toEqual({ create: true, name: "aws-load-balancer-controller", annotations: {} });
    expect(values.enableServiceMutatorWebhook).toBe(false);
  });
});

describe("chart mirror registry", () => {
  it("recognises ECR mirrors in both partitions", () => {
    expect(ecrRegistryOf("oci://111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/charts")).toEqual({ registryId: "111122223333", region: "cn-north-1" });
    expect(ecrRegistryOf("oci://444455556666.dkr.ecr.eu-central-1.amazonaws.com/mirror/charts/")).toEqual({ registryId: "444455556666", region: "eu-central-1" });
  });

  it("does not take https repositories, other registries or a host whose suffix contradicts its region for ECR", () => {
    for (const mirror of [
      "https://111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/charts",
      "oci://registry.example.com/charts",
      "oci://1111.dkr.ecr.cn-north-1.amazonaws.com.cn/charts",
      "oci://111122223333.dkr.ecr.cn-north-1.amazonaws.com/charts",
      "oci://111122223333.dkr.ecr.eu-central-1.amazonaws.com.cn/charts",
    ]) expect(ecrRegistryOf(mirror)).toBeUndefined();
  });

  it("accepts an ECR mirror in the region's own partition", () => {
    expect(chartMirrorPartitionProblem("oci://111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/charts", "cn-north-1")).toBeUndefined();
    expect(chartMirrorPartitionProblem("oci://444455556666.dkr.ecr.us-east-1.amazonaws.com/charts", "eu-central-1")).toBeUndefined();
    expect(chartMirrorPartitionProblem("https://charts.example.com", "eu-central-1")).toBeUndefined();
  });

  it("refuses an ECR mirror in the other partition, whose pull token the region's account cannot get", () => {
    expect(chartMirrorPartitionProblem("oci://111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/charts", "eu-central-1")).toBe(
      "chartMirror oci://111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/charts is an ECR registry in cn-north-1, another partition than eu-central-1: "
      + "the region's account cannot get its pull token; mirror the charts into an ECR registry of aws",
    );
  });
});

describe("load balancer controller IAM policy", () => {
  it("names only ARNs of the partition it is rendered for", () => {
    const china = controllerPolicy("aws-cn");
    expect(china).not.toContain("arn:aws:");
    expect(china).not.toContain("${Partition}");
    expect(china).toContain('"arn:aws-cn:ec2:*:*:security-group/*"');
    expect(controllerPolicy("aws")).toContain('"arn:aws:ec2:*:*:security-group/*"');
  });

  it("allows no WAF, Shield or Cognito calls and limits deletes to resources the controller tagged", () => {
    const doc = JSON.parse(controllerPolicy("aws")) as { Statement: Array<{ Sid: string; Action: string | string[]; Condition?: Record<string, Record<string, string>> }> };
    const actions = doc.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.filter((a) => /^(waf|wafv2|waf-regional|shield|cognito-idp):/.test(a))).toEqual([]);
    for (const sid of ["DeleteOwnSecurityGroups", "ManageOwnLoadBalancers"]) {
      expect(doc.Statement.find((s) => s.Sid === sid)!.Condition).toEqual({ Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } });
    }
  });
});

describe("gateway Service annotations", () => {
  const tags = { project: "inference-platform", region: "cn-north-1" };

  it("pass TLS through to the pods without a certificate", () => {
    const a = gatewayServiceAnnotations({ healthCheckPath: "/healthz", tags });
    expect(a["service.beta.kubernetes.io/aws-load-balancer-ssl-cert"]).toBeUndefined();
    expect(a["service.beta.kubernetes.io/aws-load-balancer-additional-resource-tags"]).toBe("project=inference-platform,region=cn-north-1");
  });

  it("terminate TLS 1.2+ at the NLB and re-encrypt with a certificate", () => {
    const a = gatewayServiceAnnotations({ certificateArn: "arn:aws-cn:acm:cn-north-1:123456789012:certificate/x", healthCheckPath: "/healthz", tags });
    expect(a).toMatchObject({
      "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": "arn:aws-cn:acm:cn-north-1:123456789012:certificate/x",
      "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "443",
      "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
      "service.beta.kubernetes.io/aws-load-balancer-backend-protocol": "ssl",
    });
  });
});

describe("RegionalIngress input validation", () => {
  const good: RegionalIngressArgs = {
    region: "cn-north-1", clusterName: "c", vpcId: "v", namespace: "inference", tags: {},
    identity: { kind: "irsa", clusterName: "c", oidcProviderArn: "arn:aws-cn:iam::123456789012:oidc-provider/x", oidcIssuerHost: "x" },
  };

  it("accepts the defaults", () => {
    expect(() => validateRegionalIngressArgs("china-ingress", good)).not.toThrow();
  });

  it("refuses every bad input at once, naming what is allowed", () => {
    let error: unknown;
    try {
      validateRegionalIngressArgs("china-ingress", {
        ...good, allowedSourceCidrs: ["0.0.0.0/0", "10.1.2.3/8"], certificateArn: "arn:aws-cn:acm:cn-northwest-1:123456789012:certificate/x",
        healthCheckPath: "healthz", gatewayPort: 70000, controllerReplicas: 0,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(pulumi.InputPropertiesError);
    const message = (error as Error).message;
    expect(message).toContain('RegionalIngress "china-ingress": 5 invalid input(s)');
    expect(message).toContain('allowedSourceCidrs[1]: "10.1.2.3/8" is not an IPv4 CIDR such as 203.0.113.0/24');
    expect(message).toContain("certificateArn: must be an ACM certificate of cn-north-1 (arn:aws-cn:acm:cn-north-1:…)");
    expect(message).toContain('healthCheckPath: "healthz" must be an absolute path such as /healthz');
    expect(message).toContain("gatewayPort: 70000 is not a TCP port (1–65535)");
    expect(message).toContain("controllerReplicas: at least 1");
  });
});

describe("routing table", () => {
  it("parses and prints the location forms, refusing anything else", () => {
    expect(parseLocation("country:CN")).toEqual({ kind: "country", country: "CN" });
    expect(parseLocation("continent:EU")).toEqual({ kind: "continent", continent: "EU" });
    expect(parseLocation("subdivision:US-CA")).toEqual({ kind: "subdivision", country: "US", subdivision: "CA" });
    for (const bad of ["CN", "continent:XX", "country:cn", "country:US-CA", "subdivision:US", "*"]) expect(parseLocation(bad)).toBeUndefined();
    expect(formatLocation({ kind: "default" })).toBe("*");
  });

  it("renders the default record as country * and marks cross-partition targets", () => {
    expect(geolocationFields({ kind: "default" })).toEqual({ country: "*" });
    const table = buildRoutingTable({ policy: "geolocation", routes: [{ location: "country:CN", region: "china" }], defaultRegion: "frankfurt", regions: ["china", "frankfurt"] });
    const awsRegions: Record<string, string> = { china: "cn-north-1", frankfurt: "eu-central-1" };
    expect(recordSpecs(table, (r) => awsRegions[r]!, "aws")).toEqual([
      { setIdentifier: "country-CN", region: "china", geolocation: { country: "CN" }, crossPartition: true },
      { setIdentifier: "default", region: "frankfurt", geolocation: { country: "*" }, crossPartition: false },
    ]);
  });
});

describe("GeoDns input validation", () => {
  const good: GeoDnsShape = {
    table: buildRoutingTable({ policy: "geolocation", routes: [{ location: "country:CN", region: "china" }], defaultRegion: "frankfurt", regions: ["china", "frankfurt"] }),
    endpointRegions: ["china", "frankfurt"],
    hasZoneId: true,
    recordName: "api.example.com",
    ttlSeconds: 60,
    intervalSeconds: 30,
    failureThreshold: 3,
    port: 443,
    path: "/healthz",
  };

  it("accepts a complete table", () => {
    expect(geoDnsProblems(good)).toEqual([]);
  });

  it("refuses a missing default, an unknown region and a location routed twice", () => {
    const table = buildRoutingTable({
      policy: "geolocation",
      routes: [{ location: "country:CN", region: "china" }, { location: "country:CN", region: "tokyo" }],
      regions: ["china", "frankfurt"],
    });
    expect(geoDnsProblems({ ...good, table })).toEqual([
      { property: "table.routes[1].region", reason: 'no endpoint for region "tokyo"; allowed: china, frankfurt' },
      { property: "table.routes[1]", reason: '"country-CN" is already routed by table.routes[0]; each location may appear once' },
      { property: "table.routes", reason: "no default (*) record: users outside country:CN, country:CN would get no answer; add one routed to one of china, frankfurt" },
    ]);
  });

  it("refuses health check settings Route 53 does not take and a long TTL", () => {
    expect(geoDnsProblems({ ...good, failureThreshold: 11, intervalSeconds: 20, ttlSeconds: 300 }).map((p) => p.reason)).toEqual([
      "300 is outside 1–60 s: with health checks Route 53 recommends 60 s or less",
      "20 s is not a Route 53 request interval; allowed: 10 or 30",
      "11 is outside what Route 53 allows: a whole number from 1 to 10",
    ]);
  });

  it("refuses a zone given twice and a record at the apex of a created zone", () => {
    expect(geoDnsProblems({ ...good, createZoneName: "api.example.com" })).toEqual([
      { property: "zoneId", reason: "set exactly one of zoneId (an existing hosted zone) or createZoneName (a new public hosted zone)" },
      { property: "recordName", reason: "a CNAME cannot sit at the zone apex api.example.com; use a name below it such as api.api.example.com" },
    ]);
  });
});
