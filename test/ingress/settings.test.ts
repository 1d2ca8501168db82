// RegionalIngress's contract: what it accepts and refuses, and that every setting reaches its resource (under mocks).
import * as pulumi from "@pulumi/pulumi";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { beforeAll, describe, expect, it } from "vitest";
import { certificateArnProblem, ingressSettingsSchema, type RegionalIngressArgs } from "../../components/ingress";
import { parseSettings, propertyPath } from "../../components/lib/contract";
import { recordRegistrations, waitForRPCs, onlyInputs } from "../support/components";

/** Problems of the ingress settings schema, as the component lists them. */
const settingsProblems = (settings: object): string[] => {
  const parsed = parseSettings(ingressSettingsSchema, settings);
  return parsed.ok ? [] : parsed.problems.map((p) => `${propertyPath(p.path)}: ${p.message}`);
};

describe("RegionalIngress settings", () => {
  it("accepts the defaults: TLS passed through, /healthz, the whole internet on 443, two controllers", () => {
    const parsed = parseSettings(ingressSettingsSchema, {});
    expect(parsed).toEqual({ ok: true, value: {
      healthCheckPath: "/healthz", allowedSourceCidrs: ["0.0.0.0/0"], gatewaySelector: { "app.kubernetes.io/name": "inference-gateway" },
      gatewayPort: 8443, controllerReplicas: 2,
    } });
  });

  it("refuses every bad input at once, naming what is allowed", () => {
    expect(settingsProblems({
      allowedSourceCidrs: ["0.0.0.0/0", "10.1.2.3/8"], healthCheckPath: "healthz", gatewayPort: 70000, controllerReplicas: 0, replicas: 2,
    })).toEqual([
      "healthCheckPath: an absolute path such as /healthz",
      "allowedSourceCidrs[1]: an IPv4 CIDR such as 203.0.113.0/24 (0.0.0.0/0 for the whole internet)",
      "gatewayPort: a TCP port (1–65535)",
      "controllerReplicas: at least 1 (2 keeps the controller up during node drains)",
      "replicas: unknown key (misspelt?)",
    ]);
    expect(settingsProblems({ allowedSourceCidrs: [] })).toEqual(['allowedSourceCidrs: at least one CIDR; ["0.0.0.0/0"] serves the public internet on 443']);
  });

  it("accepts a certificate of the NLB's own region and partition", () => {
    expect(certificateArnProblem("arn:aws-cn:acm:cn-north-1:123456789012:certificate/x", "cn-north-1")).toBeUndefined();
    expect(certificateArnProblem(undefined, "cn-north-1")).toBeUndefined();
  });

  it("refuses a certificate of another region or partition", () => {
    expect(certificateArnProblem("arn:aws-cn:acm:cn-northwest-1:123456789012:certificate/x", "cn-north-1"))
      .toBe("must be an ACM certificate of cn-north-1 (arn:aws-cn:acm:cn-north-1:…): an NLB only uses certificates of its own region and partition");
    expect(certificateArnProblem("arn:aws:acm:cn-north-1:123456789012:certificate/x", "cn-north-1")).toContain("arn:aws-cn:acm:cn-north-1:");
  });
});

describe("RegionalIngress under mocks", () => {
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  const one = (type: string, name: string) => onlyInputs(registered, type, name);
  const args: RegionalIngressArgs = {
    region: "eu-central-1", clusterName: "eks", vpcId: "vpc-1", namespace: "inference", tags: { project: "p" },
    identity: { kind: "pod-identity", clusterName: "eks" },
  };
  /** What constructing with bad settings threw, by component name. */
  const refusals: Record<string, unknown> = {};

  beforeAll(async () => {
    await recordRegistrations(registered);
    const providers = { kubernetes: new KubernetesProvider("k8s", { kubeconfig: "{}" }) };
    const { RegionalIngress } = await import("../../components/ingress");
    new RegionalIngress("custom", {
      ...args,
      certificateArn: "arn:aws:acm:eu-central-1:123456789012:certificate/abc",
      healthCheckPath: "/ready",
      allowedSourceCidrs: ["203.0.113.0/24", "198.51.100.0/24"],
      gatewaySelector: { app: "gateway" },
      gatewayPort: 9443,
      controllerReplicas: 3,
    }, { providers });
    const refused: Array<[string, Partial<RegionalIngressArgs>]> = [
      ["refused-path", { healthCheckPath: "ready", gatewayPort: 0 }],
      ["refused-cert", { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" }],
    ];
    for (const [name, bad] of refused) {
      try {
        new RegionalIngress(name, { ...args, ...bad }, { providers });
      } catch (e) {
        refusals[name] = e;
      }
    }
    await waitForRPCs();
  });

  it("puts every setting on the gateway Service and the controller release", () => {
    const service = one("kubernetes:core/v1:Service", "custom-gateway") as { metadata: { annotations: Record<string, string> }; spec: Record<string, unknown> };
    expect(service.metadata.annotations).toMatchObject({
      "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": "arn:aws:acm:eu-central-1:123456789012:certificate/abc",
      "service.beta.kubernetes.io/aws-load-balancer-healthcheck-path": "/ready",
    });
    expect(service.spec).toMatchObject({
      selector: { app: "gateway" },
      ports: [{ name: "https", port: 443, targetPort: 9443, protocol: "TCP" }],
      loadBalancerSourceRanges: ["203.0.113.0/24", "198.51.100.0/24"],
    });
    expect((one("kubernetes:helm.sh/v3:Release", "custom-lb-controller") as { values: Record<string, unknown> }).values.replicaCount).toBe(3);
  });

  it("refuses bad settings and a certificate of another region before any child registers", () => {
    for (const e of Object.values(refusals)) expect(e).toBeInstanceOf(pulumi.InputPropertiesError);
    expect((refusals["refused-path"] as Error).message).toBe(
      'RegionalIngress "refused-path": 2 invalid input(s):\n  - healthCheckPath: an absolute path such as /healthz\n  - gatewayPort: a TCP port (1–65535)',
    );
    expect((refusals["refused-cert"] as Error).message).toContain(
      'RegionalIngress "refused-cert": 1 invalid input(s):\n  - certificateArn: must be an ACM certificate of eu-central-1 (arn:aws:acm:eu-central-1:…)',
    );
    expect(registered.filter((r) => r.name.startsWith("refused") && r.type !== "inference:traffic:RegionalIngress")).toEqual([]);
  });
});
