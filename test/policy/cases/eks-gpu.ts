// Cases of the EKS and GPU rules.
import type { RenderedStack } from "../../../infra/plan/harness";
import { add, find, tagsOf, type PolicyCase } from "../support";

const CLUSTER = "aws:eks/cluster:Cluster";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

const vpcConfig = (s: RenderedStack, name: string): Record<string, unknown> => find(s, CLUSTER, name).inputs.vpcConfig as Record<string, unknown>;
const b64 = (text: string): string => Buffer.from(text).toString("base64");

/** A launch template in Frankfurt (prod) naming an instance type, IMDSv2 and an encrypted root volume. */
const gpuTemplate = (userData?: string): Record<string, unknown> => ({
  instanceType: "g6e.12xlarge",
  metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
  blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeSize: 200 } }],
  ...(userData ? { userData } : {}),
  tags: tagsOf("prod", "eu-central-1"),
});

export const eksGpuCases: PolicyCase[] = [
  {
    rule: "eks-endpoint-not-public", title: "public endpoint behind a /24 allow-list", stack: "prod", fires: [],
    edit: (s) => Object.assign(vpcConfig(s, "frankfurt-eks"), { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] }),
  },
  {
    rule: "eks-endpoint-not-public", title: "public endpoint without publicAccessCidrs", stack: "prod", fires: ["eks-endpoint-not-public"],
    edit: (s) => Object.assign(vpcConfig(s, "frankfurt-eks"), { endpointPublicAccess: true }),
  },
  {
    rule: "eks-endpoint-not-public", title: "endpointPublicAccess left out (EKS default: public)", stack: "dev", fires: ["eks-endpoint-not-public"],
    edit: (s) => { delete vpcConfig(s, "shanghai-eks").endpointPublicAccess; },
  },
  {
    rule: "eks-endpoint-not-public", title: "the internet as two /1 blocks", stack: "prod", fires: ["eks-endpoint-not-public"],
    edit: (s) => Object.assign(vpcConfig(s, "china-eks"), { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }),
  },
  {
    rule: "eks-endpoint-not-public", title: "a /1 block admitted when the user's threshold allows it", stack: "prod", fires: [],
    config: { "eks-endpoint-not-public": { minimumPrefixLength: 1 } },
    edit: (s) => Object.assign(vpcConfig(s, "china-eks"), { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }),
  },
  {
    rule: "eks-endpoint-not-public", title: "private access switched off", stack: "prod", fires: ["eks-endpoint-not-public"],
    edit: (s) => Object.assign(vpcConfig(s, "china-eks"), { endpointPrivateAccess: false, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] }),
  },
  {
    rule: "eks-secrets-encrypted", title: "secrets encrypted with a second key ARN", stack: "prod", fires: [],
    edit: (s) => { find(s, CLUSTER, "china-eks").inputs.encryptionConfig = { provider: { keyArn: "arn:aws-cn:kms:cn-north-1:123456789012:key/other" }, resources: ["secrets"] }; },
  },
  {
    rule: "eks-secrets-encrypted", title: "no encryptionConfig", stack: "prod", fires: ["eks-secrets-encrypted"],
    edit: (s) => { delete find(s, CLUSTER, "china-eks").inputs.encryptionConfig; },
  },
  {
    rule: "eks-secrets-encrypted", title: "encryptionConfig without a key", stack: "dev", fires: ["eks-secrets-encrypted"],
    edit: (s) => { find(s, CLUSTER, "frankfurt-eks").inputs.encryptionConfig = { resources: ["secrets"] }; },
  },
  {
    rule: "eks-audit-logging", title: "audit plus the scheduler log", stack: "prod", fires: [],
    edit: (s) => { find(s, CLUSTER, "frankfurt-eks").inputs.enabledClusterLogTypes = ["api", "audit", "authenticator", "scheduler"]; },
  },
  {
    rule: "eks-audit-logging", title: "audit log dropped", stack: "prod", fires: ["eks-audit-logging"],
    edit: (s) => { find(s, CLUSTER, "frankfurt-eks").inputs.enabledClusterLogTypes = ["api", "authenticator"]; },
  },
  {
    rule: "eks-supported-version", title: "oldest version in standard support", stack: "prod", fires: [],
    edit: (s) => { find(s, CLUSTER, "china-eks").inputs.version = "1.34"; },
  },
  {
    rule: "eks-supported-version", title: "version out of standard support", stack: "prod", fires: ["eks-supported-version"],
    edit: (s) => { find(s, CLUSTER, "china-eks").inputs.version = "1.33"; },
  },
  {
    rule: "eks-supported-version", title: "version not pinned", stack: "dev", fires: ["eks-supported-version"],
    edit: (s) => { delete find(s, CLUSTER, "shanghai-eks").inputs.version; },
  },
  {
    rule: "gpu-nodes-tainted", title: "CPU node group without taints", stack: "prod", fires: [],
    edit: (s) => { find(s, NODE_GROUP, "china-eks-system").inputs.taints = []; },
  },
  {
    rule: "gpu-nodes-tainted", title: "GPU node group without the taint", stack: "prod", fires: ["gpu-nodes-tainted"],
    edit: (s) => { delete find(s, NODE_GROUP, "china-gpu-g5-12xl").inputs.taints; },
  },
  {
    rule: "gpu-nodes-tainted", title: "GPU node group tainted PREFER_NO_SCHEDULE only", stack: "dev", fires: ["gpu-nodes-tainted"],
    edit: (s) => { find(s, NODE_GROUP, "frankfurt-gpu-g5").inputs.taints = [{ key: "nvidia.com/gpu", value: "true", effect: "PREFER_NO_SCHEDULE" }]; },
  },
  {
    rule: "gpu-nodes-tainted", title: "GPU node group tainted NoSchedule with another value (the pack's literal is nvidia.com/gpu=true)", stack: "prod",
    fires: ["gpu-nodes-tainted"],
    edit: (s) => { find(s, NODE_GROUP, "frankfurt-gpu-g6e-12xl").inputs.taints = [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }]; },
  },
  {
    rule: "gpu-nodes-tainted", title: "GPU launch template registering PreferNoSchedule", stack: "prod", fires: ["gpu-nodes-tainted"],
    edit: (s) => { add(s, { type: TEMPLATE, name: "case-gpu-lt", provider: "frankfurt-aws", inputs: gpuTemplate(b64("--register-with-taints=nvidia.com/gpu=true:PreferNoSchedule")) }); },
  },
  {
    rule: "gpu-nodes-tainted", title: "GPU launch template registering the taint in its user data", stack: "prod", fires: [],
    edit: (s) => { add(s, { type: TEMPLATE, name: "case-gpu-lt", provider: "frankfurt-aws", inputs: gpuTemplate(b64("KUBELET_EXTRA_ARGS=--register-with-taints=nvidia.com/gpu=true:NoSchedule")) }); },
  },
  {
    rule: "gpu-nodes-tainted", title: "GPU launch template without the taint", stack: "prod", fires: ["gpu-nodes-tainted"],
    edit: (s) => { add(s, { type: TEMPLATE, name: "case-gpu-lt", provider: "frankfurt-aws", inputs: gpuTemplate() }); },
  },
  {
    rule: "gpu-family-offered", title: "p3 in China (offered there)", stack: "prod", fires: [],
    edit: (s) => { find(s, NODE_GROUP, "china-gpu-g4dn-12xl").inputs.instanceTypes = ["p3.8xlarge"]; },
  },
  {
    rule: "gpu-family-offered", title: "g6e in China (global partition only)", stack: "prod", fires: ["gpu-family-offered"],
    edit: (s) => { find(s, NODE_GROUP, "china-gpu-g4dn-12xl").inputs.instanceTypes = ["g6e.12xlarge"]; },
  },
  {
    rule: "gpu-family-offered", title: "p5 in Hong Kong (not offered there)", stack: "dev", fires: ["gpu-family-offered"],
    edit: (s) => { find(s, NODE_GROUP, "shanghai-gpu-g5").inputs.instanceTypes = ["g5.xlarge", "p5.48xlarge"]; },
  },
  {
    rule: "gpu-family-offered", title: "a resource-level region overrides the provider's: g6e template in cn-northwest-1", stack: "prod",
    fires: ["gpu-family-offered"],
    edit: (s) => {
      const tainted = b64("--register-with-taints=nvidia.com/gpu=true:NoSchedule");
      add(s, { type: TEMPLATE, name: "case-gpu-lt", provider: "frankfurt-aws", inputs: { ...gpuTemplate(tainted), region: "cn-northwest-1" } });
    },
  },
  {
    rule: "gpu-pool-max-size", title: "GPU pool at the 50-node cap", stack: "prod", fires: [],
    edit: (s) => { (find(s, NODE_GROUP, "china-gpu-g5-12xl").inputs.scalingConfig as Record<string, unknown>).maxSize = 50; },
  },
  {
    rule: "gpu-pool-max-size", title: "GPU pool above the cap", stack: "prod", fires: ["gpu-pool-max-size"],
    edit: (s) => { (find(s, NODE_GROUP, "china-gpu-g5-12xl").inputs.scalingConfig as Record<string, unknown>).maxSize = 120; },
  },
  {
    rule: "gpu-pool-max-size", title: "a lower cap from config", stack: "prod", fires: ["gpu-pool-max-size"],
    config: { "gpu-pool-max-size": { maxNodes: 30 } },
    edit: () => undefined,
  },
];
