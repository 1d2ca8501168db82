import * as pulumi from "@pulumi/pulumi";
import { LogGroup } from "@pulumi/aws/cloudwatch/logGroup";
import { SecurityGroup } from "@pulumi/aws/ec2/securityGroup";
import { ParameterGroup } from "@pulumi/aws/elasticache/parameterGroup";
import { ReplicationGroup } from "@pulumi/aws/elasticache/replicationGroup";
import { SubnetGroup } from "@pulumi/aws/elasticache/subnetGroup";
import { SecurityGroupIngressRule } from "@pulumi/aws/vpc/securityGroupIngressRule";
import { ConfigMap } from "@pulumi/kubernetes/core/v1/configMap";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { stackScopedName } from "../lib/naming";
import { settingsOrRefuse } from "../lib/problems";
import { rotatingKey } from "../lib/kms";
import { namedTags, type Tags } from "../lib/tags";
import { redisSettingsSchema, replicationGroupIdProblem, type RedisSettings } from "./contract";
import { cacheParameters, parameterGroupFamily } from "./parameters";

export { redisProdProblems, redisSettingsSchema, type RedisSettings, type ResolvedRedisSettings } from "./contract";
export type { EvictionPolicy, RedisEngine } from "./parameters";

/** Where ManagedRedis publishes its endpoints and AUTH token inside the Kubernetes cluster. */
export interface RedisConnectionArgs {
  /** Namespace of the Secret and ConfigMap (the application namespace). */
  namespace: pulumi.Input<string>;
  /** ConfigMap with host, reader host, port, TLS flag and cache TTL. @default "redis-connection" */
  configMapName?: string;
  /** Secret with `REDIS_AUTH_TOKEN`. @default "redis-auth" */
  secretName?: string;
}

/** Inputs of {@link ManagedRedis}: its settings (contract.ts, defaults there) and what connects it. */
export interface ManagedRedisArgs extends RedisSettings {
  /** VPC of the private subnets. */
  vpcId: pulumi.Input<string>;
  /** Private subnets (one per AZ) of the cache's own subnet group. */
  subnetIds: pulumi.Input<string>[];
  /** The only security group admitted on the Redis port (the EKS nodes'). */
  clientSecurityGroupId: pulumi.Input<string>;
  /** Publish endpoints and AUTH token to this namespace (needs a Kubernetes provider in opts). @default not published */
  connection?: RedisConnectionArgs;
  /** Protect the replication group and its KMS key and keep them when removed from the stack (prod). @default false */
  retainData?: boolean;
  /** Tags on every AWS resource. */
  tags: Tags;
}

/**
 * ElastiCache (Redis OSS 7 / Valkey) for sessions and the response cache,
 * secure by default: KMS encryption at rest, TLS required in transit, AUTH
 * token from @pulumi/random (a secret everywhere), its own subnet group and a
 * security group admitting only the cluster's nodes, Multi-AZ with automatic
 * failover, daily snapshots, slow/engine logs in CloudWatch Logs.
 */
export class ManagedRedis extends pulumi.ComponentResource {
  /** Primary endpoint host (writes). */
  readonly primaryEndpoint: pulumi.Output<string>;
  /** Reader endpoint host (load-balanced over the replicas). */
  readonly readerEndpoint: pulumi.Output<string>;
  /** TCP port. */
  readonly port: number;
  /** AUTH token, secret. */
  readonly authToken: pulumi.Output<string>;
  /** Replication group id (CloudWatch alarm dimension). */
  readonly replicationGroupId: pulumi.Output<string>;
  /** Security group of the cache nodes. */
  readonly securityGroupId: pulumi.Output<string>;
  /** KMS key encrypting the data at rest. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** Nodes in the group (primary plus replicas). */
  readonly nodeCount: number;
  /** Names of the published ConfigMap and Secret (pods `envFrom` them); undefined when not published. */
  readonly connection?: { configMapName: pulumi.Output<string>; secretName: pulumi.Output<string> };

