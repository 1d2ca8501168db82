// Cases of the partition, tagging, production and stack-level rules.
import { expect } from "vitest";
import type { RenderedStack } from "../../../infra/plan/harness";
import { add, find, remove, type PolicyCase } from "../support";

const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const REDIS = "aws:elasticache/replicationGroup:ReplicationGroup";

const tags = (s: RenderedStack, type: string, name: string): Record<string, string> => find(s, type, name).inputs.tags as Record<string, string>;
/** True for a resource deployed through the provider named `provider`. */
const through = (provider: string) => (r: { provider?: string }): boolean => r.provider?.includes(`::${provider}::`) ?? false;
const SERVING = ["aws:ec2/vpc:Vpc", "aws:eks/cluster:Cluster", "aws:eks/nodeGroup:NodeGroup"];

export const platformCases: PolicyCase[] = [
  {
    rule: "partition-no-global-arns", title: "global ARN in a Frankfurt resource", stack: "prod", fires: [],
    edit: (s) => { find(s, ATTACHMENT, "frankfurt-eks-cluster-policy").inputs.policyArn = "arn:aws:iam::aws:policy/AmazonEKSVPCResourceController"; },
  },
  {
    rule: "partition-no-global-arns", title: "global managed-policy ARN in China", stack: "prod", fires: ["partition-no-global-arns"],
    edit: (s) => { find(s, ATTACHMENT, "china-eks-cluster-policy").inputs.policyArn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"; },
  },
  {
    rule: "partition-no-global-arns", title: "China provider assuming a global-partition role", stack: "prod", fires: ["partition-no-global-arns"],
    edit: (s) => { find(s, "pulumi:providers:aws", "china-aws").inputs.assumeRoles = JSON.stringify([{ roleArn: "arn:aws:iam::111122223333:role/deploy" }]); },
  },
  {
    rule: "partition-no-global-arns", title: "China service account annotated with a global role (region from the kubeconfig)", stack: "prod", fires: ["partition-no-global-arns"],
    edit: (s) => {
      add(s, {
        type: "kubernetes:core/v1:ServiceAccount", name: "case-sa", provider: "china-k8s",
        inputs: { metadata: { name: "gateway", namespace: "inference", annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/gateway" } } },
      });
    },
  },
  {
    rule: "required-tags", title: "extra tags beside the required ones; untaggable attachment without tags", stack: "prod", fires: [],
    edit: (s) => {
      tags(s, "aws:eks/cluster:Cluster", "china-eks").costCenter = "ml-42";
      add(s, { type: ATTACHMENT, name: "case-attachment", provider: "frankfurt-aws", inputs: { role: "frankfurt-eks-node", policyArn: "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy" } });
    },
  },
  {
    rule: "required-tags", title: "owner tag dropped", stack: "prod", fires: ["required-tags"],
    edit: (s) => { delete tags(s, "aws:eks/cluster:Cluster", "china-eks").owner; },
  },
  {
    rule: "required-tags", title: "a taggable type with no tags at all", stack: "dev", fires: ["required-tags"],
    edit: (s) => { delete find(s, "aws:cloudwatch/logGroup:LogGroup", "shanghai-redis-slow-log").inputs.tags; },
  },
  {
    rule: "required-tags", title: "an empty project tag", stack: "dev", fires: ["required-tags"],
    edit: (s) => { tags(s, "aws:ec2/subnet:Subnet", "frankfurt-net-private-0").project = ""; },
  },
  {
    rule: "prod-stateful-protected", title: "unprotected KMS key, neither in a stack listed as production nor tagged environment=prod", stack: "prod", fires: [],
    config: { "prod-stateful-protected": { prodStacks: ["production"] } },
    edit: (s) => {
      const key = find(s, "aws:kms/key:Key", "china-eks-secrets");
      key.options.protect = false;
      delete (key.inputs.tags as Record<string, string>).environment;
    },
  },
  {
    rule: "prod-stateful-protected", title: "the same key still tagged environment=prod: production by its tag", stack: "prod", fires: ["prod-stateful-protected"],
    config: { "prod-stateful-protected": { prodStacks: ["production"] } },
    edit: (s) => { find(s, "aws:kms/key:Key", "china-eks-secrets").options.protect = false; },
  },
  {
    rule: "prod-stateful-protected", title: "prod Redis replication group without protect", stack: "prod", fires: ["prod-stateful-protected"],
    edit: (s) => { find(s, "aws:elasticache/replicationGroup:ReplicationGroup", "frankfurt-redis").options.protect = false; },
  },
  {
    rule: "prod-stateful-protected", title: "prod MSK cluster without retainOnDelete", stack: "prod", fires: ["prod-stateful-protected"],
    edit: (s) => { find(s, "aws:msk/cluster:Cluster", "china-kafka").options.retainOnDelete = false; },
  },
  {
    rule: "prod-stateful-protected", title: "prod EKS cluster without protect", stack: "prod", fires: ["prod-stateful-protected"],
    edit: (s) => { find(s, "aws:eks/cluster:Cluster", "frankfurt-eks").options.protect = false; },
  },
  {
    rule: "prod-stateful-protected", title: "prod weights bucket without retainOnDelete", stack: "prod", fires: ["prod-stateful-protected"],
    edit: (s) => { find(s, "aws:s3/bucket:Bucket", "china-weights").options.retainOnDelete = false; },
  },
  {
    rule: "prod-stateful-protected", title: "prod audit log group (EKS control plane) without protect", stack: "prod", fires: ["prod-stateful-protected"],
    edit: (s) => { find(s, "aws:cloudwatch/logGroup:LogGroup", "china-eks-control-plane").options.protect = false; },
  },
  {
    rule: "prod-stateful-protected", title: "prod geo-DNS record and health check without protect", stack: "prod", fires: ["prod-stateful-protected"],
    edit: (s) => {
      find(s, "aws:route53/record:Record", "dns-country-CN").options.protect = false;
      find(s, "aws:route53/healthCheck:HealthCheck", "dns-china").options.protect = false;
    },
  },
  {
    rule: "prod-stateful-protected", title: "dev held to production rules by config", stack: "dev", fires: ["prod-stateful-protected"],
    config: { "prod-stateful-protected": { prodStacks: ["dev", "prod"] } },
    edit: () => undefined,
  },
  {
    rule: "region-complete", title: "a second monitoring release in Frankfurt", stack: "prod", fires: [],
    edit: (s) => {
      add(s, { type: RELEASE, name: "case-kps", provider: "frankfurt-k8s", inputs: { chart: "kube-prometheus-stack", version: "77.0.0", namespace: "observability", values: {} } });
    },
  },
  {
    rule: "region-complete", title: "Frankfurt without its monitoring release", stack: "prod", fires: ["region-complete"],
    edit: (s) => remove(s, (r) => r.type === RELEASE && r.name === "frankfurt-monitoring-kps"),
  },
  {
    rule: "region-complete", title: "Hong Kong without a GPU node group", stack: "dev", fires: ["region-complete"],
    edit: (s) => remove(s, (r) => r.type === "aws:eks/nodeGroup:NodeGroup" && r.name === "shanghai-gpu-g5"),
  },
  {
    rule: "region-complete", title: "a VPC alone in a third region", stack: "prod", fires: ["region-complete"],
    edit: (s) => {
      const vpc = add(s, { type: "aws:ec2/vpc:Vpc", name: "case-vpc", provider: "dns-aws", inputs: { cidrBlock: "10.99.0.0/16", tags: { project: "inference-platform", stack: "prod", region: "us-east-1", owner: "platform-team" } } });
      const log = add(s, { type: "aws:ec2/flowLog:FlowLog", name: "case-flow", provider: "dns-aws", inputs: { vpcId: "case-vpc-id", trafficType: "ALL", tags: vpc.inputs.tags } });
      log.options.dependencies.push(vpc.urn);
    },
  },
  {
    rule: "prod-stateful-protected", title: "dev's single-node, unprotected cache tagged environment=prod: production whatever the stack's name", stack: "dev",
    fires: ["elasticache-automatic-failover", "elasticache-backups", "prod-stateful-protected"],
    edit: (s) => { tags(s, REDIS, "shanghai-redis").environment = "prod"; },
  },
  {
    rule: "prod-stateful-protected", title: "the same cache tagged environment=dev, as the real dev stack has it", stack: "dev", fires: [],
    edit: (s) => { expect(tags(s, REDIS, "shanghai-redis").environment).toBe("dev"); },
  },
  {
    rule: "prod-multi-region", title: "a stack not named prod, tagged environment=prod, serving from Hong Kong alone", stack: "dev", fires: ["prod-multi-region"],
    edit: (s) => {
      remove(s, (r) => SERVING.includes(r.type) && through("frankfurt-aws")(r));
      tags(s, "aws:ec2/vpc:Vpc", "shanghai-net-vpc").environment = "prod";
    },
  },
  {
    rule: "prod-multi-region", title: "dev held to production's two regions (it has them)", stack: "dev", fires: [],
    config: { "prod-multi-region": { prodStacks: ["dev"] } },
    edit: () => undefined,
  },
  {
    rule: "prod-multi-region", title: "prod serving from China alone", stack: "prod", fires: ["prod-multi-region"],
    edit: (s) => remove(s, (r) => SERVING.includes(r.type) && through("frankfurt-aws")(r)),
  },
  {
    rule: "prod-multi-region", title: "three regions required by config", stack: "prod", fires: ["prod-multi-region"],
    config: { "prod-multi-region": { minimumRegions: 3 } },
    edit: () => undefined,
  },
];
