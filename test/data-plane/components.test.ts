// ManagedRedis and KafkaCluster on their own: input validation, then secure defaults under mocks.
import * as pulumi from "@pulumi/pulumi";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { beforeAll, describe, expect, it } from "vitest";
import { validateKafkaClusterArgs } from "../../components/kafka/args";
import { validateManagedRedisArgs } from "../../components/redis/args";
import { platformMocks } from "../../infra/plan/mocks";
import type { KafkaClusterArgs } from "../../components/kafka";
import type { ManagedRedisArgs } from "../../components/redis";

const tags = { project: "p", stack: "s", region: "eu-central-1", owner: "o" };
const redisArgs: ManagedRedisArgs = { vpcId: "vpc-1", subnetIds: ["s-a", "s-b", "s-c"], clientSecurityGroupId: "sg-nodes", tags };
const kafkaArgs: KafkaClusterArgs = {
  region: "eu-central-1", vpcId: "vpc-1", subnetIds: ["s-a", "s-b", "s-c"], clientSecurityGroupId: "sg-nodes", tags,
  topics: [
    { name: "requests", purpose: "requests", partitions: 6, retentionHours: 72 },
    { name: "results", purpose: "results", partitions: 6, retentionHours: 24 },
    { name: "dead-letter", purpose: "deadLetter", partitions: 1, retentionHours: 336 },
  ],
  topicsJob: { identity: { kind: "pod-identity", clusterName: "eks" }, namespace: "inference" },
  clients: { identity: { kind: "pod-identity", clusterName: "eks" }, namespace: "inference" },
};

/** How a secret value travels to the engine: a signature marks it secret. */
const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
const host = (prefix: string) => expect.stringMatching(new RegExp(`^${prefix}\\.stack-cache\\.[0-9a-f]{6}\\.eu-central-1\\.cache\\.amazonaws\\.com$`));

const show = (problems: Array<{ property: string; reason: string }>) => problems.map((p) => `${p.property}: ${p.reason}`);

describe("ManagedRedis inputs", () => {
  it("accepts the defaults and a single dev node", () => {
    expect(validateManagedRedisArgs(redisArgs)).toEqual([]);
    expect(validateManagedRedisArgs({ ...redisArgs, replicas: 0, multiAz: false, snapshotRetentionDays: 1 })).toEqual([]);
  });

  it("refuses every bad input at once, saying what is allowed", () => {
    expect(show(validateManagedRedisArgs({
      ...redisArgs, engine: "valkey", engineVersion: "7.1", nodeType: "cache.m4.large", replicas: 0, snapshotRetentionDays: 40,
      maintenanceWindow: "sun:17:00-sun:18:00", logRetentionDays: 10, port: 80, connection: { namespace: "x", cacheTtlSeconds: 0 },
    }))).toEqual([
      "engineVersion: valkey versions allowed: 7.2, 8.0, 8.1",
      "nodeType: unknown node type family cache.m4; allowed: cache.t3, cache.t4g, cache.m5, cache.m6g, cache.m7g, cache.r5, cache.r6g, cache.r6gd, cache.r7g, cache.c7gn",
      "multiAz: Multi-AZ fails over to a replica in another AZ: set replicas ≥ 1, or multiAz false (single node, dev only)",
      "snapshotRetentionDays: a whole number of days from 0 (no backups) to 35",
      "maintenanceWindow: overlaps the daily snapshot window 17:00-18:00; ElastiCache needs them apart",
      "logRetentionDays: CloudWatch Logs keeps logs for one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days",
      "port: a TCP port from 1024 to 65535",
      "connection.cacheTtlSeconds: a whole number of seconds > 0",
    ]);
  });
});

