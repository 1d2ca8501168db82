// Pure helpers of the pack: image references, Helm values, regions of providers.
import { describe, expect, it } from "vitest";
import { imagesInValues, privilegedPathsInValues, registryHost, repositoryPath } from "../../policy/lib/images";
import { regionOf } from "../../policy/lib/region";
import { stackNameOf } from "../../policy/lib/stack";

describe("image references", () => {
  it("finds the registry host the way Docker does", () => {
    expect(registryHost("nvcr.io/nvidia/k8s-device-plugin:v0.17.1")).toBe("nvcr.io");
    expect(registryHost("busybox:1.36")).toBe("docker.io");
    expect(registryHost("grafana/grafana:11.0.0")).toBe("docker.io");
    expect(registryHost("localhost:5000/app:1")).toBe("localhost:5000");
    expect(registryHost("111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror/nvcr.io/nvidia/x:1")).toBe("111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn");
  });

  it("strips host, tag and digest from a repository", () => {
    expect(repositoryPath("nvcr.io/nvidia/k8s/dcgm-exporter:4.5.3")).toBe("nvidia/k8s/dcgm-exporter");
    expect(repositoryPath("localhost:5000/app@sha256:abc")).toBe("app");
    expect(repositoryPath("111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror/nvcr.io/nvidia/k8s-device-plugin:v0.17.1"))
      .toBe("mirror/nvcr.io/nvidia/k8s-device-plugin");
  });

  it("reads images from Helm values in string and object form, with global.imageRegistry", () => {
    expect(imagesInValues({
      global: { imageRegistry: "mirror.example.cn" },
      image: "quay.io/prometheus/prometheus:v3.0.0",
      grafana: { image: { registry: "reg.example.cn/", repository: "grafana/grafana", tag: "11" } },
      sidecars: [{ image: { repository: "kiwigrid/k8s-sidecar" } }],
    })).toEqual([
      { path: "image", image: "quay.io/prometheus/prometheus:v3.0.0" },
      { path: "grafana.image", image: "reg.example.cn/grafana/grafana" },
      { path: "sidecars[0].image", image: "mirror.example.cn/kiwigrid/k8s-sidecar" },
    ]);
  });

  it("reads named images under one image key (KEDA's chart), and nothing from a key without a repository", () => {
    expect(imagesInValues({
      image: {
        keda: { registry: "mirror.example.cn/ghcr.io", repository: "kedacore/keda", tag: "2.20.2" },
        webhooks: { registry: "ghcr.io", repository: "kedacore/keda-admission-webhooks", tag: "2.20.2" },
        pullPolicy: "IfNotPresent",
      },
      other: { image: { pullPolicy: "Always" } },
    })).toEqual([
      { path: "image.keda", image: "mirror.example.cn/ghcr.io/kedacore/keda" },
      { path: "image.webhooks", image: "ghcr.io/kedacore/keda-admission-webhooks" },
    ]);
  });

  it("finds privileged settings anywhere in Helm values", () => {
    expect(privilegedPathsInValues({ securityContext: { privileged: true }, init: [{ securityContext: { privileged: "true" } }], other: { privileged: false } }))
      .toEqual(["securityContext.privileged", "init[0].securityContext.privileged"]);
  });
});

describe("regions of resources", () => {
  const k8s = (kubeconfig: string) => ({ type: "pulumi:providers:kubernetes", name: "k8s", urn: "urn:k8s", props: { kubeconfig } });

  it("reads an AWS resource's region from its provider, unless the resource overrides it", () => {
    const provider = { type: "pulumi:providers:aws", name: "aws", urn: "urn:aws", props: { region: "eu-central-1" } };
    expect(regionOf({ type: "aws:ec2/vpc:Vpc", props: {}, provider })).toBe("eu-central-1");
    expect(regionOf({ type: "aws:ec2/vpc:Vpc", props: { region: "cn-north-1" }, provider })).toBe("cn-north-1");
    expect(regionOf({ type: "pulumi:providers:aws", props: { region: "cn-northwest-1" } })).toBe("cn-northwest-1");
    expect(regionOf({ type: "aws:ec2/vpc:Vpc", props: {} })).toBeUndefined();
  });

  it("reads a Kubernetes resource's region from its provider's kubeconfig: get-token --region, else the EKS endpoint", () => {
    const json = JSON.stringify({ users: [{ name: "u", user: { exec: { command: "aws", args: ["eks", "get-token", "--region", "cn-north-1"] } } }] });
    expect(regionOf({ type: "kubernetes:core/v1:Pod", props: {}, provider: k8s(json) })).toBe("cn-north-1");
    const yaml = "clusters:\n- cluster:\n    server: https://ABC.gr7.eu-central-1.eks.amazonaws.com\n";
    expect(regionOf({ type: "kubernetes:core/v1:Pod", props: {}, provider: k8s(yaml) })).toBe("eu-central-1");
    expect(regionOf({ type: "kubernetes:core/v1:Pod", props: {}, provider: k8s("clusters: []") })).toBeUndefined();
  });

  it("takes the stack name from a URN", () => {
    expect(stackNameOf("urn:pulumi:prod::inference-platform::aws:kms/key:Key::k")).toBe("prod");
  });
});
