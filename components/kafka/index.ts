import * as pulumi from "@pulumi/pulumi";
import { Policy } from "@pulumi/aws/appautoscaling/policy";
import { Target } from "@pulumi/aws/appautoscaling/target";
import { LogGroup } from "@pulumi/aws/cloudwatch/logGroup";
import { SecurityGroup } from "@pulumi/aws/ec2/securityGroup";
import { Cluster } from "@pulumi/aws/msk/cluster";
import { Configuration } from "@pulumi/aws/msk/configuration";
import { SecurityGroupIngressRule } from "@pulumi/aws/vpc/securityGroupIngressRule";
import { ConfigMap } from "@pulumi/kubernetes/core/v1/configMap";
import { stackScopedName } from "../lib/naming";
import { refuseInputs } from "../lib/problems";
import { rotatingKey } from "../lib/kms";
import { namedTags, type Tags } from "../lib/tags";
import type { WorkloadIdentity } from "../lib/workload-identity";
import { DEFAULT_CLIENT_SERVICE_ACCOUNT, DEFAULT_CONSUMER_GROUP_PREFIX, mskClusterNameProblem, validateKafkaClusterArgs } from "./args";
import { clientIdentity } from "./client-identity";
import { serverProperties } from "./server-properties";
import { topicsJob } from "./topics-job";
import { MSK_IAM_AUTH_JAR_URL } from "./topics-script";
import { resolveTopics, type KafkaTopic, type ResolvedTopic } from "./topics";

/** MSK port of SASL/IAM over TLS: the only client listener this cluster opens. */
const IAM_PORT = 9098;

/** How the declared topics are created and kept: a Job in the EKS cluster. */
export interface KafkaTopicsJobArgs {
  /** How the EKS cluster running the Job binds IAM roles to service accounts (`EksCluster.workloadIdentity`). */
  identity: WorkloadIdentity;
  /** Namespace of the Job and its service account. */
  namespace: pulumi.Input<string>;
  /** Registry mirroring docker.io (required in China). @default upstream docker.io */
  imageMirror?: string;
  /** https URL of the aws-msk-iam-auth "all" jar (host a copy in China). @default Maven Central, v2.3.4 */
  iamAuthJarUrl?: string;
  /** sha256 the jar must have. @default "" (not verified) */
  iamAuthJarSha256?: string;
  /** Delete topics that are no longer declared (never `__*`). Data loss: opt in explicitly. @default false */
  pruneUndeclared?: boolean;
}

/** The identity inference workloads use for Kafka (the cluster admits IAM clients only). */
export interface KafkaClientsArgs {
  /** How the EKS cluster binds IAM roles to service accounts (`EksCluster.workloadIdentity`). */
  identity: WorkloadIdentity;
  /** Namespace of the inference workloads, where the service account lives. */
  namespace: pulumi.Input<string>;
  /** Service account pods name in `serviceAccountName:`; not `default`, not `kafka-topics`. @default "inference-kafka-client" */
  serviceAccountName?: string;
  /** Consumer group ids the role may join start with this (no wildcards). @default "inference-" */
  consumerGroupPrefix?: string;
}

