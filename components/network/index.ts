import * as pulumi from "@pulumi/pulumi";
import { LogGroup } from "@pulumi/aws/cloudwatch/logGroup";
import { Eip } from "@pulumi/aws/ec2/eip";
import { FlowLog } from "@pulumi/aws/ec2/flowLog";
import { InternetGateway } from "@pulumi/aws/ec2/internetGateway";
import { NatGateway } from "@pulumi/aws/ec2/natGateway";
import { Route } from "@pulumi/aws/ec2/route";
import { RouteTable } from "@pulumi/aws/ec2/routeTable";
import { RouteTableAssociation } from "@pulumi/aws/ec2/routeTableAssociation";
import { Subnet } from "@pulumi/aws/ec2/subnet";
import { Vpc } from "@pulumi/aws/ec2/vpc";
import { VpcEndpoint } from "@pulumi/aws/ec2/vpcEndpoint";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { parseCidr, subnetOf } from "../lib/cidr";
import { assumeRolePolicy, partitionOf } from "../lib/partition";
import { settingsOrRefuse, type InputProblem } from "../lib/problems";
import { namedTags, type Tags } from "../lib/tags";
import { networkSettingsSchema, type NetworkSettings } from "./contract";

export { networkSettingsSchema, type NetworkSettings } from "./contract";

/** Inputs of {@link Network}: its settings (contract.ts, defaults there) and where it goes. */
export interface NetworkArgs extends NetworkSettings {
  /** AWS region the provider deploys to; its partition shapes the flow-log role. */
  region: string;
  /** Exactly three availability zones of `region`. */
  availabilityZones: string[];
  /** Tags on every resource (the required project/stack/region/owner set). */
  tags: Tags;
  /** Prod: the flow-log group (the network's audit trail) gets `protect` and `retainOnDelete`. @default false */
  protectStateful?: boolean;
}

/**
 * A VPC over three AZs: public subnets (load balancers, NAT), private subnets
 * (nodes, Redis, Kafka), NAT egress and VPC flow logs to CloudWatch Logs.
 */
export class Network extends pulumi.ComponentResource {
  /** VPC id. */
  readonly vpcId: pulumi.Output<string>;
  /** VPC CIDR block. */
  readonly cidrBlock: string;
  /** Private subnet ids, one per AZ, in AZ order. */
  readonly privateSubnetIds: pulumi.Output<string>[];
  /** Public subnet ids, one per AZ, in AZ order. */
  readonly publicSubnetIds: pulumi.Output<string>[];
  /** Number of NAT gateways created. */
  readonly natGatewayCount: number;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:network:Network", name, {}, opts);
    const settings = settingsOrRefuse("Network", name, networkSettingsSchema, args, () => zoneProblems(args));
    const parent = { parent: this };
    const tags = args.tags;
    const prefix = parseCidr(settings.cidrBlock)!.prefix;
    const perAz = settings.natGateways === "perAz";
    const partition = partitionOf(args.region);

    const vpc = new Vpc(`${name}-vpc`, {
      cidrBlock: settings.cidrBlock,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: namedTags(tags, `${name}-vpc`),
    }, parent);

