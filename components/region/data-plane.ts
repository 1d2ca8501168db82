// The region's managed Redis and Kafka, publishing their endpoints to the app namespace.
import * as pulumi from "@pulumi/pulumi";
import { KafkaCluster } from "../kafka";
import { ManagedRedis } from "../redis";
import type { DataPlaneHandles, RegionContext } from "./handles";

/** Adds the region's data plane under the region. */
export function buildDataPlane(ctx: RegionContext): DataPlaneHandles {
  const region = ctx.config;
  const opts = { parent: ctx.parent, providers: { kubernetes: ctx.kubernetesProvider } };
  const r = region.redis;
  const k = region.kafka;

  // The region's sections are the components' settings; the rest is wiring.
  const redis = new ManagedRedis(`${ctx.name}-redis`, {
    ...r,
    vpcId: ctx.network.vpcId,
    subnetIds: ctx.network.privateSubnetIds,
    clientSecurityGroupId: ctx.cluster.nodeSecurityGroupId,
    connection: { namespace: ctx.appNamespace },
    retainData: ctx.protectStateful,
    tags: ctx.tags,
  }, opts);

  const kafka = new KafkaCluster(`${ctx.name}-kafka`, {
    ...k,
    region: region.awsRegion,
    vpcId: ctx.network.vpcId,
    subnetIds: ctx.network.privateSubnetIds,
    clientSecurityGroupId: ctx.cluster.nodeSecurityGroupId,
    workloadIdentity: ctx.cluster.workloadIdentity,
    topicsJobNamespace: ctx.appNamespace,
    clientsNamespace: ctx.appNamespace,
    imageMirror: region.imageMirror,
    connection: { namespace: ctx.appNamespace },
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
        // What an application pod `envFrom`s in the application namespace.
        connection: { configMap: redis.connection!.configMapName, secret: redis.connection!.secretName },
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
        connection: { configMap: kafka.connectionConfigMapName!, serviceAccount: kafka.clientServiceAccountName },
      },
    },
    redis: { host: redis.primaryEndpoint, port: redis.port, authToken: redis.authToken },
    redisReplicationGroupId: redis.replicationGroupId,
    redisNodeCount: redis.nodeCount,
    kafkaClusterName: kafka.clusterName,
    kafkaClusterArn: kafka.clusterArn,
    kafkaBrokerCount: kafka.brokerCount,
    kafkaBootstrapBrokers: kafka.bootstrapBrokersIam,
    kafkaRequestTopic: topicOf("requests"),
  };
}