describe("KafkaCluster inputs", () => {
  it("accepts the defaults and six brokers", () => {
    expect(validateKafkaClusterArgs(kafkaArgs)).toEqual([]);
    expect(validateKafkaClusterArgs({ ...kafkaArgs, brokerCount: 6 })).toEqual([]);
  });

  it("refuses every bad input at once, saying what is allowed", () => {
    expect(show(validateKafkaClusterArgs({
      ...kafkaArgs, subnetIds: ["s-a", "s-b"], brokerInstanceType: "kafka.c5.large", brokerCount: 4, volumeSizeGiB: 200, maxVolumeSizeGiB: 100,
      storageTargetUtilizationPercent: 90, defaultReplicationFactor: 5, minInsyncReplicas: 5,
    }))).toEqual([
      "subnetIds: brokers spread over exactly 3 AZs: give one private subnet per AZ (got 2)",
      "brokerInstanceType: unknown broker type family kafka.c5; allowed: kafka.t3, kafka.m5, kafka.m7g",
      "brokerCount: must be a multiple of the 3 availability zones (3, 6, 9…) so every AZ holds the same number of brokers",
      "maxVolumeSizeGiB: a whole number of GiB from volumeSizeGiB (200) to 16384",
      "storageTargetUtilizationPercent: from 10 to 80 percent (MSK recommends 50–60)",
      "defaultReplicationFactor: replication factor 5 does not fit the 4 brokers; allowed: 1 to 4",
      "minInsyncReplicas: min.insync.replicas 5 must be from 1 to 4 (below the replication factor 5), or one broker down stops all writes",
      "topics[0].replicationFactor: replication factor 5 exceeds the 4 brokers; allowed: 1 to 4",
      "topics[0].minInsyncReplicas: min.insync.replicas 5 must be less than the replication factor 5, or one broker down stops all writes",
      "topics[1].replicationFactor: replication factor 5 exceeds the 4 brokers; allowed: 1 to 4",
      "topics[1].minInsyncReplicas: min.insync.replicas 5 must be less than the replication factor 5, or one broker down stops all writes",
      "topics[2].replicationFactor: replication factor 5 exceeds the 4 brokers; allowed: 1 to 4",
      "topics[2].minInsyncReplicas: min.insync.replicas 5 must be less than the replication factor 5, or one broker down stops all writes",
    ]);
  });

  it("accepts a dedicated client service account and a plain consumer group prefix", () => {
    expect(validateKafkaClusterArgs({ ...kafkaArgs, clients: { ...kafkaArgs.clients, serviceAccountName: "batch.kafka-client", consumerGroupPrefix: "Batch_v2." } })).toEqual([]);
  });

  it.each([
    ["Inference_Client", "inference-", 'clients.serviceAccountName: service account name "Inference_Client" is not a Kubernetes name: 1 to 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit'],
    ["default", "inference-", 'clients.serviceAccountName: service account "default" is refused: every pod of the namespace runs as it and would get Kafka access; name a dedicated account, e.g. inference-kafka-client'],
    ["kafka-topics", "inference-", 'clients.serviceAccountName: service account "kafka-topics" belongs to the topics Job (topic administration); name another, e.g. inference-kafka-client'],
    ["inference-kafka-client", "inference-*", 'clients.consumerGroupPrefix: consumer group prefix "inference-*" is not allowed: 1 to 200 letters, digits, ".", "_" and "-" (no wildcards, not empty), e.g. inference-'],
    ["inference-kafka-client", "", 'clients.consumerGroupPrefix: consumer group prefix "" is not allowed: 1 to 200 letters, digits, ".", "_" and "-" (no wildcards, not empty), e.g. inference-'],
  ])("refuses client service account %j with group prefix %j", (serviceAccountName, consumerGroupPrefix, expected) => {
    expect(show(validateKafkaClusterArgs({ ...kafkaArgs, clients: { ...kafkaArgs.clients, serviceAccountName, consumerGroupPrefix } }))).toEqual([expected]);
  });

  it("refuses China without a mirror and with the GitHub jar URL", () => {
    expect(show(validateKafkaClusterArgs({ ...kafkaArgs, region: "cn-north-1" }))).toEqual([
      "topicsJob.imageMirror: required in the aws-cn partition: nodes in China cannot pull from docker.io",
      "topicsJob.iamAuthJarUrl: required in the aws-cn partition and not on github.com (unreachable from China): host the jar in the region, e.g. an S3 bucket",
    ]);
  });
});

