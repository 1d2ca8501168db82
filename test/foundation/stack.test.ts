import { beforeAll, describe, expect, it } from "vitest";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { renderRealStack } from "../support/render";

/** Region (AWS code) of a resource: the RegionalPlatform it sits under. */
function regionIndex(r: RenderedStack): (res: RenderedResource) => string | undefined {
  const byUrn = new Map(r.resources.map((x) => [x.urn, x]));
  const regions = r.outputs.regions as Record<string, { awsRegion: string }>;
  return (res) => {
    for (let cur: RenderedResource | undefined = res; cur; cur = cur.parent ? byUrn.get(cur.parent) : undefined) {
      if (cur.type === "inference:region:RegionalPlatform") return regions[cur.name]?.awsRegion;
      if (cur.type === "pulumi:providers:aws") return cur.inputs.region as string;
    }
    return undefined;
  };
}

const stacks: Record<string, RenderedStack> = {};
beforeAll(async () => {
  stacks.prod = await renderRealStack("prod");
  stacks.dev = await renderRealStack("dev");
});

describe.each(["prod", "dev"])("stack %s", (stack) => {
  const get = () => stacks[stack]!;

  it("has unique URNs", () => {
    const urns = get().resources.map((x) => x.urn);
    expect(new Set(urns).size).toBe(urns.length);
  });

  it("has per region one cluster and at least one tainted NVIDIA GPU pool", () => {
    const r = get();
    const regionOf = regionIndex(r);
    for (const region of Object.values(r.outputs.regions as Record<string, { awsRegion: string }>)) {
      const clusters = r.resources.filter((x) => x.type === "aws:eks/cluster:Cluster" && regionOf(x) === region.awsRegion);
      expect(clusters).toHaveLength(1);
      const gpuGroups = r.resources.filter((x) => x.type === "aws:eks/nodeGroup:NodeGroup" && regionOf(x) === region.awsRegion && String(x.inputs.amiType).includes("NVIDIA"));
      expect(gpuGroups.length).toBeGreaterThanOrEqual(1);
      for (const g of gpuGroups) {
        expect(g.inputs.amiType).toBe("AL2023_x86_64_NVIDIA");
        expect(g.inputs.taints).toEqual([{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }]);
        expect((g.inputs.labels as Record<string, string>)["nvidia.com/gpu.present"]).toBe("true");
        expect(g.options.ignoreChanges).toContain("scalingConfig.desiredSize");
        expect(g.options.customTimeouts?.create).toBe("40m");
      }
      const system = r.resources.filter((x) => x.type === "aws:eks/nodeGroup:NodeGroup" && regionOf(x) === region.awsRegion && x.inputs.amiType === "AL2023_x86_64_STANDARD");
      expect(system).toHaveLength(1);
    }
  });

  it("keeps every cluster private, with KMS-encrypted secrets and control-plane logs", () => {
    for (const c of get().resources.filter((x) => x.type === "aws:eks/cluster:Cluster")) {
      expect(c.inputs.vpcConfig).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: false });
      expect(c.inputs.encryptionConfig).toMatchObject({ resources: ["secrets"] });
      expect(c.inputs.enabledClusterLogTypes).toEqual(["api", "audit", "authenticator"]);
      expect(c.inputs.accessConfig).toMatchObject({ authenticationMode: "API" });
      expect(c.options.customTimeouts).toEqual({ create: "30m", update: "60m", delete: "30m" });
    }
  });

  it("requires IMDSv2 and encrypted root volumes on every launch template", () => {
    const templates = get().resources.filter((x) => x.type === "aws:ec2/launchTemplate:LaunchTemplate");
    expect(templates.length).toBeGreaterThan(0);
    for (const t of templates) {
      expect(t.inputs.metadataOptions).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 2 });
      expect((t.inputs.blockDeviceMappings as Array<{ ebs: { encrypted: string } }>)[0]!.ebs.encrypted).toBe("true");
    }
  });

  it("turns on VPC flow logs in every region", () => {
    const r = get();
    expect(r.resources.filter((x) => x.type === "aws:ec2/flowLog:FlowLog")).toHaveLength(Object.keys(r.outputs.regions as object).length);
  });

  it("installs the device plugin once per cluster, tolerating the GPU taint", () => {
    const r = get();
    const plugins = r.resources.filter((x) => x.type === "kubernetes:helm.sh/v3:Release" && String(x.inputs.chart).endsWith("nvidia-device-plugin"));
    expect(plugins).toHaveLength(Object.keys(r.outputs.regions as object).length);
    for (const p of plugins) {
      expect(p.inputs.version).toBe("0.17.1");
      // Helm waits for the DaemonSet, so the release must wait for nodes to exist.
      expect(p.options.dependencies.filter((d) => /aws:eks\/nodeGroup:NodeGroup::\w+-eks-system$/.test(d))).toHaveLength(1);
      const values = p.inputs.values as { tolerations: Array<{ key: string; effect: string }> };
      expect(values.tolerations).toContainEqual({ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" });
    }
  });
});

