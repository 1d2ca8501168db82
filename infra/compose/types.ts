import type * as pulumi from "@pulumi/pulumi";
import type { Provider as AwsProvider } from "@pulumi/aws/provider";
import type { ChartRegistryAuth } from "../../components/lib/helm";
import type { RegionalPlatform } from "../../components/region";
import type { Tags } from "../../components/lib/tags";
import type { RegionConfig, StackConfig } from "../config";

/** What each region-level composition step receives. */
export interface RegionContext {
  cfg: StackConfig;
  region: RegionConfig;
  /** The region's network, cluster and GPU pools; parent of everything added for the region. */
  platform: RegionalPlatform;
  /** The region's AWS provider (inherited by children of `platform`). */
  awsProvider: AwsProvider;
  /** Required tags of the region. */
  tags: Tags;
  /** True in prod: stateful resources get `protect` and `retainOnDelete`. */
  protectStateful: boolean;
  /** Credentials for the region's chart mirror (an ECR token); pass to every component installing charts. */
  chartRegistryAuth?: ChartRegistryAuth;
}

/** Stack outputs a composition step adds to its region (or to the stack). */
export type StepOutputs = Record<string, pulumi.Input<unknown>>;

/** Handles of the data plane that monitoring watches. */
export interface DataPlaneHandles {
  outputs: StepOutputs;
  /** ElastiCache replication group id (CloudWatch alarm dimension). */
  redisReplicationGroupId?: pulumi.Output<string>;
  /** Nodes of the replication group (cluster mode disabled): members `<id>-001` … publish the per-node metrics alarms watch. */
  redisNodeCount?: number;
  /** MSK cluster name (CloudWatch alarm dimension). */
  kafkaClusterName?: pulumi.Output<string>;
  /** MSK cluster ARN. */
  kafkaClusterArn?: pulumi.Output<string>;
  /** Broker count, for the open-monitoring scrape targets. */
  kafkaBrokerCount?: number;
  /** Bootstrap broker list (`host:port,…`); the open-monitoring scrape derives the broker host names from it. */
  kafkaBootstrapBrokers?: pulumi.Output<string>;
  /** Request topic name whose consumer lag is alerted on. */
  kafkaRequestTopic?: string;
}

/** Handles of the regional ingress that DNS routes to. */
export interface IngressHandles {
  outputs: StepOutputs;
  /** Public hostname of the region's load balancer. */
  hostname?: pulumi.Output<string>;
}

/** Handles of monitoring. */
export interface MonitoringHandles {
  outputs: StepOutputs;
  /** KMS-encrypted SNS topic receiving the region's alarms. */
  alarmTopicArn?: pulumi.Output<string>;
}
