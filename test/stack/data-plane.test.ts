// The data plane of both real stacks, rendered under mocks: every property the issue asks for, per region.
import { beforeAll, describe, expect, it } from "vitest";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { providerRegion, renderRealStack } from "../support/render";
import { runPlan } from "../support/plan-cli";

const stacks: Record<string, RenderedStack> = {};
beforeAll(async () => {
  stacks.prod = await renderRealStack("prod");
  stacks.dev = await renderRealStack("dev");
});

/** What one region's data plane must look like. */
interface RegionExpectation {
  name: string;
  awsRegion: string;
  partition: "aws" | "aws-cn";
  dns: string;
  /** Physical names, `<stack>-<name>`: unique when dev and prod share an account and region. */
  redisId: string;
  mskName: string;
  nodes: number;
  brokers: number;
  volume: number;
  maxVolume: number;
  logDays: number;
  partitions: [number, number, number];
}

/** Expected data plane per stack and region, written out from the stack files. */
const EXPECTED: Record<"prod" | "dev", { regions: RegionExpectation[] }> = {
  prod: {
    regions: [
      { name: "china", awsRegion: "cn-north-1", partition: "aws-cn", dns: "amazonaws.com.cn", redisId: "prod-china-redis", mskName: "prod-china-kafka", nodes: 3, brokers: 6, volume: 500, maxVolume: 4000, logDays: 90, partitions: [24, 24, 6] },
      { name: "frankfurt", awsRegion: "eu-central-1", partition: "aws", dns: "amazonaws.com", redisId: "prod-frankfurt-redis", mskName: "prod-frankfurt-kafka", nodes: 3, brokers: 3, volume: 500, maxVolume: 4000, logDays: 90, partitions: [12, 12, 3] },
    ],
  },
  dev: {
    regions: [
      { name: "shanghai", awsRegion: "ap-east-1", partition: "aws", dns: "amazonaws.com", redisId: "dev-shanghai-redis", mskName: "dev-shanghai-kafka", nodes: 1, brokers: 3, volume: 20, maxVolume: 100, logDays: 14, partitions: [3, 3, 1] },
      { name: "frankfurt", awsRegion: "eu-central-1", partition: "aws", dns: "amazonaws.com", redisId: "dev-frankfurt-redis", mskName: "dev-frankfurt-kafka", nodes: 1, brokers: 3, volume: 20, maxVolume: 100, logDays: 14, partitions: [3, 3, 1] },
    ],
  },
};

const CHINA_MIRROR = "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror";

function inRegion(r: RenderedStack, type: string, awsRegion: string): RenderedResource[] {
  return r.resources.filter((x) => x.type === type && providerRegion(r, x) === awsRegion);
}

function named(r: RenderedStack, type: string, name: string): RenderedResource {
  const found = r.resources.filter((x) => x.type === type && x.name === name);
  expect(found, `${type} ${name}`).toHaveLength(1);
  return found[0]!;
}