  constructor(name: string, args: ManagedRedisArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:data:ManagedRedis", name, {}, opts);
    // Physical names are unique per account and region: the stack comes first so dev and prod can share an account.
    const groupId = stackScopedName(name);
    const settings = settingsOrRefuse("ManagedRedis", name, redisSettingsSchema, args, (set) => {
      const idProblem = replicationGroupIdProblem(groupId);
      return [
        ...(set.multiAz && args.subnetIds.length < 2 ? [{ property: "subnetIds", reason: "Multi-AZ needs subnets in at least two AZs" }] : []),
        ...(idProblem ? [{ property: "name", reason: idProblem }] : []),
      ];
    });
    const parent = { parent: this };
    const tags = args.tags;
    const { engine, engineVersion, replicas, multiAz, port } = settings;
    const retain = args.retainData ?? false;
    const family = parameterGroupFamily(engine, engineVersion);

    const key = rotatingKey(`${name}-data`, {
      description: `Encryption at rest of the ${name} replication group and its snapshots`,
      tags: namedTags(tags, `${name}-data`),
    }, { parent: this, protect: retain, retainOnDelete: retain });

    const subnetGroup = new SubnetGroup(name, {
      name: groupId,
      description: `Private subnets of ${name}`,
      subnetIds: args.subnetIds,
      tags: namedTags(tags, name),
    }, parent);

    const securityGroup = new SecurityGroup(name, {
      vpcId: args.vpcId,
      description: `${name}: Redis port from the EKS nodes only`,
      tags: namedTags(tags, name),
    }, parent);
    new SecurityGroupIngressRule(`${name}-from-nodes`, {
      securityGroupId: securityGroup.id,
      referencedSecurityGroupId: args.clientSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description: "Redis over TLS from the EKS nodes",
      tags: namedTags(tags, `${name}-from-nodes`),
    }, parent);

    // The family is in the name so an engine upgrade creates the new group before dropping the old one.
    const parameterGroup = new ParameterGroup(`${name}-${family}`, {
      name: `${groupId}-${family}`,
      family,
      // Static: a changed description would replace the group, whose name is fixed.
      description: "Response cache and sessions of the inference platform",
      parameters: cacheParameters(settings.evictionPolicy),
      tags: namedTags(tags, `${name}-${family}`),
    }, parent);

    const logGroup = (logType: "slow-log" | "engine-log") => new LogGroup(`${name}-${logType}`, {
      name: `/aws/elasticache/${groupId}/${logType}`,
      retentionInDays: settings.logRetentionDays,
      tags,
    }, { ...parent, protect: retain, retainOnDelete: retain });
    const slowLog = logGroup("slow-log");
    const engineLog = logGroup("engine-log");

    // Alphanumeric only: AUTH tokens refuse spaces, quotes, "/" and "@".
    const password = new RandomPassword(`${name}-auth`, { length: 64, special: false }, { parent: this, additionalSecretOutputs: ["result"] });
    this.authToken = pulumi.secret(password.result);

    const group = new ReplicationGroup(name, {
      replicationGroupId: groupId,
      description: `Sessions and 30 s response cache (${name})`,
      engine,
      engineVersion,
      nodeType: settings.nodeType,
      port,
      numCacheClusters: 1 + replicas,
      automaticFailoverEnabled: replicas > 0,
      multiAzEnabled: multiAz,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [securityGroup.id],
      parameterGroupName: parameterGroup.name,
      atRestEncryptionEnabled: true,
      kmsKeyId: key.arn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      authToken: this.authToken,
      authTokenUpdateStrategy: "ROTATE",
      autoMinorVersionUpgrade: true,
      maintenanceWindow: settings.maintenanceWindow,
      snapshotWindow: settings.snapshotWindow,
      snapshotRetentionLimit: settings.snapshotRetentionDays,
      logDeliveryConfigurations: [
        { destination: slowLog.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" },
        { destination: engineLog.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "engine-log" },
      ],
      tags: namedTags(tags, name),
    }, {
      parent: this,
      protect: retain,
      retainOnDelete: retain,
      customTimeouts: { create: "60m", update: "90m", delete: "60m" },
    });

    this.primaryEndpoint = group.primaryEndpointAddress;
    this.readerEndpoint = group.readerEndpointAddress;
    this.port = port;
    this.replicationGroupId = group.replicationGroupId;
    this.securityGroupId = securityGroup.id;
    this.kmsKeyArn = key.arn;
    this.nodeCount = 1 + replicas;

    if (args.connection) this.connection = this.publish(name, args.connection, settings.cacheTtlSeconds);

    this.registerOutputs({
      primaryEndpoint: this.primaryEndpoint,
      readerEndpoint: this.readerEndpoint,
      port: this.port,
      authToken: this.authToken,
      replicationGroupId: this.replicationGroupId,
    });
  }

  /** Endpoints in a ConfigMap, the token in a Secret, both in the application namespace. */
  private publish(name: string, connection: RedisConnectionArgs, cacheTtlSeconds: number): NonNullable<ManagedRedis["connection"]> {
    const labels = { "app.kubernetes.io/part-of": "inference-platform", "app.kubernetes.io/component": "redis" };
    const secret = new Secret(`${name}-auth`, {
      metadata: { name: connection.secretName ?? "redis-auth", namespace: connection.namespace, labels },
      type: "Opaque",
      stringData: { REDIS_AUTH_TOKEN: this.authToken },
    }, { parent: this });
    const configMap = new ConfigMap(`${name}-connection`, {
      metadata: { name: connection.configMapName ?? "redis-connection", namespace: connection.namespace, labels },
      data: {
        REDIS_PRIMARY_HOST: this.primaryEndpoint,
        REDIS_READER_HOST: this.readerEndpoint,
        REDIS_PORT: String(this.port),
        REDIS_TLS: "true",
        RESPONSE_CACHE_TTL_SECONDS: String(cacheTtlSeconds),
      },
    }, { parent: this });
    return { configMapName: configMap.metadata.name, secretName: secret.metadata.name };
  }
}
