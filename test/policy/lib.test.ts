// Pure helpers of the pack: image references, Helm values, regions of providers.
import { describe, expect, it } from "vitest";
import { grants, hostAccessInValues, hostAccessOfPod } from "../../policy/lib/host-access";
import { fullRepository, imagesInValues, isImageOf, privilegedPathsInValues, registryHost } from "../../policy/lib/images";
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

  it("names a repository by registry host and path, without tag or digest, as Docker resolves it", () => {
    expect(fullRepository("nvcr.io/nvidia/k8s/dcgm-exporter:4.5.3")).toBe("nvcr.io/nvidia/k8s/dcgm-exporter");
    expect(fullRepository("localhost:5000/app@sha256:abc")).toBe("localhost:5000/app");
    expect(fullRepository("busybox:1.36")).toBe("docker.io/library/busybox");
    expect(fullRepository("nvidia/k8s-device-plugin")).toBe("docker.io/nvidia/k8s-device-plugin");
    expect(fullRepository("111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror/nvcr.io/nvidia/k8s-device-plugin:v0.17.1"))
      .toBe("111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror/nvcr.io/nvidia/k8s-device-plugin");
  });

  it("matches an allow-listed image by host and path, or its mirror in the cluster region's ECR, never a look-alike path", () => {
    const plugin = ["nvcr.io/nvidia/k8s-device-plugin"];
    const china = () => "cn-north-1";
    expect(isImageOf("nvcr.io/nvidia/k8s-device-plugin:v0.17.1", plugin, china)).toBe(true);
    expect(isImageOf("111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror/nvcr.io/nvidia/k8s-device-plugin:v0.17.1", plugin, china)).toBe(true);
    expect(isImageOf("111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/nvcr.io/nvidia/k8s-device-plugin:v0.17.1", plugin, china)).toBe(true);
    expect(isImageOf("docker.io/attacker/nvidia/k8s-device-plugin:v0.17.1", plugin, china)).toBe(false);
    expect(isImageOf("nvidia/k8s-device-plugin:v0.17.1", plugin, china)).toBe(false);
    expect(isImageOf("ghcr.io/attacker/nvcr.io/nvidia/k8s-device-plugin:v0.17.1", plugin, china)).toBe(false);
    expect(isImageOf("111122223333.dkr.ecr.cn-northwest-1.amazonaws.com.cn/mirror/nvcr.io/nvidia/k8s-device-plugin:v0.17.1", plugin, china)).toBe(false);
    expect(isImageOf("111122223333.dkr.ecr.cn-north-1.amazonaws.com/mirror/nvcr.io/nvidia/k8s-device-plugin:v0.17.1", plugin, china)).toBe(false);
    expect(isImageOf("111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror/nvcr.io/nvidia/k8s-device-plugin-evil:1", plugin, china)).toBe(false);
    // The region is asked only for a mirror: an unknown kubeconfig does not stop the common case.
    expect(isImageOf("nvcr.io/nvidia/k8s-device-plugin:v0.17.1", plugin, () => { throw new Error("unknown during preview"); })).toBe(true);
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

describe("host access", () => {
  it("reads host namespaces, hostPath volumes and capabilities beyond Baseline from a pod spec", () => {
    const { pod, containers } = hostAccessOfPod({
      hostNetwork: true, hostPID: "true", hostIPC: false,
      volumes: [{ name: "sock", hostPath: { path: "/var/run" } }, { name: "tmp", emptyDir: {} }],
      initContainers: [{ name: "init", image: "a", securityContext: { capabilities: { add: ["cap_net_admin", "CHOWN"] } } }],
      containers: [{ name: "main", image: "b", securityContext: { capabilities: { add: ["ALL"], drop: ["SYS_ADMIN"] } } }],
    });
    expect(pod).toEqual([{ kind: "namespace", name: "hostNetwork" }, { kind: "namespace", name: "hostPID" }, { kind: "hostPath", path: "/var/run" }]);
    expect(containers.map((c) => [c.name, c.capabilities])).toEqual([["init", [{ kind: "capability", name: "NET_ADMIN" }]], ["main", [{ kind: "capability", name: "ALL" }]]]);
  });

  it("finds host access anywhere in Helm values, bare hostPath strings included", () => {
    expect(hostAccessInValues({ daemonset: { hostNetwork: true, hostPID: false }, extraHostVolumes: [{ hostPath: "/opt/bin" }], securityContext: { capabilities: { add: ["SYS_ADMIN", "KILL"] } } }))
      .toEqual([
        { path: "daemonset.hostNetwork", access: { kind: "namespace", name: "hostNetwork" } },
        { path: "extraHostVolumes[0].hostPath", access: { kind: "hostPath", path: "/opt/bin" } },
        { path: "securityContext.capabilities.add", access: { kind: "capability", name: "SYS_ADMIN" } },
      ]);
  });

  it("grants a hostPath at or under the granted directory, not its parent nor a way out of it", () => {
    const granted = [{ kind: "hostPath" as const, path: "/var/lib/kubelet/device-plugins" }];
    expect(grants(granted, { kind: "hostPath", path: "/var/lib/kubelet/device-plugins/" })).toBe(true);
    expect(grants(granted, { kind: "hostPath", path: "/var/lib/kubelet/device-plugins/kubelet.sock" })).toBe(true);
    expect(grants(granted, { kind: "hostPath", path: "/var/lib/kubelet" })).toBe(false);
    expect(grants(granted, { kind: "hostPath", path: "/var/lib/kubelet/device-plugins/../pki" })).toBe(false);
    expect(grants(granted, { kind: "hostPath", path: "/var/lib/kubelet/device-plugins-evil" })).toBe(false);
    expect(grants(granted, { kind: "capability", name: "SYS_ADMIN" })).toBe(false);
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