describe.each(["prod", "dev"] as const)("data plane of stack %s", (stack) => {
  const get = () => stacks[stack]!;
  const prod = stack === "prod";

  describe.each(EXPECTED[stack].regions)("region $name", (region) => {
    const n = region.name;
    const arn = (service: string, rest: string) => `arn:${region.partition}:${service}:${region.awsRegion}:123456789012:${rest}`;
    const privateSubnets = [0, 1, 2].map((i) => `${n}-net-private-${i}-id`);
    const nodeSg = `sg-${n}-eks-cluster`;

    it("has exactly one replication group and one MSK cluster", () => {
      expect(inRegion(get(), "aws:elasticache/replicationGroup:ReplicationGroup", region.awsRegion).map((x) => x.name)).toEqual([`${n}-redis`]);
      expect(inRegion(get(), "aws:msk/cluster:Cluster", region.awsRegion).map((x) => x.name)).toEqual([`${n}-kafka`]);
    });

    it("encrypts Redis with its KMS key and TLS, authenticates with a secret AUTH token", () => {
      const rg = named(get(), "aws:elasticache/replicationGroup:ReplicationGroup", `${n}-redis`);
      expect(rg.inputs).toMatchObject({
        engine: "redis", engineVersion: "7.1",
        atRestEncryptionEnabled: true, kmsKeyId: arn("kms", `key/${n}-redis-data`),
        transitEncryptionEnabled: true, transitEncryptionMode: "required",
        authToken: "[secret]", authTokenUpdateStrategy: "ROTATE",
      });
      expect(named(get(), "aws:kms/key:Key", `${n}-redis-data`).inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
    });

    it(`runs Redis ${prod ? "Multi-AZ with failover, 2 replicas and 7-day snapshots" : "as one node with 1-day snapshots"}`, () => {
      const rg = named(get(), "aws:elasticache/replicationGroup:ReplicationGroup", `${n}-redis`);
      expect(rg.inputs).toMatchObject(prod
        ? { nodeType: "cache.r6g.large", numCacheClusters: 3, multiAzEnabled: true, automaticFailoverEnabled: true, snapshotRetentionLimit: 7 }
        : { nodeType: "cache.t4g.small", numCacheClusters: 1, multiAzEnabled: false, automaticFailoverEnabled: false, snapshotRetentionLimit: 1 });
      expect(rg.inputs).toMatchObject({ autoMinorVersionUpgrade: true, maintenanceWindow: "sun:19:00-sun:20:00", snapshotWindow: "17:00-18:00" });
      expect(rg.options.customTimeouts).toEqual({ create: "60m", update: "90m", delete: "60m" });
    });

    it("names the replication group and its subnet group after the stack, so dev and prod can share an account", () => {
      const rg = named(get(), "aws:elasticache/replicationGroup:ReplicationGroup", `${n}-redis`);
      expect(rg.inputs.replicationGroupId).toBe(region.redisId);
      expect(rg.inputs.subnetGroupName).toBe(region.redisId);
      expect(named(get(), "aws:elasticache/subnetGroup:SubnetGroup", `${n}-redis`).inputs.name).toBe(region.redisId);
    });

    it("puts Redis in its own private subnet group behind a group that admits only the nodes on 6379", () => {
      const rg = named(get(), "aws:elasticache/replicationGroup:ReplicationGroup", `${n}-redis`);
      expect(named(get(), "aws:elasticache/subnetGroup:SubnetGroup", `${n}-redis`).inputs.subnetIds).toEqual(privateSubnets);
      expect(rg.inputs.securityGroupIds).toEqual([`${n}-redis-id`]);
      const rules = get().resources.filter((x) => x.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" && x.inputs.securityGroupId === `${n}-redis-id`);
      expect(rules.map((x) => x.inputs)).toEqual([expect.objectContaining({ referencedSecurityGroupId: nodeSg, ipProtocol: "tcp", fromPort: 6379, toPort: 6379 })]);
      expect(rules[0]!.inputs.cidrIpv4).toBeUndefined();
    });

    it("tunes the parameter group for the response cache and ships slow and engine logs with retention", () => {
      const rg = named(get(), "aws:elasticache/replicationGroup:ReplicationGroup", `${n}-redis`);
      expect(rg.inputs.parameterGroupName).toBe(`${region.redisId}-redis7`);
      expect(named(get(), "aws:elasticache/parameterGroup:ParameterGroup", `${n}-redis-redis7`).inputs).toMatchObject({
        name: `${region.redisId}-redis7`, family: "redis7", parameters: expect.arrayContaining([{ name: "maxmemory-policy", value: "volatile-ttl" }]),
      });
      expect(rg.inputs.logDeliveryConfigurations).toEqual([
        { destination: `/aws/elasticache/${region.redisId}/slow-log`, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" },
        { destination: `/aws/elasticache/${region.redisId}/engine-log`, destinationType: "cloudwatch-logs", logFormat: "json", logType: "engine-log" },
      ]);
      for (const log of ["slow-log", "engine-log"]) {
        expect(named(get(), "aws:cloudwatch/logGroup:LogGroup", `${n}-redis-${log}`).inputs).toMatchObject({ name: `/aws/elasticache/${region.redisId}/${log}`, retentionInDays: region.logDays });
      }
    });

    it("spreads the brokers over the three private subnets with TLS, KMS and IAM-only clients", () => {
      const msk = named(get(), "aws:msk/cluster:Cluster", `${n}-kafka`);
      expect(msk.inputs).toMatchObject({
        clusterName: region.mskName, kafkaVersion: "3.8.x", numberOfBrokerNodes: region.brokers,
        brokerNodeGroupInfo: {
          instanceType: prod ? "kafka.m5.large" : "kafka.t3.small", clientSubnets: privateSubnets, securityGroups: [`${n}-kafka-id`],
          storageInfo: { ebsStorageInfo: { volumeSize: region.volume } }, connectivityInfo: { publicAccess: { type: "DISABLED" } },
        },
        encryptionInfo: { encryptionAtRestKmsKeyArn: arn("kms", `key/${n}-kafka-data`), encryptionInTransit: { clientBroker: "TLS", inCluster: true } },
        clientAuthentication: { sasl: { iam: true, scram: false }, unauthenticated: false },
      });
      expect(msk.options.customTimeouts).toEqual({ create: "120m", update: "120m", delete: "120m" });
    });

    it("configures durable brokers, broker logs, open monitoring and storage autoscaling", () => {
      const msk = named(get(), "aws:msk/cluster:Cluster", `${n}-kafka`);
      const configuration = named(get(), "aws:msk/configuration:Configuration", `${n}-kafka`);
      // The Kafka version is in the name: a new version replaces the configuration, new before old.
      expect(configuration.inputs.name).toBe(`${region.mskName}-3-8-x`);
      expect(configuration.inputs.serverProperties).toBe(
        "auto.create.topics.enable=false\ndefault.replication.factor=3\nmin.insync.replicas=2\nunclean.leader.election.enable=false\n",
      );
      expect(msk.inputs.configurationInfo).toEqual({ arn: expect.stringMatching(new RegExp(`^arn:${region.partition}:kafka:${region.awsRegion}:123456789012:configuration/${region.mskName}-3-8-x/`)), revision: 1 });
      expect(msk.inputs.loggingInfo).toEqual({ brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: `/aws/msk/${region.mskName}/brokers` } } });
      expect(named(get(), "aws:cloudwatch/logGroup:LogGroup", `${n}-kafka-brokers`).inputs).toMatchObject({ name: `/aws/msk/${region.mskName}/brokers`, retentionInDays: region.logDays });
      expect(msk.inputs.openMonitoring).toEqual({ prometheus: { jmxExporter: { enabledInBroker: true }, nodeExporter: { enabledInBroker: true } } });
      expect(msk.options.ignoreChanges).toEqual(["brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize"]);
      const clusterArn = expect.stringMatching(new RegExp(`^arn:${region.partition}:kafka:${region.awsRegion}:123456789012:cluster/${region.mskName}/`));
      expect(named(get(), "aws:appautoscaling/target:Target", `${n}-kafka-storage`).inputs).toMatchObject({
        serviceNamespace: "kafka", scalableDimension: "kafka:broker-storage:VolumeSize", resourceId: clusterArn, minCapacity: region.volume, maxCapacity: region.maxVolume,
      });
      expect(named(get(), "aws:appautoscaling/policy:Policy", `${n}-kafka-storage`).inputs).toMatchObject({
        policyType: "TargetTrackingScaling",
        targetTrackingScalingPolicyConfiguration: { predefinedMetricSpecification: { predefinedMetricType: "KafkaBrokerStorageUtilization" }, targetValue: 60, disableScaleIn: true },
      });
      const rules = get().resources.filter((x) => x.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" && x.inputs.securityGroupId === `${n}-kafka-id`);
      expect(rules.map((x) => [x.inputs.referencedSecurityGroupId, x.inputs.fromPort, x.inputs.toPort])).toEqual([[nodeSg, 9098, 9098], [nodeSg, 11001, 11002]]);
    });

    it("creates the declared topics with a Job, images from the region's mirror in China", () => {
      const job = named(get(), "kubernetes:batch/v1:Job", `${n}-kafka-topics`);
      const metadata = job.inputs.metadata as { name: string; namespace: string };
      expect(metadata.name).toMatch(/^kafka-topics-[0-9a-f]{10}$/);
      expect(metadata.namespace).toBe("inference");
      const pod = (job.inputs.spec as any).template.spec;
      const [requests, results, deadLetter] = region.partitions;
      const env = Object.fromEntries(pod.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
      expect(env.TOPIC_SPEC).toBe(`inference-requests ${requests} 3 259200000 2\ninference-results ${results} 3 86400000 2\ninference-dead-letter ${deadLetter} 3 1209600000 2`);
      expect(env.BOOTSTRAP_SERVERS).toMatch(new RegExp(`^b-1\\.${region.mskName}\\.[0-9a-f]{6}\\.c2\\.kafka\\.${region.awsRegion}\\.${region.dns.replace(/\./g, "\\.")}:9098,`));
      expect(env.PRUNE_UNDECLARED).toBe(prod ? "false" : "true");
      const mirror = region.partition === "aws-cn" ? `${CHINA_MIRROR}/` : "";
      expect(pod.containers[0].image).toBe(`${mirror}docker.io/apache/kafka:3.9.1`);
      expect(pod.initContainers[0].image).toBe(`${mirror}docker.io/curlimages/curl:8.11.1`);
      if (region.partition === "aws-cn") expect(pod.initContainers[0].env[0].value).toBe("https://inference-artifacts-111122223333.s3.cn-north-1.amazonaws.com.cn/aws-msk-iam-auth/aws-msk-iam-auth-2.3.4-all.jar");
      expect(pod.serviceAccountName).toBe("kafka-topics");
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
      expect(job.options.deleteBeforeReplace).toBe(true);
      // Only the AWS credentials are projected into the pod, no Kubernetes API token (see topics-job.ts).
      expect(named(get(), "kubernetes:core/v1:ServiceAccount", `${n}-kafka-topics`).inputs.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext.fsGroup).toBe(1000);

      // The webhook injects credentials at pod creation: the Job waits for the role's binding and its policy.
      const binding = region.partition === "aws-cn"
        ? named(get(), "aws:iam/role:Role", `${n}-kafka-topics`)
        : named(get(), "aws:eks/podIdentityAssociation:PodIdentityAssociation", `${n}-kafka-topics-identity`);
      expect(job.options.dependencies).toContain(binding.urn);
      expect(job.options.dependencies).toContain(named(get(), "aws:iam/rolePolicy:RolePolicy", `${n}-kafka-topics`).urn);
      const policy = JSON.parse(String(named(get(), "aws:iam/rolePolicy:RolePolicy", `${n}-kafka-topics`).inputs.policy));
      expect(policy.Statement.map((s: { Resource: string[] }) => s.Resource[0])).toEqual([
        expect.stringMatching(new RegExp(`^arn:${region.partition}:kafka:${region.awsRegion}:123456789012:cluster/${region.mskName}/`)),
        expect.stringMatching(new RegExp(`^arn:${region.partition}:kafka:${region.awsRegion}:123456789012:topic/${region.mskName}/.*/\\*$`)),
      ]);
    });

    it("publishes endpoints, topics and the 30 s TTL in ConfigMaps and the token in a Secret of the app namespace", () => {
      expect(named(get(), "kubernetes:core/v1:ConfigMap", `${n}-redis-connection`).inputs).toMatchObject({
        metadata: { name: "redis-connection", namespace: "inference" },
        data: {
          REDIS_PRIMARY_HOST: expect.stringMatching(new RegExp(`^master\\.${region.redisId}\\.`)), REDIS_READER_HOST: expect.stringMatching(new RegExp(`^replica\\.${region.redisId}\\.`)),
          REDIS_PORT: "6379", REDIS_TLS: "true", RESPONSE_CACHE_TTL_SECONDS: "30",
        },
      });
      expect(named(get(), "kubernetes:core/v1:Secret", `${n}-redis-auth`).inputs).toMatchObject({ metadata: { name: "redis-auth", namespace: "inference" }, stringData: "[secret]" });
      expect(named(get(), "kubernetes:core/v1:ConfigMap", `${n}-kafka-connection`).inputs).toMatchObject({
        metadata: { name: "kafka-connection", namespace: "inference" },
        data: {
          KAFKA_SECURITY_PROTOCOL: "SASL_SSL", KAFKA_SASL_MECHANISM: "AWS_MSK_IAM", KAFKA_TOPIC_REQUESTS: "inference-requests",
          KAFKA_TOPIC_RESULTS: "inference-results", KAFKA_TOPIC_DEAD_LETTER: "inference-dead-letter",
          KAFKA_CLIENT_SERVICE_ACCOUNT: "inference-kafka-client", KAFKA_CONSUMER_GROUP_PREFIX: "inference-",
        },
      });
    });

    it(`${prod ? "protects and retains" : "neither protects nor retains"} the replication group, the MSK cluster and their KMS keys`, () => {
      for (const [type, name] of [
        ["aws:elasticache/replicationGroup:ReplicationGroup", `${n}-redis`],
        ["aws:msk/cluster:Cluster", `${n}-kafka`],
        ["aws:kms/key:Key", `${n}-redis-data`],
        ["aws:kms/key:Key", `${n}-kafka-data`],
      ] as const) {
        const res = named(get(), type, name);
        expect([res.options.protect, res.options.retainOnDelete], name).toEqual([prod, prod]);
      }
      // Only the stateful ones: the rest stays replaceable.
      expect(named(get(), "aws:ec2/securityGroup:SecurityGroup", `${n}-redis`).options.protect).toBe(false);
      expect(named(get(), "kubernetes:batch/v1:Job", `${n}-kafka-topics`).options.protect).toBe(false);
    });

    it("exports endpoints, brokers and topics, the token only as a secret", () => {
      const out = (get().outputs.regions as Record<string, any>)[n];
      expect(out.redis).toMatchObject({
        primaryEndpoint: expect.stringMatching(new RegExp(`^master\\.${region.redisId}\\..*\\.${region.dns.replace(/\./g, "\\.")}$`)),
        readerEndpoint: expect.stringMatching(new RegExp(`^replica\\.${region.redisId}\\.`)),
        port: 6379, nodes: region.nodes, authToken: "[secret]",
      });
      expect(out.kafka.bootstrapBrokersIam.split(",")).toHaveLength(region.brokers);
      expect(out.kafka.topics.map((t: { name: string }) => t.name)).toEqual(["inference-requests", "inference-results", "inference-dead-letter"]);
      expect(out.kafka.clusterArn).toMatch(new RegExp(`^arn:${region.partition}:kafka:`));
      expect(out.kafka).toMatchObject({
        clientServiceAccount: "inference-kafka-client", consumerGroupPrefix: "inference-", clientRoleArn: `arn:${region.partition}:iam::123456789012:role/${n}-kafka-client`,
      });
    });
  });

  it("never shows the AUTH token in plain text, in the outputs or in the JSON plan", () => {
    const json = JSON.stringify(get());
    expect(json).not.toContain("mock-password");
    expect(JSON.stringify(get().outputs)).not.toContain("mock-password");
    expect(json).toContain('"authToken":"[secret]"');
  });
});

describe("identity of the topics Job in prod", () => {
  const roleOf = (name: string) => named(stacks.prod!, "aws:iam/role:Role", name);
  const serviceAccountOf = (name: string) => named(stacks.prod!, "kubernetes:core/v1:ServiceAccount", name).inputs as { metadata: { name: string; annotations: Record<string, string> } };
  const associations = (prefix: string) => stacks.prod!.resources.filter((x) => x.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation" && x.name.startsWith(prefix));

  it("uses IRSA in China, where EKS Pod Identity does not exist: the role trusts the cluster's OIDC provider for exactly the Job's service account", () => {
    expect(JSON.parse(String(roleOf("china-kafka-topics").inputs.assumeRolePolicy))).toEqual({
      Version: "2012-10-17",
      Statement: [{
        Effect: "Allow",
        // The mocks name the provider after its resource; AWS would say oidc-provider/<issuer>.
        Principal: { Federated: "arn:aws-cn:iam::123456789012:openidconnectprovider/china-eks-oidc" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "oidc.eks.cn-north-1.amazonaws.com.cn/id/china-eks:sub": "system:serviceaccount:inference:kafka-topics",
            "oidc.eks.cn-north-1.amazonaws.com.cn/id/china-eks:aud": "sts.amazonaws.com",
          },
        },
      }],
    });
    expect(serviceAccountOf("china-kafka-topics").metadata).toMatchObject({
      name: "kafka-topics",
      annotations: { "eks.amazonaws.com/role-arn": "arn:aws-cn:iam::123456789012:role/china-kafka-topics" },
    });
    expect(associations("china-kafka-topics")).toEqual([]);
  });

  it("keeps a Pod Identity association in Frankfurt, with no role annotation", () => {
    expect(associations("frankfurt-kafka-topics").map((x) => [x.name, x.inputs])).toEqual([[
      "frankfurt-kafka-topics-identity",
      expect.objectContaining({ clusterName: "prod-frankfurt-eks", namespace: "inference", serviceAccount: "kafka-topics", roleArn: "arn:aws:iam::123456789012:role/frankfurt-kafka-topics" }),
    ]]);
    expect(JSON.parse(String(roleOf("frankfurt-kafka-topics").inputs.assumeRolePolicy)).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: ["pods.eks.amazonaws.com"] }, Action: ["sts:AssumeRole", "sts:TagSession"] },
    ]);
    expect(serviceAccountOf("frankfurt-kafka-topics").metadata.annotations).toEqual({});
  });
});