describe("components under mocks", () => {
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  const waitForRPCs = () => (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  const one = (type: string, name: string) => {
    const found = registered.filter((r) => r.type === type && r.name === name);
    expect(found).toHaveLength(1);
    return found[0]!.inputs;
  };
  let providers: { aws: AwsProvider; kubernetes: KubernetesProvider };

  beforeAll(async () => {
    const mocks = platformMocks(() => "eu-central-1");
    await pulumi.runtime.setMocks({
      newResource: (args) => {
        registered.push(args);
        return mocks.newResource(args);
      },
      call: (args) => mocks.call(args),
    }, "project", "stack", false);
    providers = { aws: new AwsProvider("aws", { region: "eu-central-1" }), kubernetes: new KubernetesProvider("k8s", { kubeconfig: "{}" }) };
    const { ManagedRedis } = await import("../../components/redis");
    const { KafkaCluster } = await import("../../components/kafka");
    new ManagedRedis("cache", { ...redisArgs, connection: { namespace: "inference" } }, { providers });
    new KafkaCluster("queue", { ...kafkaArgs, connection: { namespace: "inference" } }, { providers });
    await waitForRPCs();
  });

  it("gives ManagedRedis a replica, Multi-AZ failover, TLS, KMS, AUTH and backups by default", () => {
    expect(one("aws:elasticache/replicationGroup:ReplicationGroup", "cache")).toMatchObject({
      engine: "redis", engineVersion: "7.1", nodeType: "cache.r6g.large", numCacheClusters: 2, automaticFailoverEnabled: true, multiAzEnabled: true,
      atRestEncryptionEnabled: true, kmsKeyId: "arn:aws:kms:eu-central-1:123456789012:key/cache-data",
      transitEncryptionEnabled: true, transitEncryptionMode: "required", authToken: secret("mock-password-cache-auth"),
      snapshotRetentionLimit: 7, snapshotWindow: "17:00-18:00", maintenanceWindow: "sun:19:00-sun:20:00", autoMinorVersionUpgrade: true,
      replicationGroupId: "stack-cache", subnetGroupName: "stack-cache", parameterGroupName: "stack-cache-redis7", securityGroupIds: ["cache-id"],
    });
    expect(one("aws:elasticache/subnetGroup:SubnetGroup", "cache").name).toBe("stack-cache");
    expect(one("aws:elasticache/parameterGroup:ParameterGroup", "cache-redis7")).toMatchObject({ name: "stack-cache-redis7", family: "redis7", parameters: [
      { name: "maxmemory-policy", value: "volatile-ttl" }, { name: "maxmemory-samples", value: "10" }, { name: "timeout", value: "300" },
    ] });
    expect(one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "cache-from-nodes")).toMatchObject({
      securityGroupId: "cache-id", referencedSecurityGroupId: "sg-nodes", ipProtocol: "tcp", fromPort: 6379, toPort: 6379,
    });
    expect(one("aws:cloudwatch/logGroup:LogGroup", "cache-slow-log")).toMatchObject({ name: "/aws/elasticache/stack-cache/slow-log", retentionInDays: 30 });
    expect(one("aws:cloudwatch/logGroup:LogGroup", "cache-engine-log")).toMatchObject({ name: "/aws/elasticache/stack-cache/engine-log", retentionInDays: 30 });
  });

  it("publishes the Redis endpoints in a ConfigMap and the token only in a Secret", () => {
    expect(one("kubernetes:core/v1:ConfigMap", "cache-connection")).toMatchObject({
      metadata: { name: "redis-connection", namespace: "inference" },
      data: {
        REDIS_PRIMARY_HOST: host("master"),
        REDIS_READER_HOST: host("replica"),
        REDIS_PORT: "6379", REDIS_TLS: "true", RESPONSE_CACHE_TTL_SECONDS: "30",
      },
    });
    expect(JSON.stringify(one("kubernetes:core/v1:ConfigMap", "cache-connection"))).not.toContain("mock-password");
    expect(one("kubernetes:core/v1:Secret", "cache-auth")).toMatchObject({ metadata: { name: "redis-auth", namespace: "inference" }, stringData: secret({ REDIS_AUTH_TOKEN: "mock-password-cache-auth" }) });
  });

  it("gives KafkaCluster IAM-only TLS clients, KMS, durable properties and storage autoscaling by default", () => {
    expect(one("aws:msk/cluster:Cluster", "queue")).toMatchObject({
      clusterName: "stack-queue", kafkaVersion: "3.8.x", numberOfBrokerNodes: 3,
      brokerNodeGroupInfo: { instanceType: "kafka.m5.large", clientSubnets: ["s-a", "s-b", "s-c"], storageInfo: { ebsStorageInfo: { volumeSize: 100 } } },
      clientAuthentication: { sasl: { iam: true, scram: false }, unauthenticated: false },
      encryptionInfo: { encryptionAtRestKmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/queue-data", encryptionInTransit: { clientBroker: "TLS", inCluster: true } },
    });
    expect(one("aws:msk/configuration:Configuration", "queue").name).toBe("stack-queue-3-8-x");
    expect(one("aws:cloudwatch/logGroup:LogGroup", "queue-brokers").name).toBe("/aws/msk/stack-queue/brokers");
    expect(one("aws:msk/configuration:Configuration", "queue").serverProperties).toBe(
      "auto.create.topics.enable=false\ndefault.replication.factor=3\nmin.insync.replicas=2\nunclean.leader.election.enable=false\n",
    );
    expect(one("aws:appautoscaling/target:Target", "queue-storage")).toMatchObject({ minCapacity: 100, maxCapacity: 1000, scalableDimension: "kafka:broker-storage:VolumeSize" });
    expect(one("aws:appautoscaling/policy:Policy", "queue-storage").targetTrackingScalingPolicyConfiguration).toEqual({
      predefinedMetricSpecification: { predefinedMetricType: "KafkaBrokerStorageUtilization" }, targetValue: 60, disableScaleIn: true,
    });
  });

  it("runs the topics Job from upstream images and the Maven Central jar without a mirror, with Pod Identity and no pruning", () => {
    const job = one("kubernetes:batch/v1:Job", "queue-topics") as any;
    const pod = job.spec.template.spec;
    expect(pod.initContainers[0].image).toBe("docker.io/curlimages/curl:8.11.1");
    expect(pod.initContainers[0].env).toEqual([
      { name: "JAR_URL", value: "https://repo1.maven.org/maven2/software/amazon/msk/aws-msk-iam-auth/2.3.4/aws-msk-iam-auth-2.3.4-all.jar" },
      { name: "JAR_SHA256", value: "" },
    ]);
    expect(pod.containers[0].image).toBe("docker.io/apache/kafka:3.9.1");
    expect(pod.containers[0].env).toContainEqual({ name: "PRUNE_UNDECLARED", value: "false" });
    expect(pod.serviceAccountName).toBe("kafka-topics");
    expect(one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "queue-topics-identity")).toMatchObject({
      clusterName: "eks", namespace: "inference", serviceAccount: "kafka-topics", roleArn: "arn:aws:iam::123456789012:role/queue-topics",
    });
    expect(JSON.parse(String(one("aws:iam/role:Role", "queue-topics").assumeRolePolicy)).Statement[0]).toEqual({
      Effect: "Allow", Principal: { Service: ["pods.eks.amazonaws.com"] }, Action: ["sts:AssumeRole", "sts:TagSession"],
    });
  });

  it("gives inference workloads their own service account, bound by Pod Identity, with read/write on the declared topics only", () => {
    expect(one("kubernetes:core/v1:ServiceAccount", "queue-client")).toEqual({
      apiVersion: "v1", kind: "ServiceAccount",
      metadata: {
        name: "inference-kafka-client", namespace: "inference", annotations: {},
        labels: { "app.kubernetes.io/part-of": "inference-platform", "app.kubernetes.io/component": "kafka-client" },
      },
      automountServiceAccountToken: false,
    });
    expect(one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "queue-client-identity")).toMatchObject({
      clusterName: "eks", namespace: "inference", serviceAccount: "inference-kafka-client", roleArn: "arn:aws:iam::123456789012:role/queue-client",
    });
    const policy = JSON.parse(String(one("aws:iam/rolePolicy:RolePolicy", "queue-client").policy));
    expect(policy.Statement.flatMap((s: { Resource: string[] }) => s.Resource)).toEqual([
      expect.stringMatching(/^arn:aws:kafka:eu-central-1:123456789012:cluster\/stack-queue\/[^/]+$/),
      expect.stringMatching(/^arn:aws:kafka:eu-central-1:123456789012:topic\/stack-queue\/[^/]+\/requests$/),
      expect.stringMatching(/^arn:aws:kafka:eu-central-1:123456789012:topic\/stack-queue\/[^/]+\/results$/),
      expect.stringMatching(/^arn:aws:kafka:eu-central-1:123456789012:topic\/stack-queue\/[^/]+\/dead-letter$/),
      expect.stringMatching(/^arn:aws:kafka:eu-central-1:123456789012:group\/stack-queue\/[^/]+\/inference-\*$/),
    ]);
    expect(one("kubernetes:core/v1:ConfigMap", "queue-connection").data).toMatchObject({ KAFKA_CLIENT_SERVICE_ACCOUNT: "inference-kafka-client", KAFKA_CONSUMER_GROUP_PREFIX: "inference-" });
  });

  it("refuses a bad client service account or group prefix before registering any child", async () => {
    const { KafkaCluster } = await import("../../components/kafka");
    const before = registered.length;
    expect(() => new KafkaCluster("badclient", { ...kafkaArgs, clients: { ...kafkaArgs.clients, serviceAccountName: "default", consumerGroupPrefix: "*" } }, { providers })).toThrow(
      /KafkaCluster "badclient": 2 invalid input\(s\):\n {2}- clients\.serviceAccountName: service account "default" is refused.*\n {2}- clients\.consumerGroupPrefix: consumer group prefix "\*" is not allowed/,
    );
    await waitForRPCs();
    expect(registered.slice(before).filter((r) => r.type !== "inference:data:KafkaCluster")).toEqual([]);
  });

  it("refuses a component name that makes the stack-scoped physical names too long, before registering any child", async () => {
    const { ManagedRedis } = await import("../../components/redis");
    const { KafkaCluster } = await import("../../components/kafka");
    const before = registered.length;
    // "stack-" + 35 characters = 41 > ElastiCache's 40; "stack-" + 59 = 65 > MSK's 64.
    const longRedis = `cache-${"x".repeat(29)}`;
    const longKafka = `queue-${"x".repeat(53)}`;
    expect(() => new ManagedRedis(longRedis, redisArgs, { providers })).toThrow(
      `name: replication group id "stack-${longRedis}" (<stack>-<name>, 41 characters) is not allowed: ElastiCache takes 1 to 40`,
    );
    expect(() => new KafkaCluster(longKafka, kafkaArgs, { providers })).toThrow(
      `name: MSK cluster name "stack-${longKafka}" (<stack>-<name>, 65 characters) is not allowed: MSK takes 1 to 64`,
    );
    await waitForRPCs();
    expect(registered.slice(before).filter((r) => !r.type.startsWith("inference:data:"))).toEqual([]);
  });

  it("refuses bad inputs before registering any child", async () => {
    const { ManagedRedis } = await import("../../components/redis");
    const before = registered.length;
    expect(() => new ManagedRedis("bad", { ...redisArgs, nodeType: "cache.m4.large" }, { providers })).toThrow(/unknown node type family cache.m4/);
    await waitForRPCs();
    expect(registered.slice(before).filter((r) => r.name.startsWith("bad-") || r.type !== "inference:data:ManagedRedis")).toEqual([]);
  });
});