describe("prod stack", () => {
  it("has two regions: cn-north-1 in aws-cn and eu-central-1 in aws, each with its own provider", () => {
    const r = stacks.prod!;
    const regions = r.outputs.regions as Record<string, { awsRegion: string; partition: string }>;
    expect(Object.values(regions).map((x) => [x.awsRegion, x.partition]).sort()).toEqual([["cn-north-1", "aws-cn"], ["eu-central-1", "aws"]]);
    const providers = r.resources.filter((x) => x.type === "pulumi:providers:aws" && ["china-aws", "frankfurt-aws"].includes(x.name));
    expect(providers.map((p) => [p.inputs.region, p.inputs.profile]).sort()).toEqual([
      ["cn-north-1", "inference-prod-cn"],
      ["eu-central-1", "inference-prod-global"],
    ]);
  });

  it("writes no arn:aws: into any input of a China-region resource", () => {
    const r = stacks.prod!;
    const regionOf = regionIndex(r);
    const china = r.resources.filter((x) => regionOf(x) === "cn-north-1");
    expect(china.length).toBeGreaterThan(40);
    const offenders = china.filter((x) => JSON.stringify(x.inputs).includes("arn:aws:")).map((x) => x.urn);
    expect(offenders).toEqual([]);
    // The same check does see global-partition ARNs, so it is not vacuous.
    const frankfurt = r.resources.filter((x) => regionOf(x) === "eu-central-1");
    expect(frankfurt.some((x) => JSON.stringify(x.inputs).includes("arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"))).toBe(true);
    expect(china.some((x) => JSON.stringify(x.inputs).includes("arn:aws-cn:iam::aws:policy/AmazonEKSWorkerNodePolicy"))).toBe(true);
  });

  it("trusts the China EC2 principal for nodes in cn-north-1", () => {
    const r = stacks.prod!;
    const nodeRoles = r.resources.filter((x) => x.type === "aws:iam/role:Role" && x.name.endsWith("-eks-node"));
    const principals = nodeRoles.map((x) => JSON.parse(String(x.inputs.assumeRolePolicy)).Statement[0].Principal.Service[0]).sort();
    expect(principals).toEqual(["ec2.amazonaws.com", "ec2.amazonaws.com.cn"]);
  });

  it("puts one NAT gateway per AZ in prod, and pulls the device plugin from the China mirror", () => {
    const r = stacks.prod!;
    expect(r.resources.filter((x) => x.type === "aws:ec2/natGateway:NatGateway")).toHaveLength(6);
    const chinaPlugin = r.resources.find((x) => x.type === "kubernetes:helm.sh/v3:Release" && x.name === "china-nvidia");
    expect(chinaPlugin?.inputs.chart).toBe("oci://111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/charts/nvidia-device-plugin");
    expect((chinaPlugin?.inputs.values as { image: { repository: string } }).image.repository)
      .toBe("111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror/nvcr.io/nvidia/k8s-device-plugin");
  });

  it("sizes GPU pools from the capacity plan", () => {
    const g5 = stacks.prod!.resources.find((x) => x.type === "aws:eks/nodeGroup:NodeGroup" && x.name === "china-gpu-g5-12xl");
    // 400 QPS (80 % of 500) at 25 QPS/GPU × 4 GPUs: min 520→6, desired 400×1.2^6×1.3=1552.7→16, max 4000→40.
    expect(g5?.inputs.scalingConfig).toEqual({ minSize: 6, desiredSize: 16, maxSize: 40 });
  });
});

