import { describe, expect, it } from "vitest";
import { chartMirrorPartitionProblem, ecrRegistryOf } from "../../components/lib/chart-mirror";

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
