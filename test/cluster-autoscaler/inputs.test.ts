import { beforeAll, describe, expect, it } from "vitest";
import { ClusterAutoscaler, type ClusterAutoscalerArgs } from "../../components/cluster-autoscaler";
import { clusterAutoscalerPolicy } from "../../components/cluster-autoscaler/iam-policy";
import { refusedBy, TEST_TAGS, useComponentMocks } from "../support/components";

beforeAll(() => useComponentMocks());

describe("ClusterAutoscaler inputs", () => {
  const good: ClusterAutoscalerArgs = { region: "eu-central-1", clusterName: "c", identity: { kind: "pod-identity", clusterName: "c" }, kubernetesVersion: "1.34", tags: TEST_TAGS };
  it("accepts a supported minor version and a duration", () => {
    expect(new ClusterAutoscaler("a", { ...good, scaleDownUnneededTime: "15m" }).image).toMatch(/cluster-autoscaler:v1\.34\./);
  });
  it("refuses a patch version and a bare number", () => {
    expect(refusedBy(() => new ClusterAutoscaler("a1", { ...good, kubernetesVersion: "1.34.2" as "1.34", scaleDownUnneededTime: "600" }))).toEqual([
      expect.stringMatching(/^kubernetesVersion: one of 1.34, 1.35 /),
      "scaleDownUnneededTime: a duration such as 10m",
    ]);
  });
  it("scopes resizing to groups its cluster owns, and only reads elsewhere", () => {
    const doc = JSON.parse(clusterAutoscalerPolicy("prod-eks"));
    expect(doc.Statement[0].Action).toEqual(["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]);
    expect(doc.Statement[0].Condition.StringEquals).toEqual({ "aws:ResourceTag/k8s.io/cluster-autoscaler/prod-eks": "owned" });
    expect(doc.Statement[1].Action.every((a: string) => /:(Describe|Get)/.test(a))).toBe(true);
  });
});
