// KafkaCluster under Pulumi mocks: secure defaults, the topics Job, the workloads' identity, settings that reach the resources, refusals.
import * as pulumi from "@pulumi/pulumi";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { beforeAll, describe, expect, it } from "vitest";
import type { KafkaClusterArgs } from "../../components/kafka";
import { recordRegistrations, waitForRPCs, onlyInputs } from "../support/components";

const tags = { project: "p", stack: "s", region: "eu-central-1", owner: "o" };
const kafkaArgs: KafkaClusterArgs = {
  region: "eu-central-1", vpcId: "vpc-1", subnetIds: ["s-a", "s-b", "s-c"], clientSecurityGroupId: "sg-nodes", tags,
  topics: [
    { name: "requests", purpose: "requests", partitions: 6, retentionHours: 72 },
    { name: "results", purpose: "results", partitions: 6, retentionHours: 24 },
    { name: "dead-letter", purpose: "deadLetter", partitions: 1, retentionHours: 336 },
  ],
  workloadIdentity: { kind: "pod-identity", clusterName: "eks" },
  topicsJobNamespace: "inference",
  clientsNamespace: "inference",
};

describe("KafkaCluster under mocks", () => {
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  const one = (type: string, name: string) => onlyInputs(registered, type, name);
  /** Resources registered by `build`, apart from the KafkaCluster itself; empty when it refused before any child. */
  const childrenOf = async (build: () => void) => {
    const before = registered.length;
    build();
    await waitForRPCs();
    return registered.slice(before).filter((r) => r.type !== "inference:data:KafkaCluster");
  };
  let providers: { aws: AwsProvider; kubernetes: KubernetesProvider };

  beforeAll(async () => {
    await recordRegistrations(registered);
    providers = { aws: new AwsProvider("aws", { region: "eu-central-1" }), kubernetes: new KubernetesProvider("k8s", { kubeconfig: "{}" }) };
    const { KafkaCluster } = await import("../../components/kafka");
    new KafkaCluster("queue", { ...kafkaArgs, connection: { namespace: "inference" } }, { providers });
    new KafkaCluster("tuned", {
      ...kafkaArgs, kafkaVersion: "3.6.0", brokerInstanceType: "kafka.m7g.xlarge", brokerCount: 6, volumeSizeGiB: 250, maxVolumeSizeGiB: 2000,
      storageTargetUtilizationPercent: 50, defaultReplicationFactor: 3, minInsyncReplicas: 1, enhancedMonitoring: "PER_BROKER", logRetentionDays: 90,
      topicsJob: { iamAuthJarUrl: "https://artifacts.example.com/aws-msk-iam-auth-2.3.4-all.jar", iamAuthJarSha256: "a".repeat(64), pruneUndeclared: true },
      clients: { serviceAccountName: "batch-kafka-client", consumerGroupPrefix: "batch." },
      imageMirror: "mirror.example.com", connection: { namespace: "apps", configMapName: "tuned-kafka" },
    }, { providers });
    await waitForRPCs();
  });

  it("gives KafkaCluster IAM-only TLS clients, KMS, durable properties and storage autoscaling by default", () => {
    expect(one("aws:msk/cluster:Cluster", "queue")).toMatchObject({
      clusterName: "stack-queue", kafkaVersion: "3.8.x", numberOfBrokerNodes: 3, enhancedMonitoring: "PER_TOPIC_PER_BROKER",
      brokerNodeGroupInfo: { instanceType: "kafka.m5.large", clientSubnets: ["s-a", "s-b", "s-c"], storageInfo: { ebsStorageInfo: { volumeSize: 100 } } },
      clientAuthentication: { sasl: { iam: true, scram: false }, unauthenticated: false },
      encryptionInfo: { encryptionAtRestKmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/queue-data", encryptionInTransit: { clientBroker: "TLS", inCluster: true } },
    });
    expect(one("aws:msk/configuration:Configuration", "queue").name).toBe("stack-queue-3-8-x");
    expect(one("aws:cloudwatch/logGroup:LogGroup", "queue-brokers")).toMatchObject({ name: "/aws/msk/stack-queue/brokers", retentionInDays: 30 });
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

  it("carries every setting to the resource it configures", () => {
    expect(one("aws:msk/cluster:Cluster", "tuned")).toMatchObject({
      kafkaVersion: "3.6.0", numberOfBrokerNodes: 6, enhancedMonitoring: "PER_BROKER",
      brokerNodeGroupInfo: { instanceType: "kafka.m7g.xlarge", storageInfo: { ebsStorageInfo: { volumeSize: 250 } } },
    });
    expect(one("aws:msk/configuration:Configuration", "tuned")).toMatchObject({ name: "stack-tuned-3-6-0", kafkaVersions: ["3.6.0"] });
    expect(one("aws:msk/configuration:Configuration", "tuned").serverProperties).toContain("min.insync.replicas=1\n");
    expect(one("aws:cloudwatch/logGroup:LogGroup", "tuned-brokers").retentionInDays).toBe(90);
    expect(one("aws:appautoscaling/target:Target", "tuned-storage")).toMatchObject({ minCapacity: 250, maxCapacity: 2000 });
    expect(one("aws:appautoscaling/policy:Policy", "tuned-storage").targetTrackingScalingPolicyConfiguration).toMatchObject({ targetValue: 50 });
    const pod = (one("kubernetes:batch/v1:Job", "tuned-topics") as any).spec.template.spec;
    expect(pod.initContainers[0].image).toBe("mirror.example.com/docker.io/curlimages/curl:8.11.1");
    expect(pod.initContainers[0].env).toEqual([
      { name: "JAR_URL", value: "https://artifacts.example.com/aws-msk-iam-auth-2.3.4-all.jar" }, { name: "JAR_SHA256", value: "a".repeat(64) },
    ]);
    expect(pod.containers[0].env).toContainEqual({ name: "PRUNE_UNDECLARED", value: "true" });
    expect(pod.containers[0].env).toContainEqual({ name: "TOPIC_SPEC", value: "requests 6 3 259200000 1\nresults 6 3 86400000 1\ndead-letter 1 3 1209600000 1" });
    expect(one("kubernetes:core/v1:ServiceAccount", "tuned-client").metadata).toMatchObject({ name: "batch-kafka-client", namespace: "inference" });
    expect(one("kubernetes:core/v1:ConfigMap", "tuned-connection")).toMatchObject({
      metadata: { name: "tuned-kafka", namespace: "apps" },
      data: { KAFKA_CLIENT_SERVICE_ACCOUNT: "batch-kafka-client", KAFKA_CONSUMER_GROUP_PREFIX: "batch." },
    });
    expect(JSON.parse(String(one("aws:iam/rolePolicy:RolePolicy", "tuned-client").policy)).Statement[2].Resource).toEqual([
      expect.stringMatching(/:group\/stack-tuned\/[^/]+\/batch\.\*$/),
    ]);
  });

  it("refuses a bad client service account or group prefix before registering any child", async () => {
    const { KafkaCluster } = await import("../../components/kafka");
    expect(await childrenOf(() => {
      expect(() => new KafkaCluster("badclient", { ...kafkaArgs, clients: { serviceAccountName: "default", consumerGroupPrefix: "*" } }, { providers })).toThrow(
        /KafkaCluster "badclient": 2 invalid input\(s\):\n {2}- clients\.serviceAccountName: service account "default" is refused.*\n {2}- clients\.consumerGroupPrefix: consumer group prefix "\*" is not allowed/,
      );
    })).toEqual([]);
  });

  it("refuses wiring that does not fit: two subnets, and China without a mirror or a jar in the region", async () => {
    const { KafkaCluster } = await import("../../components/kafka");
    expect(await childrenOf(() => {
      expect(() => new KafkaCluster("china", { ...kafkaArgs, region: "cn-north-1", subnetIds: ["s-a", "s-b"] }, { providers })).toThrow([
        'KafkaCluster "china": 3 invalid input(s):',
        "  - subnetIds: brokers spread over exactly 3 AZs: give one private subnet per AZ (got 2)",
        "  - topicsJob.iamAuthJarUrl: required in the aws-cn partition and not on github.com (unreachable from China): an https URL of a copy in the region, e.g. an S3 bucket",
        "  - imageMirror: required in the aws-cn partition: nodes in China cannot pull from docker.io",
      ].join("\n"));
      expect(() => new KafkaCluster("uneven", { ...kafkaArgs, brokerCount: 4, defaultReplicationFactor: 3 }, { providers })).toThrow(
        "brokerCount: must be a multiple of the 3 availability zones (3, 6, 9…)",
      );
    })).toEqual([]);
  });

  it("refuses a component name that makes the stack-scoped MSK cluster name too long, before registering any child", async () => {
    const { KafkaCluster } = await import("../../components/kafka");
    // "stack-" + 59 characters = 65 > MSK's 64.
    const longKafka = `queue-${"x".repeat(53)}`;
    expect(await childrenOf(() => {
      expect(() => new KafkaCluster(longKafka, kafkaArgs, { providers })).toThrow(
        `name: MSK cluster name "stack-${longKafka}" (<stack>-<name>, 65 characters) is not allowed: MSK takes 1 to 64`,
      );
    })).toEqual([]);
  });
});
