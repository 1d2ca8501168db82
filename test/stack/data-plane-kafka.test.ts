// The data plane of both real stacks, rendered under mocks: the MSK cluster and its topics per region, and the Kafka identities in prod.
import { describe, expect, it } from "vitest";
import type { RenderedStack } from "../../infra/plan/harness";
import { bothRealStacks } from "../support/render";
import { EXPECTED, named, regionIds } from "./data-plane-shared";

const CHINA_MIRROR = "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror";

const stacks: Record<string, RenderedStack> = bothRealStacks();

describe.each(["prod", "dev"] as const)("data plane of stack %s", (stack) => {
  const get = () => stacks[stack]!;
  const prod = stack === "prod";

  describe.each(EXPECTED[stack].regions)("region $name", (region) => {
    const n = region.name;
    const { arn, privateSubnets, nodeSg } = regionIds(region);

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
  });
});

// Identity in prod: IRSA in China, EKS Pod Identity in Frankfurt, for the topics Job and for inference workloads.
const roleOf = (name: string) => named(stacks.prod!, "aws:iam/role:Role", name);
const trustPolicyOf = (role: string) => JSON.parse(String(roleOf(role).inputs.assumeRolePolicy)) as { Statement: unknown[] };
/** The trust policy of a China role for one service account of the inference namespace. */
const chinaIrsaTrust = (serviceAccount: string) => ({
  Version: "2012-10-17",
  Statement: [{
    Effect: "Allow",
    // The mocks name the provider after its resource; AWS would say oidc-provider/<issuer>.
    Principal: { Federated: "arn:aws-cn:iam::123456789012:openidconnectprovider/china-eks-oidc" },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: {
      StringEquals: {
        "oidc.eks.cn-north-1.amazonaws.com.cn/id/china-eks:sub": `system:serviceaccount:inference:${serviceAccount}`,
        "oidc.eks.cn-north-1.amazonaws.com.cn/id/china-eks:aud": "sts.amazonaws.com",
      },
    },
  }],
});
const POD_IDENTITY_TRUST = [{ Effect: "Allow", Principal: { Service: ["pods.eks.amazonaws.com"] }, Action: ["sts:AssumeRole", "sts:TagSession"] }];

describe("identity of the topics Job in prod", () => {
  const serviceAccountOf = (name: string) => named(stacks.prod!, "kubernetes:core/v1:ServiceAccount", name).inputs as { metadata: { name: string; annotations: Record<string, string> } };
  const associations = (prefix: string) => stacks.prod!.resources.filter((x) => x.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation" && x.name.startsWith(prefix));

  it("uses IRSA in China, where EKS Pod Identity does not exist: the role trusts the cluster's OIDC provider for exactly the Job's service account", () => {
    expect(trustPolicyOf("china-kafka-topics")).toEqual(chinaIrsaTrust("kafka-topics"));
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
    expect(trustPolicyOf("frankfurt-kafka-topics").Statement).toEqual(POD_IDENTITY_TRUST);
    expect(serviceAccountOf("frankfurt-kafka-topics").metadata.annotations).toEqual({});
  });
});

describe("Kafka identity of inference workloads in prod", () => {
  const serviceAccountOf = (name: string) => named(stacks.prod!, "kubernetes:core/v1:ServiceAccount", name);
  const associations = (name: string) => stacks.prod!.resources.filter((x) => x.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation" && x.name === name);
  const policyResources = (name: string) => (JSON.parse(String(named(stacks.prod!, "aws:iam/rolePolicy:RolePolicy", name).inputs.policy)) as { Statement: Array<{ Resource: string[] }> })
    .Statement.flatMap((s) => s.Resource);
  /** The cluster's UUID, from the exported cluster ARN (the mocks make it up). */
  const clusterUuid = (region: string) => String((stacks.prod!.outputs.regions as Record<string, any>)[region].kafka.clusterArn).split("/")[2];

  it("uses IRSA in China: the role trusts exactly system:serviceaccount:inference:inference-kafka-client, the account carries the aws-cn role ARN", () => {
    expect(trustPolicyOf("china-kafka-client")).toEqual(chinaIrsaTrust("inference-kafka-client"));
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
    expect(trustPolicyOf("frankfurt-kafka-client").Statement).toEqual(POD_IDENTITY_TRUST);
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
