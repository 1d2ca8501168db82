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
  it("accepts the defaults: TLS passed through, the whole internet on 443, two controllers", () => {
    const parsed = parseSettings(ingressSettingsSchema, {});
    expect(parsed).toEqual({ ok: true, value: { allowedSourceCidrs: ["0.0.0.0/0"], controllerReplicas: 2 } });
  });

  it("refuses every bad input at once, naming what is allowed", () => {
    expect(settingsProblems({
      allowedSourceCidrs: ["0.0.0.0/0", "10.1.2.3/8"], controllerReplicas: 0, replicas: 2,
    })).toEqual([
      "allowedSourceCidrs[1]: an IPv4 CIDR such as 203.0.113.0/24 (0.0.0.0/0 for the whole internet)",
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
    region: "eu-central-1", clusterName: "eks", vpcId: "vpc-1", tags: { project: "p" },
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
      allowedSourceCidrs: ["203.0.113.0/24", "198.51.100.0/24"],
      controllerReplicas: 3,
    }, { providers });
    const refused: Array<[string, Partial<RegionalIngressArgs>]> = [
      ["refused-replicas", { controllerReplicas: 0, allowedSourceCidrs: [] }],
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

  it("puts its settings on the controller release, and makes no Service of its own (the front door's proxies own the NLB)", () => {
    expect((one("kubernetes:helm.sh/v3:Release", "custom-lb-controller") as { values: Record<string, unknown> }).values.replicaCount).toBe(3);
    expect(registered.filter((r) => r.type === "kubernetes:core/v1:Service")).toEqual([]);
  });

  it("refuses bad settings and a certificate of another region before any child registers", () => {
    for (const e of Object.values(refusals)) expect(e).toBeInstanceOf(pulumi.InputPropertiesError);
    expect((refusals["refused-replicas"] as Error).message).toBe(
      'RegionalIngress "refused-replicas": 2 invalid input(s):\n  - allowedSourceCidrs: at least one CIDR; ["0.0.0.0/0"] serves the public internet on 443\n  - controllerReplicas: at least 1 (2 keeps the controller up during node drains)',
    );
    expect((refusals["refused-cert"] as Error).message).toContain(
      'RegionalIngress "refused-cert": 1 invalid input(s):\n  - certificateArn: must be an ACM certificate of eu-central-1 (arn:aws:acm:eu-central-1:…)',
    );
    expect(registered.filter((r) => r.name.startsWith("refused") && r.type !== "inference:traffic:RegionalIngress")).toEqual([]);
  });
});
