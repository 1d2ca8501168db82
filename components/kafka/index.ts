import * as pulumi from "@pulumi/pulumi";
import { Policy } from "@pulumi/aws/appautoscaling/policy";
import { Target } from "@pulumi/aws/appautoscaling/target";
import { LogGroup } from "@pulumi/aws/cloudwatch/logGroup";
import { SecurityGroup } from "@pulumi/aws/ec2/securityGroup";
import { Cluster } from "@pulumi/aws/msk/cluster";
import { Configuration } from "@pulumi/aws/msk/configuration";
import { SecurityGroupIngressRule } from "@pulumi/aws/vpc/securityGroupIngressRule";
import { ConfigMap } from "@pulumi/kubernetes/core/v1/configMap";
import { propertyPath } from "../lib/contract";
import { stackScopedName } from "../lib/naming";
import { partitionOf } from "../lib/partition";
import { settingsOrRefuse, type InputProblem } from "../lib/problems";
import { rotatingKey } from "../lib/kms";
import { namedTags, type Tags } from "../lib/tags";
import type { WorkloadIdentity } from "../lib/workload-identity";
import { clientIdentity } from "./client-identity";
import { kafkaRegionProblems, kafkaSettingsSchema, mskClusterNameProblem, type KafkaSettings, type ResolvedKafkaSettings } from "./contract";
import { serverProperties } from "./server-properties";
import { topicsJob } from "./topics-job";
import { resolveTopics, type ResolvedTopic } from "./topics";

export {
  kafkaProdProblems, kafkaRegionProblems, kafkaSettingsSchema, type KafkaSettings, type ResolvedKafkaSettings,
} from "./contract";

/** Settings of the Job creating and keeping the topics (`KafkaClusterArgs.topicsJob`). */
export type KafkaTopicsJobArgs = NonNullable<KafkaSettings["topicsJob"]>;
/** Settings of the inference workloads' Kafka identity (`KafkaClusterArgs.clients`). */
export type KafkaClientsArgs = NonNullable<KafkaSettings["clients"]>;

/** MSK port of SASL/IAM over TLS: the only client listener this cluster opens. */
const IAM_PORT = 9098;

/** AZs the brokers spread over: one private subnet each. */
const ZONES = 3;

/** Inputs of {@link KafkaCluster}: its settings (contract.ts, defaults there) and what connects it. */
export interface KafkaClusterArgs extends KafkaSettings {
  /** AWS region of the provider; its partition shapes ARNs and principals. */
  region: string;
  /** VPC of the private subnets. */
  vpcId: pulumi.Input<string>;
  /** Exactly three private subnets, one per AZ; brokers spread evenly over them. */
  subnetIds: pulumi.Input<string>[];
  /** The only security group admitted to the brokers (the EKS nodes'). */
  clientSecurityGroupId: pulumi.Input<string>;
  /** How the EKS cluster binds IAM roles to service accounts (`EksCluster.workloadIdentity`), for the topics Job and the clients. */
  workloadIdentity: WorkloadIdentity;
  /** Namespace of the topics Job and its service account (needs a Kubernetes provider in opts). */
  topicsJobNamespace: pulumi.Input<string>;
  /** Namespace of the inference workloads, where their Kafka service account lives. */
  clientsNamespace: pulumi.Input<string>;
  /** Registry mirroring docker.io for the topics Job's images (required in China). @default upstream docker.io */
  imageMirror?: string;
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
  /** Name of the published ConfigMap (pods `envFrom` it); undefined when not published. */
  readonly connectionConfigMapName?: pulumi.Output<string>;

  constructor(name: string, args: KafkaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:data:KafkaCluster", name, {}, opts);
    // Physical names are unique per account and region: the stack comes first so dev and prod can share an account.
    const clusterName = stackScopedName(name);
    const settings = settingsOrRefuse("KafkaCluster", name, kafkaSettingsSchema, args, (set) => wiringProblems(args, set, clusterName));
    const { kafkaVersion, brokerCount, volumeSizeGiB } = settings;
    // The version is in the name: a new version replaces the configuration (create first, then delete the old one).
    const configurationName = stackScopedName(`${name}-${kafkaVersion.replace(/\./g, "-")}`);
    const parent = { parent: this };
    const tags = args.tags;
    const retain = args.retainData ?? false;
    this.topics = resolveTopics(settings.topics, settings);

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
      serverProperties: serverProperties(settings),
    }, parent);

    const brokerLogs = new LogGroup(`${name}-brokers`, {
      name: `/aws/msk/${clusterName}/brokers`,
      retentionInDays: settings.logRetentionDays,
      tags,
    }, { ...parent, protect: retain, retainOnDelete: retain });

    const cluster = new Cluster(name, {
      clusterName,
      kafkaVersion,
      numberOfBrokerNodes: brokerCount,
      brokerNodeGroupInfo: {
        instanceType: settings.brokerInstanceType,
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
      enhancedMonitoring: settings.enhancedMonitoring,
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
      maxCapacity: settings.maxVolumeSizeGiB,
      tags: namedTags(tags, `${name}-storage`),
    }, parent);
    new Policy(`${name}-storage`, {
      policyType: "TargetTrackingScaling",
      serviceNamespace: storage.serviceNamespace,
      scalableDimension: storage.scalableDimension,
      resourceId: storage.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: "KafkaBrokerStorageUtilization" },
        targetValue: settings.storageTargetUtilizationPercent,
        // MSK cannot shrink volumes.
        disableScaleIn: true,
      },
    }, parent);

    const job = topicsJob(name, {
      region: args.region,
      identity: args.workloadIdentity,
      namespace: args.topicsJobNamespace,
      clusterArn: cluster.arn,
      bootstrapServers: cluster.bootstrapBrokersSaslIam,
      topics: this.topics,
      pruneUndeclared: settings.topicsJob.pruneUndeclared,
      imageMirror: args.imageMirror,
      iamAuthJarUrl: settings.topicsJob.iamAuthJarUrl,
      iamAuthJarSha256: settings.topicsJob.iamAuthJarSha256,
      tags,
    }, parent);

    const { consumerGroupPrefix } = settings.clients;
    const client = clientIdentity(name, {
      region: args.region,
      identity: args.workloadIdentity,
      namespace: args.clientsNamespace,
      serviceAccountName: settings.clients.serviceAccountName,
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
      this.connectionConfigMapName = new ConfigMap(`${name}-connection`, {
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
      }, parent).metadata.name;
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

/** Rules on what connects the cluster, which the settings schema cannot see. */
function wiringProblems(args: KafkaClusterArgs, settings: ResolvedKafkaSettings, clusterName: string): InputProblem[] {
  const partition = partitionOf(args.region);
  const problems: InputProblem[] = [];
  if (args.subnetIds.length !== ZONES) {
    problems.push({ property: "subnetIds", reason: `brokers spread over exactly ${ZONES} AZs: give one private subnet per AZ (got ${args.subnetIds.length})` });
  }
  for (const p of kafkaRegionProblems(settings, { zones: ZONES, partition })) problems.push({ property: propertyPath(p.path), reason: p.message });
  if (partition === "aws-cn" && !args.imageMirror) problems.push({ property: "imageMirror", reason: "required in the aws-cn partition: nodes in China cannot pull from docker.io" });
  const nameProblem = mskClusterNameProblem(clusterName);
  if (nameProblem) problems.push({ property: "name", reason: nameProblem });
  return problems;
}
