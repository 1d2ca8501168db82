// What the region's children hand each other: the data plane's ids for monitoring's alarms, the ingress hostname for DNS.
import type * as pulumi from "@pulumi/pulumi";
import type { ChildOutputs } from "./context";

export type { ChildOutputs, RegionContext } from "./context";

/** Handles of the data plane that monitoring watches. */
export interface DataPlaneHandles {
  outputs: ChildOutputs;
  /** ElastiCache replication group id (CloudWatch alarm dimension). */
  redisReplicationGroupId?: pulumi.Output<string>;
  /** The Redis primary endpoint (TLS in transit) and its AUTH token: where the front door counts rate limits. */
  redis?: { host: pulumi.Output<string>; port: number; authToken: pulumi.Output<string> };
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

/** Handles of the regional ingress: the controller that turns the front door's Service into the NLB. */
export interface IngressHandles {
  outputs: ChildOutputs;
  /** The AWS Load Balancer Controller's release. */
  controller: pulumi.Resource;
}

/** Handles of the front door that DNS routes to. */
export interface FrontDoorHandles {
  outputs: ChildOutputs;
  /** Public hostname of the region's load balancer. */
  hostname: pulumi.Output<string>;
}

/** Handles of monitoring. */
export interface MonitoringHandles {
  outputs: ChildOutputs;
  /** KMS-encrypted SNS topic receiving the region's alarms. */
  alarmTopicArn?: pulumi.Output<string>;
  /** In-cluster Prometheus, which KEDA reads the model servers' queues from. */
  prometheusUrl: string;
  /** kube-prometheus-stack release name: the `release` label its Prometheus selects PodMonitors by. */
  prometheusRelease: string;
  /** What brings the PodMonitor CRD (the kube-prometheus-stack release). */
  operatorRelease: pulumi.Resource;
}