    const igw = new InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: namedTags(tags, `${name}-igw`) }, parent);
    const publicRoutes = new RouteTable(`${name}-public`, { vpcId: vpc.id, tags: namedTags(tags, `${name}-public`) }, parent);
    new Route(`${name}-public-default`, {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    }, parent);

    const publicSubnets = args.availabilityZones.map((az, i) => {
      const subnet = new Subnet(`${name}-public-${i}`, {
        vpcId: vpc.id,
        availabilityZone: az,
        cidrBlock: subnetOf(settings.cidrBlock, prefix + 4, 12 + i),
        // Load balancers get public addresses; instances never auto-assign one.
        mapPublicIpOnLaunch: false,
        tags: { ...namedTags(tags, `${name}-public-${az}`), "kubernetes.io/role/elb": "1" },
      }, parent);
      new RouteTableAssociation(`${name}-public-${i}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }, parent);
      return subnet;
    });

    const natCount = perAz ? args.availabilityZones.length : 1;
    const nats = Array.from({ length: natCount }, (_, i) => {
      const eip = new Eip(`${name}-nat-${i}`, { domain: "vpc", tags: namedTags(tags, `${name}-nat-${i}`) }, parent);
      return new NatGateway(`${name}-nat-${i}`, {
        allocationId: eip.id,
        subnetId: publicSubnets[i]!.id,
        tags: namedTags(tags, `${name}-nat-${i}`),
      }, { parent: this, dependsOn: [igw] });
    });

    const privateRouteTableIds: pulumi.Output<string>[] = [];
    const privateSubnets = args.availabilityZones.map((az, i) => {
      const subnet = new Subnet(`${name}-private-${i}`, {
        vpcId: vpc.id,
        availabilityZone: az,
        cidrBlock: subnetOf(settings.cidrBlock, prefix + 2, i),
        tags: { ...namedTags(tags, `${name}-private-${az}`), "kubernetes.io/role/internal-elb": "1" },
      }, parent);
      const routes = new RouteTable(`${name}-private-${i}`, { vpcId: vpc.id, tags: namedTags(tags, `${name}-private-${az}`) }, parent);
      new Route(`${name}-private-${i}-default`, {
        routeTableId: routes.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: nats[perAz ? i : 0]!.id,
      }, parent);
      new RouteTableAssociation(`${name}-private-${i}`, { subnetId: subnet.id, routeTableId: routes.id }, parent);
      privateRouteTableIds.push(routes.id);
      return subnet;
    });

    // Image layers (ECR serves them from S3) and artifacts reach S3 without the
    // NAT: cheaper, and a bucket policy can trust this endpoint alone.
    new VpcEndpoint(`${name}-s3`, {
      vpcId: vpc.id,
      serviceName: s3GatewayServiceName(args.region),
      vpcEndpointType: "Gateway",
      routeTableIds: privateRouteTableIds,
      tags: namedTags(tags, `${name}-s3`),
    }, parent);

    const flowLogGroup = new LogGroup(`${name}-flow-logs`, {
      name: pulumi.interpolate`/vpc/${vpc.id}/flow-logs`,
      retentionInDays: settings.flowLogRetentionDays,
      tags,
    }, { ...parent, protect: args.protectStateful ?? false, retainOnDelete: args.protectStateful ?? false });
    const flowLogRole = new Role(`${name}-flow-logs`, {
      assumeRolePolicy: assumeRolePolicy(partition, ["vpc-flow-logs"]),
      tags,
    }, parent);
    new RolePolicy(`${name}-flow-logs`, {
      role: flowLogRole.id,
      policy: flowLogGroup.arn.apply((arn) => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [arn, `${arn}:*`],
        }],
      })),
    }, parent);
    new FlowLog(`${name}-flow-logs`, {
      vpcId: vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: flowLogGroup.arn,
      iamRoleArn: flowLogRole.arn,
      maxAggregationInterval: 60,
      tags,
    }, parent);

    this.vpcId = vpc.id;
    this.cidrBlock = settings.cidrBlock;
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.natGatewayCount = natCount;
    this.registerOutputs({
      vpcId: this.vpcId,
      privateSubnetIds: this.privateSubnetIds,
      publicSubnetIds: this.publicSubnetIds,
    });
  }
}

/**
 * Service name of the S3 gateway endpoint: China regions prefix it with
 * `cn.` (`cn.com.amazonaws.cn-north-1.s3`), the others do not.
 */
export function s3GatewayServiceName(region: string): string {
  return `${partitionOf(region) === "aws-cn" ? "cn." : ""}com.amazonaws.${region}.s3`;
}

/** Problems with the zones the network spreads over (wiring the settings schema cannot see). */
function zoneProblems(args: NetworkArgs): InputProblem[] {
  const problems: InputProblem[] = [];
  if (args.availabilityZones.length !== 3 || new Set(args.availabilityZones).size !== 3) {
    problems.push({ property: "availabilityZones", reason: "exactly three distinct zones are required" });
  }
  args.availabilityZones.forEach((az, i) => {
    if (!az.startsWith(args.region)) problems.push({ property: `availabilityZones[${i}]`, reason: `"${az}" is not a zone of ${args.region}` });
  });
  return problems;
}
