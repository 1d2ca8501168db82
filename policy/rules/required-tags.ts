import { REQUIRED_TAG_KEYS } from "../../components/lib/tags";
import { configWithDefaults } from "../lib/config";
import { record, text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

const defaults = { requiredKeys: [...REQUIRED_TAG_KEYS] as string[] };

/**
 * AWS types the platform uses (or is likely to) that take `tags`, so a
 * resource that leaves `tags` out entirely is still caught. Any other AWS
 * resource that passes `tags` is checked too. test/policy keeps this list in
 * step with @pulumi/aws for every type the real stacks render.
 */
export const TAGGABLE_TYPES: readonly string[] = [
  "aws:acm/certificate:Certificate",
  "aws:amp/workspace:Workspace",
  "aws:appautoscaling/target:Target",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:cloudwatch/metricAlarm:MetricAlarm",
  "aws:ebs/volume:Volume",
  "aws:ec2/eip:Eip",
  "aws:ec2/flowLog:FlowLog",
  "aws:ec2/instance:Instance",
  "aws:ec2/internetGateway:InternetGateway",
  "aws:ec2/launchTemplate:LaunchTemplate",
  "aws:ec2/natGateway:NatGateway",
  "aws:ec2/routeTable:RouteTable",
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:ec2/subnet:Subnet",
  "aws:ec2/vpc:Vpc",
  "aws:ec2/vpcEndpoint:VpcEndpoint",
  "aws:ecr/repository:Repository",
  "aws:eks/accessEntry:AccessEntry",
  "aws:eks/addon:Addon",
  "aws:eks/cluster:Cluster",
  "aws:eks/nodeGroup:NodeGroup",
  "aws:eks/podIdentityAssociation:PodIdentityAssociation",
  "aws:elasticache/parameterGroup:ParameterGroup",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:elasticache/subnetGroup:SubnetGroup",
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
  "aws:iam/policy:Policy",
  "aws:iam/role:Role",
  "aws:kms/key:Key",
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:msk/cluster:Cluster",
  "aws:route53/healthCheck:HealthCheck",
  "aws:route53/zone:Zone",
  "aws:s3/bucket:Bucket",
  "aws:secretsmanager/secret:Secret",
  "aws:sns/topic:Topic",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
];

/**
 * Cost reports, the on-call rota and the cleanup of a torn-down stack all find
 * resources by tag. Each resource carries the required set itself: provider
 * default tags are a backstop, but they are not visible in the plan and do not
 * reach every resource type (Auto Scaling instances, EKS node volumes).
 */
export const requiredTags: PlatformResourceRule = {
  name: "required-tags",
  description: "Every taggable AWS resource carries the project, stack, region and owner tags, non-empty.",
  control: "AWS Security Hub Resource Tagging Standard (e.g. EKS.6, with requiredTagKeys)",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      requiredKeys: { type: "array", items: { type: "string" }, default: defaults.requiredKeys, description: "Tag keys every taggable resource must carry." },
    },
  },
  validateResource: (args, report) => {
    const hasTags = Object.prototype.hasOwnProperty.call(args.props, "tags");
    if (!args.type.startsWith("aws:") || (!hasTags && !TAGGABLE_TYPES.includes(args.type))) args.notApplicable("not a taggable AWS resource");
    const { requiredKeys } = configWithDefaults(args, defaults);
    const tags = record(args.props.tags) ?? {};
    const missing = requiredKeys.filter((k) => (text(tags[k]) ?? "").trim() === "");
    if (missing.length > 0) report(`tags lack ${missing.join(", ")} (required: ${requiredKeys.join(", ")}); pass the region's tags explicitly.`);
  },
};