describe("Kafka identity of inference workloads in prod", () => {
  const roleOf = (name: string) => named(stacks.prod!, "aws:iam/role:Role", name);
  const serviceAccountOf = (name: string) => named(stacks.prod!, "kubernetes:core/v1:ServiceAccount", name);
  const associations = (name: string) => stacks.prod!.resources.filter((x) => x.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation" && x.name === name);
  const policyResources = (name: string) => (JSON.parse(String(named(stacks.prod!, "aws:iam/rolePolicy:RolePolicy", name).inputs.policy)) as { Statement: Array<{ Resource: string[] }> })
    .Statement.flatMap((s) => s.Resource);
  /** The cluster's UUID, from the exported cluster ARN (the mocks make it up). */
  const clusterUuid = (region: string) => String((stacks.prod!.outputs.regions as Record<string, any>)[region].kafka.clusterArn).split("/")[2];

  it("uses IRSA in China: the role trusts exactly system:serviceaccount:inference:inference-kafka-client, the account carries the aws-cn role ARN", () => {
    expect(JSON.parse(String(roleOf("china-kafka-client").inputs.assumeRolePolicy))).toEqual({
      Version: "2012-10-17",
      Statement: [{
        Effect: "Allow",
        Principal: { Federated: "arn:aws-cn:iam::123456789012:openidconnectprovider/china-eks-oidc" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "oidc.eks.cn-north-1.amazonaws.com.cn/id/china-eks:sub": "system:serviceaccount:inference:inference-kafka-client",
            "oidc.eks.cn-north-1.amazonaws.com.cn/id/china-eks:aud": "sts.amazonaws.com",
          },
        },
      }],
    });
    expect(serviceAccountOf("china-kafka-client").inputs).toMatchObject({
      metadata: { name: "inference-kafka-client", namespace: "inference", annotations: { "eks.amazonaws.com/role-arn": "arn:aws-cn:iam::123456789012:role/china-kafka-client" } },
      automountServiceAccountToken: false,
    });
    expect(associations("china-kafka-client-identity")).toEqual([]);
  });

  it("uses a Pod Identity association in Frankfurt for the same account, with no role annotation", () => {
    expect(associations("frankfurt-kafka-client-identity").map((x) => x.inputs)).toEqual([
      expect.objectContaining({ clusterName: "prod-frankfurt-eks", namespace: "inference", serviceAccount: "inference-kafka-client", roleArn: "arn:aws:iam::123456789012:role/frankfurt-kafka-client" }),
    ]);
    expect(JSON.parse(String(roleOf("frankfurt-kafka-client").inputs.assumeRolePolicy)).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: ["pods.eks.amazonaws.com"] }, Action: ["sts:AssumeRole", "sts:TagSession"] },
    ]);
    expect(serviceAccountOf("frankfurt-kafka-client").inputs).toMatchObject({ metadata: { name: "inference-kafka-client", namespace: "inference", annotations: {} } });
  });

  it.each([
    { region: "china", prefix: "arn:aws-cn:kafka:cn-north-1:123456789012", cluster: "prod-china-kafka" },
    { region: "frankfurt", prefix: "arn:aws:kafka:eu-central-1:123456789012", cluster: "prod-frankfurt-kafka" },
  ])("limits the $region role to its cluster, the three declared topics and the inference- groups", ({ region, prefix, cluster }) => {
    const uuid = clusterUuid(region);
    expect(uuid).toMatch(/^[0-9a-f-]+$/);
    expect(policyResources(`${region}-kafka-client`)).toEqual([
      `${prefix}:cluster/${cluster}/${uuid}`,
      `${prefix}:topic/${cluster}/${uuid}/inference-requests`,
      `${prefix}:topic/${cluster}/${uuid}/inference-results`,
      `${prefix}:topic/${cluster}/${uuid}/inference-dead-letter`,
      `${prefix}:group/${cluster}/${uuid}/inference-*`,
    ]);
  });

  it("creates the account only after its role is bound and permitted, so a pod using it gets credentials", () => {
    const china = serviceAccountOf("china-kafka-client").options.dependencies;
    expect(china).toContain(roleOf("china-kafka-client").urn);
    expect(china).toContain(named(stacks.prod!, "aws:iam/rolePolicy:RolePolicy", "china-kafka-client").urn);
    const frankfurt = serviceAccountOf("frankfurt-kafka-client").options.dependencies;
    expect(frankfurt).toContain(associations("frankfurt-kafka-client-identity")[0]!.urn);
    expect(frankfurt).toContain(named(stacks.prod!, "aws:iam/rolePolicy:RolePolicy", "frankfurt-kafka-client").urn);
  });
});

describe("npm run plan -- --json", () => {
  it("prints the AUTH token only as [secret]", async () => {
    // The same command test/cli/plan.test.ts runs: one process per run serves both.
    const run = await runPlan("--stack", "prod", "--json");
    expect(run.code, run.stderr).toBe(0);
    const json = run.stdout;
    expect(json).not.toContain("mock-password");
    const plan = JSON.parse(json);
    expect(plan.outputs.regions.china.redis.authToken).toBe("[secret]");
    expect(plan.resources.find((r: RenderedResource) => r.name === "china-redis" && r.type === "aws:elasticache/replicationGroup:ReplicationGroup").inputs.authToken).toBe("[secret]");
  });
});
