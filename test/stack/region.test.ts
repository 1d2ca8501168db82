import { describe, expect, it } from "vitest";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { bothRealStacks } from "../support/render";

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

const stacks: Record<string, RenderedStack> = bothRealStacks();

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

  it("lays out three public and three private subnets per region, inside its VPC CIDR", () => {
    const r = get();
    for (const [name] of Object.entries(r.outputs.regions as Record<string, unknown>)) {
      const subnets = r.resources.filter((x) => x.type === "aws:ec2/subnet:Subnet" && x.name.startsWith(`${name}-net-`));
      expect(subnets.filter((x) => x.name.includes("-public-")).map((x) => x.inputs.mapPublicIpOnLaunch)).toEqual([false, false, false]);
      expect(subnets.filter((x) => x.name.includes("-private-"))).toHaveLength(3);
      expect(new Set(subnets.map((x) => x.inputs.availabilityZone)).size).toBe(3);
    }
  });

  it("installs the core add-ons, CoreDNS only after the system nodes", () => {
    const r = get();
    for (const [name] of Object.entries(r.outputs.regions as Record<string, unknown>)) {
      const addons = r.resources.filter((x) => x.type === "aws:eks/addon:Addon" && x.name.startsWith(`${name}-eks-`));
      expect(addons.map((x) => x.inputs.addonName)).toEqual(expect.arrayContaining(["vpc-cni", "kube-proxy", "coredns"]));
      const coredns = addons.find((x) => x.inputs.addonName === "coredns")!;
      expect(coredns.options.dependencies).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`NodeGroup::${name}-eks-system$`))]));
    }
  });

  it("rolls GPU pools a quarter at a time, on 200 GiB encrypted volumes", () => {
    const r = get();
    const gpuTemplates = r.resources.filter((x) => x.type === "aws:ec2/launchTemplate:LaunchTemplate" && x.name.includes("-gpu-"));
    expect(gpuTemplates.length).toBeGreaterThan(0);
    for (const t of gpuTemplates) {
      expect((t.inputs.blockDeviceMappings as Array<{ ebs: Record<string, unknown> }>)[0]!.ebs).toMatchObject({ volumeSize: 200, volumeType: "gp3", encrypted: "true" });
    }
    for (const g of r.resources.filter((x) => x.type === "aws:eks/nodeGroup:NodeGroup" && String(x.inputs.amiType).includes("NVIDIA"))) {
      expect(g.inputs.updateConfig).toEqual({ maxUnavailablePercentage: 25 });
    }
  });

  it("routes the private subnets to S3 through a gateway endpoint of the region's partition", () => {
    const r = get();
    const endpoints = r.resources.filter((x) => x.type === "aws:ec2/vpcEndpoint:VpcEndpoint");
    const expected: Record<string, string[]> = {
      prod: ["cn.com.amazonaws.cn-north-1.s3", "com.amazonaws.eu-central-1.s3"],
      dev: ["com.amazonaws.ap-east-1.s3", "com.amazonaws.eu-central-1.s3"],
    };
    expect(endpoints.map((x) => x.inputs.serviceName).sort()).toEqual(expected[stack]);
    for (const e of endpoints) {
      expect(e.inputs.vpcEndpointType).toBe("Gateway");
      expect(e.inputs.routeTableIds).toHaveLength(3);
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
    // A deploy must not wait for GPU nodes the autoscaler has yet to bring.
    expect((g5.inputs.metadata as { annotations: Record<string, string> }).annotations["pulumi.com/skipAwait"]).toBe("true");
    const priority = r.resources.find((x) => x.type === "kubernetes:scheduling.k8s.io/v1:PriorityClass" && x.name === "china-headroom-priority")!;
    expect(priority.inputs).toMatchObject({ value: -10, preemptionPolicy: "Never", globalDefault: false });
  });
});