describe("GPU headroom", () => {
  it("keeps the plan's spare GPUs warm with preemptible placeholders on each pool", () => {
    const r = stacks.prod!;
    const placeholders = r.resources.filter((x) => x.type === "kubernetes:apps/v1:Deployment" && x.name.includes("-headroom-"));
    expect(placeholders.map((x) => x.name).sort()).toEqual(["china-headroom-china-gpu-g4dn-12xl", "china-headroom-china-gpu-g5-12xl", "frankfurt-headroom-frankfurt-gpu-g6e-12xl"]);
    const g5 = placeholders.find((x) => x.name === "china-headroom-china-gpu-g5-12xl")!;
    // 400 QPS × 0.3 = 120 QPS at 25 QPS/GPU → 4.8 → 5 GPUs.
    const spec = (g5.inputs.spec as { replicas: number; template: { spec: Record<string, any> } });
    expect(spec.replicas).toBe(5);
    expect(spec.template.spec.priorityClassName).toBe("china-headroom-placeholder");
    expect(spec.template.spec.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    expect(spec.template.spec.nodeSelector).toEqual({ "inference.platform/pool": "china-gpu-g5-12xl" });
    expect(spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"]).toBe("1");
    expect(spec.template.spec.containers[0].image).toBe("111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror/registry.k8s.io/pause:3.10");
    const priority = r.resources.find((x) => x.type === "kubernetes:scheduling.k8s.io/v1:PriorityClass" && x.name === "china-headroom-priority")!;
    expect(priority.inputs).toMatchObject({ value: -10, preemptionPolicy: "Never", globalDefault: false });
  });
});

describe("cluster autoscaler", () => {
  it("runs in every prod region with a pod-identity role scoped to its own cluster's groups", () => {
    const r = stacks.prod!;
    const releases = r.resources.filter((x) => x.type === "kubernetes:helm.sh/v3:Release" && String(x.inputs.chart).endsWith("cluster-autoscaler"));
    expect(releases.map((x) => x.name).sort()).toEqual(["china-autoscaler", "frankfurt-autoscaler"]);
    const china = releases.find((x) => x.name === "china-autoscaler")!;
    const values = china.inputs.values as { image: { repository: string; tag: string }; autoDiscovery: { clusterName: string } };
    expect(values.image).toEqual({ repository: "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror/registry.k8s.io/autoscaling/cluster-autoscaler", tag: "v1.34.0" });
    expect(values.autoDiscovery.clusterName).toBe("china-eks");
    const policy = r.resources.find((x) => x.type === "aws:iam/rolePolicy:RolePolicy" && x.name === "china-autoscaler-policy")!;
    const doc = JSON.parse(String(policy.inputs.policy));
    expect(doc.Statement[0].Condition).toEqual({ StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/china-eks": "owned" } });
    const association = r.resources.find((x) => x.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation" && x.name === "china-autoscaler-identity")!;
    expect(association.inputs).toMatchObject({ namespace: "kube-system", serviceAccount: "cluster-autoscaler" });
    expect(china.options.dependencies).toEqual(expect.arrayContaining([association.urn, expect.stringMatching(/NodeGroup::china-eks-system$/)]));
  });
});

describe("dev stack", () => {
  it("saves cost: one NAT per VPC and spot GPUs", () => {
    const r = stacks.dev!;
    expect(r.resources.filter((x) => x.type === "aws:ec2/natGateway:NatGateway")).toHaveLength(2);
    const gpu = r.resources.filter((x) => x.type === "aws:eks/nodeGroup:NodeGroup" && String(x.inputs.amiType).includes("NVIDIA"));
    expect(gpu.map((g) => g.inputs.capacityType)).toEqual(["SPOT", "SPOT"]);
  });
});
