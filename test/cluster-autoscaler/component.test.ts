// ClusterAutoscaler under mocks: the chart it pins, the image it picks for each cluster minor, and the
// chart RBAC it relies on (the 1.35+ autoscaler watches resource.k8s.io objects only the ClusterRole grants).
import type * as pulumi from "@pulumi/pulumi";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { beforeAll, describe, expect, it } from "vitest";
import { AUTOSCALER_IMAGE_TAGS, ClusterAutoscaler, type ClusterAutoscalerArgs } from "../../components/cluster-autoscaler";
import { PINNED_CHARTS } from "../../components/lib/chart-versions";
import { KNOWN_KUBERNETES_VERSIONS, type KubernetesVersion } from "../../components/lib/kubernetes-versions";
import { onlyInputs, recordRegistrations, refusedBy, TEST_TAGS, waitForRPCs } from "../support/components";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const MIRROR = "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror";
const CHART_MIRROR = "oci://111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/charts";

const registered: pulumi.runtime.MockResourceArgs[] = [];
const built: Partial<Record<KubernetesVersion, ClusterAutoscaler>> = {};
let china: ClusterAutoscaler;

const good: ClusterAutoscalerArgs = {
  region: "eu-central-1", clusterName: "c", identity: { kind: "pod-identity", clusterName: "c" }, kubernetesVersion: "1.35", tags: TEST_TAGS,
};
/** Release inputs, values read by path. */
const release = (name: string): Record<string, any> => onlyInputs(registered, RELEASE, name);

beforeAll(async () => {
  await recordRegistrations(registered);
  const providers = { kubernetes: new KubernetesProvider("k8s", { kubeconfig: "{}" }) };
  for (const v of KNOWN_KUBERNETES_VERSIONS) built[v] = new ClusterAutoscaler(`on-${v}`, { ...good, kubernetesVersion: v, scaleDownUnneededTime: "25m" }, { providers });
  china = new ClusterAutoscaler("china", {
    ...good, region: "cn-north-1", identity: { kind: "irsa", clusterName: "c", oidcProviderArn: "arn:aws-cn:iam::1:oidc-provider/x", oidcIssuerHost: "oidc.example.cn/id/X" },
    imageMirror: MIRROR, chartMirror: CHART_MIRROR,
  }, { providers });
  await waitForRPCs();
});

describe("ClusterAutoscaler chart and image", () => {
  it("pins chart 9.59.0, written for autoscaler 1.35, from the table and the upstream repository", () => {
    expect(PINNED_CHARTS["cluster-autoscaler"]).toMatchObject({ version: "9.59.0", appVersion: "1.35.0" });
    const r = release("on-1.35");
    expect([r.chart, r.version, r.repositoryOpts?.repo]).toEqual(["cluster-autoscaler", "9.59.0", "https://kubernetes.github.io/autoscaler"]);
  });

  it("runs the autoscaler line of the cluster's minor, for every version of the table", () => {
    for (const v of KNOWN_KUBERNETES_VERSIONS) {
      const tag = AUTOSCALER_IMAGE_TAGS[v];
      expect(tag, v).toMatch(new RegExp(`^v${v.replace(".", "\\.")}\\.\\d+$`));
      expect(release(`on-${v}`).values.image, v).toEqual({ repository: "registry.k8s.io/autoscaling/cluster-autoscaler", tag });
      expect(built[v]!.image, v).toBe(`registry.k8s.io/autoscaling/cluster-autoscaler:${tag}`);
    }
  });

  it("in China, pulls the same image line through the mirror and the chart from the chart mirror", () => {
    const r = release("china");
    expect(r.chart).toBe(`${CHART_MIRROR}/cluster-autoscaler`);
    expect(r.version).toBe("9.59.0");
    expect(r.values.image).toEqual({ repository: `${MIRROR}/registry.k8s.io/autoscaling/cluster-autoscaler`, tag: "v1.35.2" });
    expect(china.image).toBe(`${MIRROR}/registry.k8s.io/autoscaling/cluster-autoscaler:v1.35.2`);
  });

  it("keeps the chart's cluster-wide RBAC on: the grants the table relies on come from its ClusterRole", () => {
    const rbac = release("on-1.36").values.rbac;
    expect(rbac.create).not.toBe(false);
    expect(rbac.clusterScoped).not.toBe(false);
    expect(rbac.additionalRules).toBeUndefined();
  });

  it("passes a non-default scale-down time through to the autoscaler's flags", () => {
    expect(release("on-1.34").values.extraArgs["scale-down-unneeded-time"]).toBe("25m");
    expect(release("china").values.extraArgs["scale-down-unneeded-time"]).toBe("10m");
  });
});

describe("ClusterAutoscaler version input", () => {
  it("accepts every version in standard support today", () => {
    expect(new ClusterAutoscaler("ok-1.36", { ...good, kubernetesVersion: "1.36" }).image).toMatch(/:v1\.36\.\d+$/);
  });

  it("refuses a version without an autoscaler line, and a patch version, saying what is allowed", () => {
    for (const v of ["1.33", "1.37", "1.35.2"]) {
      expect(refusedBy(() => new ClusterAutoscaler(`bad-${v}`, { ...good, kubernetesVersion: v as KubernetesVersion })), v).toEqual([
        expect.stringMatching(/^kubernetesVersion: one of (1\.\d+, )*1\.\d+ \(EKS standard support on \d{4}-\d\d-\d\d, calendar read 2026-11-29\)$/),
      ]);
    }
  });
});