/** Inputs of {@link KafkaCluster}. */
export interface KafkaClusterArgs {
  /** AWS region of the provider; its partition shapes ARNs and principals. */
  region: string;
  /** VPC of the private subnets. */
  vpcId: pulumi.Input<string>;
  /** Exactly three private subnets, one per AZ; brokers spread evenly over them. */
  subnetIds: pulumi.Input<string>[];
  /** The only security group admitted to the brokers (the EKS nodes'). */
  clientSecurityGroupId: pulumi.Input<string>;
  /** MSK Kafka version. @default "3.8.x" */
  kafkaVersion?: string;
  /** Broker type (kafka.t3, kafka.m5, kafka.m7g). @default "kafka.m5.large" */
  brokerInstanceType?: string;
  /** Brokers, a multiple of the AZ count (3). @default 3 */
  brokerCount?: number;
  /** Initial EBS storage per broker in GiB. @default 100 */
  volumeSizeGiB?: number;
  /** Storage autoscaling ceiling per broker in GiB (≤ 16384). @default 1000 */
  maxVolumeSizeGiB?: number;
  /** Disk utilisation that triggers a storage scale-out, 10–80 %. @default 60 */
  storageTargetUtilizationPercent?: number;
  /** `default.replication.factor`, at most the broker count. @default 3 */
  defaultReplicationFactor?: number;
  /** `min.insync.replicas`, below the replication factor. @default 2 */
  minInsyncReplicas?: number;
  /** CloudWatch metrics level. @default "PER_TOPIC_PER_BROKER" */
  enhancedMonitoring?: "DEFAULT" | "PER_BROKER" | "PER_TOPIC_PER_BROKER" | "PER_TOPIC_PER_PARTITION";
  /** Days broker logs are kept in CloudWatch Logs. @default 30 */
  logRetentionDays?: number;
  /** Declared topics: one each for requests, results and deadLetter, any number of others. */
  topics: KafkaTopic[];
  /** The Job creating and keeping the topics (needs a Kubernetes provider in opts). */
  topicsJob: KafkaTopicsJobArgs;
  /** Service account and IAM role of the inference workloads: produce/consume the declared topics (needs a Kubernetes provider in opts). */
  clients: KafkaClientsArgs;
  /** Publish bootstrap brokers and topic names as a ConfigMap in this namespace. @default not published */
  connection?: { namespace: pulumi.Input<string>; configMapName?: string };
  /** Protect the cluster and its KMS key and keep them when removed from the stack (prod). @default false */
  retainData?: boolean;
  /** Tags on every AWS resource. */
  tags: Tags;
}

/**
 * Amazon MSK (provisioned), secure by default: brokers spread over three AZs,
 * TLS between clients and brokers and inside the cluster, KMS at rest, IAM
 * client authentication only, durable server properties, broker logs in
 * CloudWatch, Prometheus open monitoring, storage autoscaling, the declared
 * topics created by an in-cluster Job, and the service account inference pods
 * authenticate with (read/write on those topics only).
 */
export class KafkaCluster extends pulumi.ComponentResource {
  /** Cluster ARN. */
  readonly clusterArn: pulumi.Output<string>;
  /** Cluster name (CloudWatch alarm dimension). */
  readonly clusterName: pulumi.Output<string>;
  /** Bootstrap brokers for SASL/IAM over TLS (port 9098). */
  readonly bootstrapBrokersIam: pulumi.Output<string>;
  /** Broker count. */
  readonly brokerCount: number;
  /** Declared topics with defaults filled in. */
  readonly topics: ResolvedTopic[];
  /** Security group of the brokers. */
  readonly securityGroupId: pulumi.Output<string>;
  /** KMS key encrypting broker storage. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** Name of the Job applying the current topic list. */
  readonly topicsJobName: pulumi.Output<string>;
  /** Service account of the inference workloads (exists only once its role is bound and permitted). */
  readonly clientServiceAccountName: pulumi.Output<string>;
  /** IAM role behind that service account. */
  readonly clientRoleArn: pulumi.Output<string>;
  /** Start of the consumer group ids that service account may join. */
  readonly consumerGroupPrefix: string;

