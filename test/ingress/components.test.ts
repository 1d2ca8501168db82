// RegionalIngress's pure parts: the controller image, chart values and IAM policy, and the public NLB's annotations.
import { describe, expect, it } from "vitest";
import { controllerImage, controllerValues } from "../../components/ingress/controller";
import { controllerPolicy } from "../../components/ingress/policy";
import { publicNlbAnnotations } from "../../components/ingress/service";
import { imageFrom } from "../../components/lib/images";

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

describe("public NLB annotations (the front door's proxies' Service)", () => {
  const tags = { project: "inference-platform", region: "cn-north-1" };

  it("pass TLS through to the proxies without a certificate, and health-check their readiness port", () => {
    const a = publicNlbAnnotations({ healthCheck: { port: 19003, path: "/ready" }, tags });
    expect(a).toMatchObject({
      "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
      "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
      "service.beta.kubernetes.io/aws-load-balancer-attributes": "load_balancing.cross_zone.enabled=true",
      "service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol": "HTTP",
      "service.beta.kubernetes.io/aws-load-balancer-healthcheck-port": "19003",
      "service.beta.kubernetes.io/aws-load-balancer-healthcheck-path": "/ready",
    });
    expect(a["service.beta.kubernetes.io/aws-load-balancer-ssl-cert"]).toBeUndefined();
    expect(a["service.beta.kubernetes.io/aws-load-balancer-additional-resource-tags"]).toBe("project=inference-platform,region=cn-north-1");
  });

  it("terminate TLS 1.2+ at the NLB and re-encrypt with a certificate", () => {
    const a = publicNlbAnnotations({ certificateArn: "arn:aws-cn:acm:cn-north-1:123456789012:certificate/x", healthCheck: { port: 19003, path: "/ready" }, tags });
    expect(a).toMatchObject({
      "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": "arn:aws-cn:acm:cn-north-1:123456789012:certificate/x",
      "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "443",
      "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
      "service.beta.kubernetes.io/aws-load-balancer-backend-protocol": "ssl",
    });
  });
});
