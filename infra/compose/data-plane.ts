// Composes the region's managed Redis and Kafka and publishes their endpoints to the app namespace.
import * as pulumi from "@pulumi/pulumi";
import { KafkaCluster } from "../../components/kafka";
import { ManagedRedis } from "../../components/redis";
import type { DataPlaneHandles, RegionContext } from "./types";

/** Adds the region's data plane under `ctx.platform`. */
export function composeDataPlane(ctx: RegionContext): DataPlaneHandles {
  const { region, platform } = ctx;
  const opts = { parent: platform, providers: { kubernetes: platform.kubernetesProvider } };
  const r = region.redis;
  const k = region.kafka;

  const redis = new ManagedRedis(`${region.name}-redis`, {
    vpcId: platform.network.vpcId,
    subnetIds: platform.network.privateSubnetIds,
    clientSecurityGroupId: platform.cluster.nodeSecurityGroupId,
    engine: r.engine,
    engineVersion: r.engineVersion,
    nodeType: r.nodeType,
    replicas: r.replicas,
    multiAz: r.multiAz,
    snapshotRetentionDays: r.snapshotRetentionDays,
    snapshotWindow: r.snapshotWindow,
    maintenanceWindow: r.maintenanceWindow,
    evictionPolicy: r.evictionPolicy,
    logRetentionDays: r.logRetentionDays,
    connection: { namespace: platform.appNamespace, cacheTtlSeconds: r.cacheTtlSeconds },
    retainData: ctx.protectStateful,
    tags: ctx.tags,
  }, opts);

  const kafka = new KafkaCluster(`${region.name}-kafka`, {
    region: region.awsRegion,
    vpcId: platform.network.vpcId,
    subnetIds: platform.network.privateSubnetIds,
    clientSecurityGroupId: platform.cluster.nodeSecurityGroupId,
    kafkaVersion: k.kafkaVersion,
    brokerInstanceType: k.brokerInstanceType,
    brokerCount: k.brokerCount,
    volumeSizeGiB: k.volumeSizeGiB,
    maxVolumeSizeGiB: k.maxVolumeSizeGiB,
    storageTargetUtilizationPercent: k.storageTargetUtilizationPercent,
    defaultReplicationFactor: k.defaultReplicationFactor,
    minInsyncReplicas: k.minInsyncReplicas,
    enhancedMonitoring: k.enhancedMonitoring,
    logRetentionDays: k.logRetentionDays,
    topics: k.topics,
    topicsJob: {
      identity: platform.cluster.workloadIdentity,
      namespace: platform.appNamespace,
      imageMirror: region.imageMirror,
      iamAuthJarUrl: k.topicsJob.iamAuthJarUrl,
      iamAuthJarSha256: k.topicsJob.iamAuthJarSha256,
      pruneUndeclared: k.topicsJob.pruneUndeclared,
    },
    clients: {
      identity: platform.cluster.workloadIdentity,
      namespace: platform.appNamespace,
      serviceAccountName: k.clients.serviceAccountName,
      consumerGroupPrefix: k.clients.consumerGroupPrefix,
    },
    connection: { namespace: platform.appNamespace },
    retainData: ctx.protectStateful,
    tags: ctx.tags,
  }, opts);

  const topicOf = (purpose: string) => kafka.topics.find((t) => t.purpose === purpose)!.name;
  return {
    outputs: {
      redis: {
        engine: `${r.engine} ${r.engineVersion}`,
        nodeType: r.nodeType,
        nodes: redis.nodeCount,
        multiAz: r.multiAz,
        snapshotRetentionDays: r.snapshotRetentionDays,
        evictionPolicy: r.evictionPolicy,
        primaryEndpoint: redis.primaryEndpoint,
        readerEndpoint: redis.readerEndpoint,
        port: redis.port,
        // Secret: masked in `pulumi stack output` and in the offline plan.
        authToken: pulumi.secret(redis.authToken),
      },
      kafka: {
        kafkaVersion: k.kafkaVersion,
        brokerInstanceType: k.brokerInstanceType,
        brokers: kafka.brokerCount,
        volumeSizeGiB: k.volumeSizeGiB,
        maxVolumeSizeGiB: k.maxVolumeSizeGiB,
        replicationFactor: k.defaultReplicationFactor,
        minInsyncReplicas: k.minInsyncReplicas,
        clusterArn: kafka.clusterArn,
        bootstrapBrokersIam: kafka.bootstrapBrokersIam,
        topics: kafka.topics.map((t) => ({
          name: t.name, purpose: t.purpose, partitions: t.partitions, replicationFactor: t.replicationFactor, retentionHours: t.retentionHours,
        })),
        topicsJob: kafka.topicsJobName,
        // Inference pods set `serviceAccountName:` to this to authenticate (IAM-only cluster).
        clientServiceAccount: kafka.clientServiceAccountName,
        clientRoleArn: kafka.clientRoleArn,
        consumerGroupPrefix: kafka.consumerGroupPrefix,
      },
    },
    redisReplicationGroupId: redis.replicationGroupId,
    redisNodeCount: redis.nodeCount,
    kafkaClusterName: kafka.clusterName,
    kafkaClusterArn: kafka.clusterArn,
    kafkaBrokerCount: kafka.brokerCount,
    kafkaBootstrapBrokers: kafka.bootstrapBrokersIam,
    kafkaRequestTopic: topicOf("requests"),
  };
}