  constructor(name: string, args: KafkaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:data:KafkaCluster", name, {}, opts);
    const kafkaVersion = args.kafkaVersion ?? "3.8.x";
    // Physical names are unique per account and region: the stack comes first so dev and prod can share an account.
    const clusterName = stackScopedName(name);
    // The version is in the name: a new version replaces the configuration (create first, then delete the old one).
    const configurationName = stackScopedName(`${name}-${kafkaVersion.replace(/\./g, "-")}`);
    const nameProblem = mskClusterNameProblem(clusterName);
    refuseInputs("KafkaCluster", name, [
      ...validateKafkaClusterArgs(args),
      ...(nameProblem ? [{ property: "name", reason: nameProblem }] : []),
    ]);
    const parent = { parent: this };
    const tags = args.tags;
    const retain = args.retainData ?? false;
    const brokerCount = args.brokerCount ?? 3;
    const volumeSizeGiB = args.volumeSizeGiB ?? 100;
    const guarantees = { defaultReplicationFactor: args.defaultReplicationFactor ?? 3, minInsyncReplicas: args.minInsyncReplicas ?? 2 };
    this.topics = resolveTopics(args.topics, guarantees);

    const key = rotatingKey(`${name}-data`, {
      description: `Encryption at rest of the ${name} broker storage`,
      tags: namedTags(tags, `${name}-data`),
    }, { parent: this, protect: retain, retainOnDelete: retain });

    const securityGroup = new SecurityGroup(name, {
      vpcId: args.vpcId,
      description: `${name}: Kafka IAM listener and metrics from the EKS nodes only`,
      tags: namedTags(tags, name),
    }, parent);
    const admit = (rule: string, fromPort: number, toPort: number, description: string) => new SecurityGroupIngressRule(`${name}-${rule}`, {
      securityGroupId: securityGroup.id,
      referencedSecurityGroupId: args.clientSecurityGroupId,
      ipProtocol: "tcp",
      fromPort,
      toPort,
      description,
      tags: namedTags(tags, `${name}-${rule}`),
    }, parent);
    admit("iam-from-nodes", IAM_PORT, IAM_PORT, "Kafka SASL/IAM over TLS from the EKS nodes");
    admit("metrics-from-nodes", 11001, 11002, "Prometheus JMX and node exporters from the EKS nodes");

    const configuration = new Configuration(name, {
      name: configurationName,
      description: `Durable broker defaults of ${name}`,
      kafkaVersions: [kafkaVersion],
      serverProperties: serverProperties(guarantees),
    }, parent);

    const brokerLogs = new LogGroup(`${name}-brokers`, {
      name: `/aws/msk/${clusterName}/brokers`,
      retentionInDays: args.logRetentionDays ?? 30,
      tags,
    }, parent);

    const cluster = new Cluster(name, {
      clusterName,
      kafkaVersion,
      numberOfBrokerNodes: brokerCount,
      brokerNodeGroupInfo: {
        instanceType: args.brokerInstanceType ?? "kafka.m5.large",
        clientSubnets: args.subnetIds,
        securityGroups: [securityGroup.id],
        storageInfo: { ebsStorageInfo: { volumeSize: volumeSizeGiB } },
        connectivityInfo: { publicAccess: { type: "DISABLED" } },
      },
      clientAuthentication: { sasl: { iam: true, scram: false }, unauthenticated: false },
      encryptionInfo: {
        encryptionAtRestKmsKeyArn: key.arn,
        encryptionInTransit: { clientBroker: "TLS", inCluster: true },
      },
      configurationInfo: { arn: configuration.arn, revision: configuration.latestRevision },
      loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: brokerLogs.name } } },
      openMonitoring: { prometheus: { jmxExporter: { enabledInBroker: true }, nodeExporter: { enabledInBroker: true } } },
      enhancedMonitoring: args.enhancedMonitoring ?? "PER_TOPIC_PER_BROKER",
      tags: namedTags(tags, name),
    }, {
      parent: this,
      protect: retain,
      retainOnDelete: retain,
      // Storage autoscaling grows the volumes; the stack must not shrink them back.
      ignoreChanges: ["brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize"],
      customTimeouts: { create: "120m", update: "120m", delete: "120m" },
    });

    const storage = new Target(`${name}-storage`, {
      serviceNamespace: "kafka",
      scalableDimension: "kafka:broker-storage:VolumeSize",
      resourceId: cluster.arn,
      minCapacity: volumeSizeGiB,
      maxCapacity: args.maxVolumeSizeGiB ?? 1000,
      tags: namedTags(tags, `${name}-storage`),
    }, parent);
    new Policy(`${name}-storage`, {
      policyType: "TargetTrackingScaling",
      serviceNamespace: storage.serviceNamespace,
      scalableDimension: storage.scalableDimension,
      resourceId: storage.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: "KafkaBrokerStorageUtilization" },
        targetValue: args.storageTargetUtilizationPercent ?? 60,
        // MSK cannot shrink volumes.
        disableScaleIn: true,
      },
    }, parent);

    const job = topicsJob(name, {
      region: args.region,
      identity: args.topicsJob.identity,
      namespace: args.topicsJob.namespace,
      clusterArn: cluster.arn,
      bootstrapServers: cluster.bootstrapBrokersSaslIam,
      topics: this.topics,
      pruneUndeclared: args.topicsJob.pruneUndeclared ?? false,
      imageMirror: args.topicsJob.imageMirror,
      iamAuthJarUrl: args.topicsJob.iamAuthJarUrl ?? MSK_IAM_AUTH_JAR_URL,
      iamAuthJarSha256: args.topicsJob.iamAuthJarSha256 ?? "",
      tags,
    }, parent);

    const consumerGroupPrefix = args.clients.consumerGroupPrefix ?? DEFAULT_CONSUMER_GROUP_PREFIX;
    const client = clientIdentity(name, {
      region: args.region,
      identity: args.clients.identity,
      namespace: args.clients.namespace,
      serviceAccountName: args.clients.serviceAccountName ?? DEFAULT_CLIENT_SERVICE_ACCOUNT,
      consumerGroupPrefix,
      clusterArn: cluster.arn,
      topicNames: this.topics.map((t) => t.name),
      tags,
    }, parent);

    this.clusterArn = cluster.arn;
    this.clusterName = cluster.clusterName;
    this.bootstrapBrokersIam = cluster.bootstrapBrokersSaslIam;
    this.brokerCount = brokerCount;
    this.securityGroupId = securityGroup.id;
    this.kmsKeyArn = key.arn;
    this.topicsJobName = job.metadata.name;
    this.clientServiceAccountName = client.serviceAccount.metadata.name;
    this.clientRoleArn = client.role.arn;
    this.consumerGroupPrefix = consumerGroupPrefix;

    if (args.connection) {
      const topic = (purpose: string) => this.topics.find((t) => t.purpose === purpose)!.name;
      new ConfigMap(`${name}-connection`, {
        metadata: {
          name: args.connection.configMapName ?? "kafka-connection",
          namespace: args.connection.namespace,
          labels: { "app.kubernetes.io/part-of": "inference-platform", "app.kubernetes.io/component": "kafka" },
        },
        data: {
          KAFKA_BOOTSTRAP_SERVERS: this.bootstrapBrokersIam,
          KAFKA_SECURITY_PROTOCOL: "SASL_SSL",
          KAFKA_SASL_MECHANISM: "AWS_MSK_IAM",
          KAFKA_TOPIC_REQUESTS: topic("requests"),
          KAFKA_TOPIC_RESULTS: topic("results"),
          KAFKA_TOPIC_DEAD_LETTER: topic("deadLetter"),
          // Pods run as this account (`serviceAccountName:`) to authenticate, and name their consumer groups with the prefix.
          KAFKA_CLIENT_SERVICE_ACCOUNT: this.clientServiceAccountName,
          KAFKA_CONSUMER_GROUP_PREFIX: consumerGroupPrefix,
        },
      }, parent);
    }

    this.registerOutputs({
      clusterArn: this.clusterArn,
      clusterName: this.clusterName,
      bootstrapBrokersIam: this.bootstrapBrokersIam,
      topicsJobName: this.topicsJobName,
      clientServiceAccountName: this.clientServiceAccountName,
      clientRoleArn: this.clientRoleArn,
    });
  }
}