describe("cluster autoscaler", () => {
  const releaseOf = (r: RenderedStack, name: string) => r.resources.find((x) => x.type === "kubernetes:helm.sh/v3:Release" && x.name === name)!;

  it("runs in every prod region, pinned, with its image from the mirror in China", () => {
    const r = stacks.prod!;
    const releases = r.resources.filter((x) => x.type === "kubernetes:helm.sh/v3:Release" && String(x.inputs.chart).endsWith("cluster-autoscaler"));
    expect(releases.map((x) => [x.name, x.inputs.version]).sort()).toEqual([["china-autoscaler", "9.59.0"], ["frankfurt-autoscaler", "9.59.0"]]);
    const values = releaseOf(r, "china-autoscaler").inputs.values as { image: { repository: string; tag: string }; autoDiscovery: { clusterName: string } };
    expect(values.image).toEqual({ repository: "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror/registry.k8s.io/autoscaling/cluster-autoscaler", tag: "v1.35.2" });
    expect(values.autoDiscovery.clusterName).toBe("prod-china-eks");
  });

  it("may resize only the groups its own cluster owns", () => {
    const policy = stacks.prod!.resources.find((x) => x.type === "aws:iam/rolePolicy:RolePolicy" && x.name === "china-autoscaler-policy")!;
    const doc = JSON.parse(String(policy.inputs.policy));
    expect(doc.Statement[0].Condition).toEqual({ StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/prod-china-eks": "owned" } });
  });

  it("gets its role through IRSA in China, where EKS Pod Identity does not exist", () => {
    const r = stacks.prod!;
    const role = r.resources.find((x) => x.type === "aws:iam/role:Role" && x.name === "china-autoscaler-role")!;
    const statement = JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0];
    expect(statement.Action).toBe("sts:AssumeRoleWithWebIdentity");
    expect(statement.Principal.Federated).toMatch(/^arn:aws-cn:iam::123456789012:openidconnectprovider\//);
    // Condition keys are the cluster's issuer (a mock placeholder here) without https://.
    const conditions = Object.entries(statement.Condition.StringEquals as Record<string, string>);
    expect(conditions).toHaveLength(2);
    for (const [key] of conditions) expect(key).toMatch(/^oidc\.eks\.cn-north-1\.amazonaws\.com\.cn\/id\/[^:/]+:(sub|aud)$/);
    expect(conditions.map(([key, value]) => [key.split(":").pop(), value]).sort()).toEqual([
      ["aud", "sts.amazonaws.com"],
      ["sub", "system:serviceaccount:kube-system:cluster-autoscaler"],
    ]);
    const values = releaseOf(r, "china-autoscaler").inputs.values as { rbac: { serviceAccount: { annotations: Record<string, string> } } };
    expect(values.rbac.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).toMatch(/^arn:aws-cn:iam::/);
    expect(r.resources.filter((x) => x.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation" && x.name.startsWith("china-"))).toEqual([]);
    expect(r.resources.filter((x) => x.type === "aws:eks/addon:Addon" && x.inputs.addonName === "eks-pod-identity-agent").map((x) => x.name)).toEqual(["frankfurt-eks-eks-pod-identity-agent"]);
    expect(r.resources.filter((x) => x.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider").map((x) => x.name)).toEqual(["china-eks-oidc"]);
  });

  it("gets its role through a Pod Identity association in Frankfurt", () => {
    const r = stacks.prod!;
    const association = r.resources.find((x) => x.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation" && x.name === "frankfurt-autoscaler-role-identity")!;
    expect(association.inputs).toMatchObject({ namespace: "kube-system", serviceAccount: "cluster-autoscaler" });
    const statement = JSON.parse(String(r.resources.find((x) => x.type === "aws:iam/role:Role" && x.name === "frankfurt-autoscaler-role")!.inputs.assumeRolePolicy)).Statement[0];
    expect(statement.Principal.Service).toEqual(["pods.eks.amazonaws.com"]);
    expect(releaseOf(r, "frankfurt-autoscaler").options.dependencies).toEqual(expect.arrayContaining([association.urn, expect.stringMatching(/NodeGroup::frankfurt-eks-system$/)]));
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
