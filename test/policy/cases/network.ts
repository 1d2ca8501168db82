// Cases of the EC2/VPC, KMS and log rules.
import type { RenderedStack } from "../../../infra/plan/harness";
import { add, find, remove, tagsOf, type PolicyCase } from "../support";

const TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const KEY = "aws:kms/key:Key";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

const metadata = (s: RenderedStack, template: string): Record<string, unknown> => find(s, TEMPLATE, template).inputs.metadataOptions as Record<string, unknown>;
const rootEbs = (s: RenderedStack, template: string): Record<string, unknown> =>
  ((find(s, TEMPLATE, template).inputs.blockDeviceMappings as Record<string, unknown>[])[0]!.ebs as Record<string, unknown>);
/** Adds a tagged security group in Frankfurt (prod) with the given inline ingress. */
const openGroup = (s: RenderedStack, ingress: Record<string, unknown>[]): void => {
  add(s, { type: SG, name: "case-sg", provider: "frankfurt-aws", inputs: { vpcId: "frankfurt-net-vpc-id", ingress, tags: tagsOf("prod", "eu-central-1") } });
};
const ssh = (...cidrBlocks: string[]) => ({ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks });
/**
 * Adds a SecurityGroupRule resource opening a TCP port of the real Frankfurt (prod) group `group`
 * to `cidrs`, depending on the group as the program's `securityGroupId: group.id` would.
 */
const groupRule = (s: RenderedStack, name: string, group: string, port: number, cidrs: string[]): void => {
  const family = cidrs[0]!.includes(":") ? "ipv6CidrBlocks" : "cidrBlocks";
  const rule = add(s, {
    type: "aws:ec2/securityGroupRule:SecurityGroupRule", name, provider: "frankfurt-aws",
    inputs: { type: "ingress", protocol: "tcp", fromPort: port, toPort: port, [family]: cidrs, securityGroupId: `${group}-id` },
  });
  rule.options.dependencies.push(find(s, SG, group).urn);
};

export const networkCases: PolicyCase[] = [
  {
    rule: "ec2-imdsv2-required", title: "metadata endpoint disabled altogether", stack: "prod", fires: [],
    edit: (s) => Object.assign(metadata(s, "china-eks-system"), { httpEndpoint: "disabled", httpTokens: "optional" }),
  },
  {
    rule: "ec2-imdsv2-required", title: "IMDSv1 allowed (httpTokens optional)", stack: "prod", fires: ["ec2-imdsv2-required"],
    edit: (s) => Object.assign(metadata(s, "china-gpu-g5-12xl-lt"), { httpTokens: "optional" }),
  },
  {
    rule: "ec2-imdsv2-required", title: "no metadataOptions", stack: "dev", fires: ["ec2-imdsv2-required"],
    edit: (s) => { delete find(s, TEMPLATE, "frankfurt-eks-system").inputs.metadataOptions; },
  },
  {
    rule: "ebs-encrypted", title: "encrypted gp3 volume and an EFS StorageClass (not EBS)", stack: "prod", fires: [],
    edit: (s) => {
      add(s, { type: "aws:ebs/volume:Volume", name: "case-volume", provider: "frankfurt-aws", inputs: { availabilityZone: "eu-central-1a", size: 100, encrypted: true, tags: tagsOf("prod", "eu-central-1") } });
      add(s, { type: "kubernetes:storage.k8s.io/v1:StorageClass", name: "case-efs", provider: "frankfurt-k8s", inputs: { provisioner: "efs.csi.aws.com", parameters: { provisioningMode: "efs-ap" } } });
    },
  },
  {
    rule: "ebs-encrypted", title: "launch template root volume unencrypted", stack: "prod", fires: ["ebs-encrypted"],
    edit: (s) => { rootEbs(s, "frankfurt-gpu-g6e-12xl-lt").encrypted = "false"; },
  },
  {
    rule: "ebs-encrypted", title: "launch template without a block device mapping", stack: "prod", fires: ["ebs-encrypted"],
    edit: (s) => { delete find(s, TEMPLATE, "china-eks-system").inputs.blockDeviceMappings; },
  },
  {
    rule: "ebs-encrypted", title: "node group without a launch template", stack: "dev", fires: ["ebs-encrypted"],
    edit: (s) => { delete find(s, "aws:eks/nodeGroup:NodeGroup", "shanghai-eks-system").inputs.launchTemplate; },
  },
  {
    rule: "ebs-encrypted", title: "EBS StorageClass without encryption (Prometheus volumes)", stack: "prod", fires: ["ebs-encrypted"],
    edit: (s) => { delete (find(s, "kubernetes:storage.k8s.io/v1:StorageClass", "china-monitoring-gp3").inputs.parameters as Record<string, unknown>).encrypted; },
  },
  {
    rule: "sg-no-public-ingress", title: "HTTPS and HTTP open to the internet", stack: "prod", fires: [],
    edit: (s) => openGroup(s, [
      { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
      { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] },
      { protocol: "tcp", fromPort: 6379, toPort: 6379, cidrBlocks: ["10.21.0.0/16"] },
    ]),
  },
  {
    rule: "sg-no-public-ingress", title: "SSH open to 0.0.0.0/0", stack: "prod", fires: ["sg-no-public-ingress"],
    edit: (s) => openGroup(s, [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }]),
  },
  {
    rule: "sg-no-public-ingress", title: "a port range spanning 80-443", stack: "prod", fires: ["sg-no-public-ingress"],
    edit: (s) => openGroup(s, [{ protocol: "tcp", fromPort: 80, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }]),
  },
  {
    rule: "sg-no-public-ingress", title: "all traffic from ::/0 through a SecurityGroupRule", stack: "prod", fires: ["sg-no-public-ingress"],
    edit: (s) => {
      add(s, { type: "aws:ec2/securityGroupRule:SecurityGroupRule", name: "case-rule", provider: "frankfurt-aws", inputs: { type: "ingress", protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"], securityGroupId: "frankfurt-redis-id" } });
    },
  },
  {
    rule: "sg-no-public-ingress", title: "Redis port opened to the internet with an ingress rule resource", stack: "prod", fires: ["sg-no-public-ingress"],
    edit: (s) => { Object.assign(find(s, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "china-redis-from-nodes").inputs, { cidrIpv4: "0.0.0.0/0" }); },
  },
  {
    rule: "sg-no-public-ingress", title: "an ingress rule resource open on 443 only", stack: "prod", fires: [],
    edit: (s) => {
      add(s, { type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "case-https", provider: "frankfurt-aws", inputs: { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", securityGroupId: "frankfurt-redis-id", tags: tagsOf("prod", "eu-central-1") } });
    },
  },
  {
    rule: "sg-no-public-ingress", title: "port 8443 allowed once the user lists it", stack: "prod", fires: [],
    config: { "sg-no-public-ingress": { publicTcpPorts: [80, 443, 8443] } },
    edit: (s) => openGroup(s, [{ protocol: "tcp", fromPort: 8443, toPort: 8443, cidrBlocks: ["0.0.0.0/0"] }]),
  },
  // A group is judged by the public addresses its CIDRs admit together, however they are cut.
  {
    rule: "sg-no-public-ingress", title: "SSH opened to the world as 0.0.0.0/1 and 128.0.0.0/1, two rule resources on one group", stack: "prod",
    fires: ["sg-no-public-ingress"],
    edit: (s) => {
      groupRule(s, "case-ssh-low", "frankfurt-redis", 22, ["0.0.0.0/1"]);
      groupRule(s, "case-ssh-high", "frankfurt-redis", 22, ["128.0.0.0/1"]);
    },
  },
  {
    rule: "sg-no-public-ingress", title: "the same halves as two inline blocks of one group", stack: "prod", fires: ["sg-no-public-ingress"],
    edit: (s) => openGroup(s, [ssh("0.0.0.0/1"), ssh("128.0.0.0/1")]),
  },
  {
    rule: "sg-no-public-ingress", title: "SSH from ::/1 and 8000::/1", stack: "prod", fires: ["sg-no-public-ingress"],
    edit: (s) => {
      groupRule(s, "case-ssh-low", "frankfurt-kafka", 22, ["::/1"]);
      groupRule(s, "case-ssh-high", "frankfurt-kafka", 22, ["8000::/1"]);
    },
  },
  {
    rule: "sg-no-public-ingress", title: "three public /17s on SSH of one group: more than a /16 together", stack: "prod", fires: ["sg-no-public-ingress"],
    edit: (s) => ["203.0.0.0/17", "203.0.128.0/17", "204.0.0.0/17"].forEach((c, i) => groupRule(s, `case-ssh-${i}`, "frankfurt-redis", 22, [c])),
  },
  {
    rule: "sg-no-public-ingress", title: "three public /17s on SSH spread over two groups, a /16 at most each", stack: "prod", fires: [],
    edit: (s) => ["203.0.0.0/17", "203.0.128.0/17", "204.0.0.0/17"].forEach((c, i) => groupRule(s, `case-ssh-${i}`, i < 2 ? "frankfurt-redis" : "frankfurt-kafka", 22, [c])),
  },
  {
    rule: "sg-no-public-ingress", title: "an office /16 on SSH as two /17s, and all of RFC 1918 on Redis (private space never counts)", stack: "prod", fires: [],
    edit: (s) => openGroup(s, [
      ssh("203.0.0.0/17"), ssh("203.0.128.0/17"),
      { protocol: "tcp", fromPort: 6379, toPort: 6379, cidrBlocks: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] },
    ]),
  },
  {
    rule: "sg-no-public-ingress", title: "the internet in two halves on HTTPS only", stack: "prod", fires: [],
    edit: (s) => openGroup(s, [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"] }]),
  },
  {
    rule: "sg-no-public-ingress", title: "a public /12 on SSH once the user allows a /8's worth", stack: "prod", fires: [],
    config: { "sg-no-public-ingress": { minimumPrefixLength: 8 } },
    edit: (s) => openGroup(s, [ssh("203.0.0.0/12")]),
  },
  {
    rule: "vpc-flow-logs", title: "a second VPC with its own flow log", stack: "prod", fires: [],
    edit: (s) => {
      const vpc = add(s, { type: "aws:ec2/vpc:Vpc", name: "case-vpc", provider: "frankfurt-aws", inputs: { cidrBlock: "10.99.0.0/16", tags: tagsOf("prod", "eu-central-1") } });
      const log = add(s, { type: "aws:ec2/flowLog:FlowLog", name: "case-flow", provider: "frankfurt-aws", inputs: { vpcId: "case-vpc-id", trafficType: "ALL", tags: tagsOf("prod", "eu-central-1") } });
      log.options.dependencies.push(vpc.urn);
    },
  },
  {
    rule: "vpc-flow-logs", title: "flow log removed", stack: "prod", fires: ["vpc-flow-logs"],
    edit: (s) => remove(s, (r) => r.type === "aws:ec2/flowLog:FlowLog" && r.name === "china-net-flow-logs"),
  },
  {
    rule: "vpc-flow-logs", title: "flow log of rejected traffic only", stack: "dev", fires: ["vpc-flow-logs"],
    edit: (s) => { find(s, "aws:ec2/flowLog:FlowLog", "frankfurt-net-flow-logs").inputs.trafficType = "REJECT"; },
  },
  {
    rule: "vpc-flow-logs", title: "a new VPC without a flow log", stack: "dev", fires: ["vpc-flow-logs"],
    edit: (s) => { add(s, { type: "aws:ec2/vpc:Vpc", name: "case-vpc", provider: "frankfurt-aws", inputs: { cidrBlock: "10.99.0.0/16", tags: tagsOf("dev", "eu-central-1") } }); },
  },
  {
    rule: "kms-key-rotation", title: "asymmetric signing key (cannot rotate)", stack: "dev", fires: [],
    edit: (s) => { add(s, { type: KEY, name: "case-signing", provider: "frankfurt-aws", inputs: { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY", tags: tagsOf("dev", "eu-central-1") } }); },
  },
  {
    rule: "kms-key-rotation", title: "rotation off", stack: "prod", fires: ["kms-key-rotation"],
    edit: (s) => { find(s, KEY, "china-eks-secrets").inputs.enableKeyRotation = false; },
  },
  {
    rule: "kms-key-rotation", title: "rotation left out", stack: "dev", fires: ["kms-key-rotation"],
    edit: (s) => { delete find(s, KEY, "frankfurt-redis-data").inputs.enableKeyRotation; },
  },
  {
    rule: "log-group-retention", title: "retention at the 7-day floor", stack: "dev", fires: [],
    edit: (s) => { find(s, LOG_GROUP, "shanghai-eks-control-plane").inputs.retentionInDays = 7; },
  },
  {
    rule: "log-group-retention", title: "retention left out (kept forever)", stack: "prod", fires: ["log-group-retention"],
    edit: (s) => { delete find(s, LOG_GROUP, "china-redis-slow-log").inputs.retentionInDays; },
  },
  {
    rule: "log-group-retention", title: "retention below the floor", stack: "prod", fires: ["log-group-retention"],
    edit: (s) => { find(s, LOG_GROUP, "frankfurt-net-flow-logs").inputs.retentionInDays = 3; },
  },
  {
    rule: "log-group-retention", title: "a 365-day floor from config (CloudWatch.16's default) against dev's 14 days", stack: "dev", fires: ["log-group-retention"],
    config: { "log-group-retention": { minimumDays: 365 } },
    edit: () => undefined,
  },
];
