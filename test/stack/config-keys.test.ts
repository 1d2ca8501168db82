// Every key of the stack file, as its schema lists them, set off its default on a copy of a real stack file
// and found on the resource that must carry it: a value hard-coded in a component, or a key nobody reads,
// fails here. All edits for one stack file go into one copy, rendered once (two renders in all).
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { stackConfigSchema } from "../../infra/config/schema";
import { renderStack, type RenderedStack } from "../../infra/plan/harness";
import {
  alertRule, dnsIn, envoyProxy, envoyService, find, helmValues, inDns, inModel, inPool, inputs, inRegion, inTopic, jwtProvider, leafKeys, named,
  onTrafficPolicies, one, planned, pod, regionIn, replicasPlanned, routeRules, top, topicsJobEnv, topicSpec, trafficPolicy, vllm, vllmFlag, type Copy, type Doc, type Edit, type PoolPlan, type Reaches, type Unreached,
} from "../support/config-keys";
import { editedStackFile, REPO_ROOT } from "../support/render";

/** Resource types the finders read. */
const T = {
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  awsProvider: "pulumi:providers:aws",
  configMap: "kubernetes:core/v1:ConfigMap",
  deployment: "kubernetes:apps/v1:Deployment",
  eks: "aws:eks/cluster:Cluster",
  healthCheck: "aws:route53/healthCheck:HealthCheck",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  msk: "aws:msk/cluster:Cluster",
  mskConfig: "aws:msk/configuration:Configuration",
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  pdb: "kubernetes:policy/v1:PodDisruptionBudget",
  priorityClass: "kubernetes:scheduling.k8s.io/v1:PriorityClass",
  record: "aws:route53/record:Record",
  redis: "aws:elasticache/replicationGroup:ReplicationGroup",
  scaledObject: "kubernetes:keda.sh/v1alpha1:ScaledObject",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
} as const;

const prometheus = (r: RenderedStack): Doc => helmValues(r, "china-monitoring-kps").prometheus.prometheusSpec;
const frankfurtReceiver = (r: RenderedStack): Doc => named(helmValues(r, "frankfurt-monitoring-kps").alertmanager.config.receivers, "platform");
const kafkaConnection = (r: RenderedStack, region: string): Record<string, string> => inputs(r, T.configMap, `${region}-kafka-connection`).data;
const brokerProperty = (r: RenderedStack, name: string): string | undefined =>
  new RegExp(`^${name.replace(/\./g, "\\.")}=(.*)$`, "m").exec(inputs(r, T.mskConfig, "frankfurt-kafka").serverProperties)?.[1];
/** The threshold one of China's alerts compares with (the number after its last `>` or `<`). */
const ruleThreshold = (r: RenderedStack, alert: string): number => Number(/[<>] (\S+)$/.exec(alertRule(r, "china", alert).expr)![1]);
const alarmThreshold = (r: RenderedStack, alarm: string): number => inputs(r, T.alarm, `china-monitoring-${alarm}`).threshold;
/** Names of China's alert rules and dashboards that mention `text`. */
const mentions = (r: RenderedStack, text: string): string[] =>
  r.resources.filter((x) => /^china-monitoring-(rules|dashboard-)/.test(x.name) && JSON.stringify(x.inputs).includes(text)).map((x) => x.name);
const RULES_AND_BOARD = ["china-monitoring-dashboard-inference", "china-monitoring-rules"];
const BOARD = ["china-monitoring-dashboard-inference"];
const metric = (key: string, name: string, readers: string[], text = name): Reaches =>
  ({ ...inRegion("prod", "china", `monitoring.metrics.${key}`, name), found: (r) => mentions(r, text), expected: readers });
const record = (r: RenderedStack, name: string): Doc => inputs(r, T.record, `dns-${name}`);
const CHINA_NLB = /elb\.cn-north-1\.amazonaws\.com\.cn$/;
// The awsRegion edit moves Frankfurt to eu-west-1, with a certificate of its new region.
const FRANKFURT_NLB = /elb\.eu-west-1\.amazonaws\.com$/;
const FRANKFURT_CERTIFICATE = "arn:aws:acm:eu-west-1:444455556666:certificate/9f8e7d6c-5b4a-4321-8fed-cba987654321";

// The prod copy's pools after its edits. China overrides the stack-wide growth, headroom and surge, so it plans
// with its own and Frankfurt shows the stack's; China's 500 QPS split 70/30 by the edited shares gives 350 and 150.
const CHINA_G5: PoolPlan = { forecast: { peakQps: 350, monthlyGrowth: 0.15, horizonMonths: 9, headroom: 0.5, surgeFactor: 8, qpsPerGpu: 25, gpusPerNode: 4 }, minNodes: 4 };
const CHINA_G4DN: PoolPlan = { forecast: { peakQps: 150, monthlyGrowth: 0.15, horizonMonths: 9, headroom: 0.5, surgeFactor: 8, qpsPerGpu: 15, gpusPerNode: 4 }, maxNodes: 25 };
const FRANKFURT_G6E: PoolPlan = { forecast: { peakQps: 420, monthlyGrowth: 0.1, horizonMonths: 9, headroom: 0.45, surgeFactor: 12, qpsPerGpu: 30, gpusPerNode: 4 } };
type Unedited = Parameters<typeof planned>[3];
const chinaG5 = (e: Edit, unedited: Unedited) => planned(e, "china-gpu-g5-12xl", CHINA_G5, unedited);
const chinaG4dn = (e: Edit, unedited: Unedited) => planned(e, "china-gpu-g4dn-12xl", CHINA_G4DN, unedited);
const frankfurtG6e = (e: Edit, unedited: Unedited) => planned(e, "frankfurt-gpu-g6e-12xl", FRANKFURT_G6E, unedited);

// The prod copy's model servers after its edits. China's two trade pools; the first becomes standard, the second is renamed.
const CHINA_STANDARD = "china-model-qwen25-7b-standard";
const CHINA_AWQ = "china-model-qwen25-7b-awq-batch";
const FRANKFURT_PREMIUM = "frankfurt-model-qwen25-7b-premium";
const FRANKFURT_BATCH = "frankfurt-model-qwen25-7b-batch";
const scaling = (r: RenderedStack, server: string): Doc => inputs(r, T.scaledObject, server).spec;
const priorityClass = (r: RenderedStack, tier: string): Doc => inputs(r, T.priorityClass, `frankfurt-priorities-${tier}`);
const weightsLifecycle = (r: RenderedStack): Doc =>
  inputs(r, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "frankfurt-weights").rules[0];
const GiB = 1024 ** 3;

/** KEDA's Deployments: the stack file's key and the chart's; each gets its own figures (200m, 300m, 400m...), so a mix-up shows. */
const KEDA_PODS = [["operator", "operator", 2], ["metricsApiServer", "metricServer", 3], ["webhooks", "webhooks", 4]] as const;
const kedaResources: Record<string, Reaches> = Object.fromEntries(KEDA_PODS.flatMap(([deployment, chartKey, n]) => ([
  ["cpuRequest", `${n}00m`, "requests", "cpu"],
  ["memoryRequest", `${n}00Mi`, "requests", "memory"],
  ["cpuLimit", String(n), "limits", "cpu"],
  ["memoryLimit", `${n}Gi`, "limits", "memory"],
] as const).map(([key, value, kind, resource]): [string, Reaches] => [`regions[].serving.keda.resources.${deployment}.${key}`, {
  ...inRegion("prod", "china", `serving.keda.resources.${deployment}.${key}`, value),
  found: (r) => helmValues(r, "china-keda").resources[chartKey][kind][resource],
}])));

/** China's value of `frontDoor.<key>`, found by `read` on both serving routes' BackendTrafficPolicies. */
const onChinaPolicies = (key: string, value: unknown, read: (spec: Doc) => unknown, expected = value): Reaches =>
  ({ ...inRegion("prod", "china", `frontDoor.${key}`, value), found: (r) => onTrafficPolicies(r, "china", read), expected: [expected, expected] });
/** The JWT claim China's front door copies into `header`. */
const claimOf = (r: RenderedStack, header: string): string => named(jwtProvider(r, "china").claimToHeaders, header, "header").claim;
/** The timeout of China's `route`: on its BackendTrafficPolicy, then on each of its rules. */
const routeTimeouts = (r: RenderedStack, route: string): string[] =>
  [trafficPolicy(r, "china", route).timeout.http.requestTimeout, ...routeRules(r, "china", route).map((rule) => rule.timeouts.request)];
const CANARY_WEIGHTS = "qwen2.5-7b-instruct/2024-11-02";
/** Both canary keys set together: one canary needs both. */
const withFrankfurtCanary = (c: Doc) => { regionIn(c, "frankfurt").serving.models[0].canary = { weightPercent: 25, weights: CANARY_WEIGHTS }; };

const WEBHOOK_KEY = "alerting:frankfurtWebhookUrl";
/** Alerts need a receiver: the webhook, from a secret config key, stands in for SNS. */
const withWebhook = (r: Doc, c: Doc) => {
  r.monitoring.alerting.webhookUrlSecret = WEBHOOK_KEY;
  c[WEBHOOK_KEY] = "https://hooks.example.com/services/frankfurt";
};

/** One entry per leaf key of the stack file's schema. */
const TABLE: Record<string, Reaches | Unreached> = {
  owner: { ...top("prod", "owner", "ml-serving"), found: (r) => inputs(r, T.eks, "china-eks").tags.owner },
  // The copy is then held to dev's rules only; what changes is prod's protection of stateful resources.
  environment: { ...top("prod", "environment", "dev"), found: (r) => one(r, T.redis, "china-redis").options.protect, expected: false },
  kubernetesVersion: { ...top("prod", "kubernetesVersion", "1.36"), found: (r) => inputs(r, T.eks, "china-eks").version },
  monthlyGrowthPercent: frankfurtG6e(top("prod", "monthlyGrowthPercent", 10), { monthlyGrowth: 0.2 }),
  headroomPercent: frankfurtG6e(top("prod", "headroomPercent", 45), { headroom: 0.3 }),
  surgeFactor: frankfurtG6e(top("prod", "surgeFactor", 12), { surgeFactor: 10 }),
  planningHorizonMonths: frankfurtG6e(top("prod", "planningHorizonMonths", 9), { horizonMonths: 6 }),

  // Renamed with the DNS route that names it; resources and URNs take the new name.
  "regions[].name": {
    ...inRegion("dev", "shanghai", "name", "hongkong", (_r, c) => { named(dnsIn(c).routes, "shanghai", "region").region = "hongkong"; }),
    found: (r) => inputs(r, T.eks, "hongkong-eks").name,
    expected: "dev-hongkong-eks",
  },
  // An NLB takes only its own region's certificates: the move brings one of eu-west-1.
  "regions[].awsRegion": {
    ...inRegion("prod", "frankfurt", "awsRegion", "eu-west-1", (r) => { r.ingress.certificateArn = FRANKFURT_CERTIFICATE; }),
    found: (r) => [inputs(r, T.awsProvider, "frankfurt-aws").region, envoyService(r, "frankfurt").annotations["service.beta.kubernetes.io/aws-load-balancer-ssl-cert"]],
    expected: ["eu-west-1", FRANKFURT_CERTIFICATE],
  },
  // A region moved to China needs an image mirror, its own profile, a reachable Kafka jar and GPU types offered there; ARNs carry the partition.
  "regions[].partition": {
    ...inRegion("dev", "frankfurt", "partition", "aws-cn", (r) => {
      // A profile holds one partition's credentials: the China account gets its own.
      Object.assign(r, { awsRegion: "cn-northwest-1", imageMirror: "444455556666.dkr.ecr.cn-northwest-1.amazonaws.com.cn/mirror", profile: "inference-dev-cn" });
      r.gpuPools[0].instanceTypes = ["g5.xlarge", "g4dn.xlarge"];
      r.kafka.topicsJob.iamAuthJarUrl = "https://artifacts-444455556666.s3.cn-northwest-1.amazonaws.com.cn/aws-msk-iam-auth-2.3.4-all.jar";
    }),
    found: (r) => inputs(r, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "frankfurt-eks-cluster-policy").policyArn.split(":")[1],
  },
  "regions[].profile": { ...inRegion("prod", "china", "profile", "inference-prod-cn-ops"), found: (r) => inputs(r, T.awsProvider, "china-aws").profile },
  "regions[].assumeRoleArn": {
    ...inRegion("prod", "frankfurt", "assumeRoleArn", "arn:aws:iam::123456789012:role/inference-deploy", (r) => { delete r.profile; }),
    found: (r) => JSON.parse(inputs(r, T.awsProvider, "frankfurt-aws").assumeRoles)[0].roleArn,
  },
  "regions[].vpcCidr": { ...inRegion("prod", "frankfurt", "vpcCidr", "10.22.0.0/16"), found: (r) => inputs(r, "aws:ec2/vpc:Vpc", "frankfurt-net-vpc").cidrBlock },
  // Prod refuses a single NAT gateway: the dev copy keeps one.
  "regions[].natGateways": {
    ...inRegion("dev", "frankfurt", "natGateways", "single"),
    found: (r) => r.resources.filter((x) => x.type === "aws:ec2/natGateway:NatGateway" && x.name.startsWith("frankfurt-net-")).length,
    expected: 1,
  },
  "regions[].imageMirror": {
    ...inRegion("prod", "frankfurt", "imageMirror", "registry.example.com/mirror"),
    found: (r) => inputs(r, "kubernetes:batch/v1:Job", "frankfurt-kafka-topics").spec.template.spec.containers[0].image,
    expected: "registry.example.com/mirror/docker.io/apache/kafka:3.9.1",
  },
  "regions[].chartMirror": {
    ...inRegion("prod", "frankfurt", "chartMirror", "https://charts.example.com/mirror"),
    found: (r) => inputs(r, "kubernetes:helm.sh/v3:Release", "frankfurt-autoscaler").repositoryOpts.repo,
  },
  "regions[].cluster.publicAccessCidrs": {
    ...inRegion("prod", "china", "cluster.publicAccessCidrs", ["198.51.100.0/24"]),
    found: (r) => inputs(r, T.eks, "china-eks").vpcConfig.publicAccessCidrs,
  },
  "regions[].cluster.adminPrincipalArns": {
    ...inRegion("prod", "frankfurt", "cluster.adminPrincipalArns", ["arn:aws:iam::123456789012:role/platform-admin"]),
    found: (r) => [inputs(r, "aws:eks/accessEntry:AccessEntry", "frankfurt-eks-admin-0").principalArn],
  },
  "regions[].cluster.systemInstanceType": {
    ...inRegion("prod", "china", "cluster.systemInstanceType", "m6i.xlarge"),
    found: (r) => inputs(r, T.nodeGroup, "china-eks-system").instanceTypes[0],
  },
  "regions[].cluster.systemMinNodes": { ...inRegion("prod", "china", "cluster.systemMinNodes", 4), found: (r) => inputs(r, T.nodeGroup, "china-eks-system").scalingConfig.minSize },
  "regions[].cluster.systemMaxNodes": { ...inRegion("prod", "china", "cluster.systemMaxNodes", 12), found: (r) => inputs(r, T.nodeGroup, "china-eks-system").scalingConfig.maxSize },
  // The control-plane logs and the VPC flow logs both keep the cluster's retention.
  "regions[].cluster.logRetentionDays": {
    ...inRegion("prod", "china", "cluster.logRetentionDays", 731),
    found: (r) => ["china-eks-control-plane", "china-net-flow-logs"].map((g) => inputs(r, T.logGroup, g).retentionInDays),
    expected: [731, 731],
  },

  "regions[].gpuPools[].name": {
    // The model servers on it follow it to its new name.
    copy: "dev", value: "g5-spot",
    edit: (c) => {
      const r = regionIn(c, "frankfurt");
      named(r.gpuPools, "g5").name = "g5-spot";
      for (const m of r.serving.models) if (m.pool === "g5") m.pool = "g5-spot";
    },
    found: (r) => [
      inputs(r, T.nodeGroup, "frankfurt-gpu-g5-spot").labels["inference.platform/pool"],
      pod(r, "frankfurt-model-qwen25-1-5b-premium").nodeSelector["inference.platform/pool"],
    ],
    expected: ["frankfurt-gpu-g5-spot", "frankfurt-gpu-g5-spot"],
  },
  "regions[].gpuPools[].instanceTypes": {
    ...inPool("frankfurt", "g6e-12xl", "instanceTypes", ["g6e.12xlarge", "g6e.24xlarge"]),
    found: (r) => inputs(r, T.nodeGroup, "frankfurt-gpu-g6e-12xl").instanceTypes,
  },
  "regions[].gpuPools[].capacityType": { ...inPool("china", "g5-12xl", "capacityType", "SPOT"), found: (r) => inputs(r, T.nodeGroup, "china-gpu-g5-12xl").capacityType },
  "regions[].gpuPools[].amiFamily": {
    ...inPool("china", "g4dn-12xl", "amiFamily", "BOTTLEROCKET"),
    found: (r) => inputs(r, T.nodeGroup, "china-gpu-g4dn-12xl").amiType,
    expected: "BOTTLEROCKET_x86_64_NVIDIA",
  },
  "regions[].gpuPools[].rootVolumeGiB": {
    ...inPool("china", "g4dn-12xl", "rootVolumeGiB", 400),
    found: (r) => inputs(r, "aws:ec2/launchTemplate:LaunchTemplate", "china-gpu-g4dn-12xl-lt").blockDeviceMappings[0].ebs.volumeSize,
  },
  "regions[].gpuPools[].qpsPerGpu": chinaG4dn(inPool("china", "g4dn-12xl", "qpsPerGpu", 15), { qpsPerGpu: 12 }),
  "regions[].gpuPools[].gpusPerNode": {
    reason: "a check, not an override: it must equal the GPUs of the pool's instance types (lib/instance-facts.ts), which planning reads " +
      "either way, so no value off the default can change a resource (test/stack/config-inputs.test.ts)",
  },
  "regions[].gpuPools[].trafficSharePercent": chinaG5({
    ...inPool("china", "g5-12xl", "trafficSharePercent", 70),
    edit: (c) => {
      named(regionIn(c, "china").gpuPools, "g5-12xl").trafficSharePercent = 70;
      named(regionIn(c, "china").gpuPools, "g4dn-12xl").trafficSharePercent = 30;
    },
  }, { peakQps: 400 }),
  "regions[].gpuPools[].minNodes": chinaG5(inPool("china", "g5-12xl", "minNodes", 4), { minNodes: undefined }),
  "regions[].gpuPools[].maxNodes": chinaG4dn(inPool("china", "g4dn-12xl", "maxNodes", 25), { maxNodes: undefined }),
  "regions[].traffic.peakQps": frankfurtG6e(inRegion("prod", "frankfurt", "traffic.peakQps", 420), { peakQps: 300 }),
  "regions[].traffic.monthlyGrowthPercent": chinaG5(inRegion("prod", "china", "traffic.monthlyGrowthPercent", 15), { monthlyGrowth: 0.1 }),
  "regions[].traffic.headroomPercent": chinaG5(inRegion("prod", "china", "traffic.headroomPercent", 50), { headroom: 0.45 }),
  "regions[].traffic.surgeFactor": chinaG5(inRegion("prod", "china", "traffic.surgeFactor", 8), { surgeFactor: 12 }),

  // Valkey comes with a Valkey version; the version alone is set on Frankfurt.
  "regions[].redis.engine": {
    ...inRegion("prod", "china", "redis.engine", "valkey", (r) => { r.redis.engineVersion = "8.0"; }),
    found: (r) => inputs(r, T.redis, "china-redis").engine,
  },
  "regions[].redis.engineVersion": { ...inRegion("prod", "frankfurt", "redis.engineVersion", "7.0"), found: (r) => inputs(r, T.redis, "frankfurt-redis").engineVersion },
  "regions[].redis.nodeType": { ...inRegion("prod", "china", "redis.nodeType", "cache.r7g.large"), found: (r) => inputs(r, T.redis, "china-redis").nodeType },
  "regions[].redis.replicas": { ...inRegion("prod", "china", "redis.replicas", 3), found: (r) => inputs(r, T.redis, "china-redis").numCacheClusters, expected: 4 },
  "regions[].redis.multiAz": { ...inRegion("prod", "china", "redis.multiAz", false), found: (r) => inputs(r, T.redis, "china-redis").multiAzEnabled },
  "regions[].redis.snapshotRetentionDays": {
    ...inRegion("prod", "china", "redis.snapshotRetentionDays", 14),
    found: (r) => inputs(r, T.redis, "china-redis").snapshotRetentionLimit,
  },
  "regions[].redis.snapshotWindow": { ...inRegion("prod", "china", "redis.snapshotWindow", "03:00-04:00"), found: (r) => inputs(r, T.redis, "china-redis").snapshotWindow },
  "regions[].redis.maintenanceWindow": {
    ...inRegion("prod", "china", "redis.maintenanceWindow", "tue:05:00-tue:06:00"),
    found: (r) => inputs(r, T.redis, "china-redis").maintenanceWindow,
  },
  "regions[].redis.evictionPolicy": {
    ...inRegion("prod", "china", "redis.evictionPolicy", "allkeys-lru"),
    found: (r) => named(inputs(r, "aws:elasticache/parameterGroup:ParameterGroup", "china-redis-valkey8").parameters, "maxmemory-policy").value,
  },
  "regions[].redis.logRetentionDays": {
    ...inRegion("prod", "china", "redis.logRetentionDays", 60),
    found: (r) => ["slow-log", "engine-log"].map((l) => inputs(r, T.logGroup, `china-redis-${l}`).retentionInDays),
    expected: [60, 60],
  },
  "regions[].redis.port": { ...inRegion("prod", "china", "redis.port", 6380), found: (r) => inputs(r, T.redis, "china-redis").port },
  "regions[].redis.cacheTtlSeconds": {
    ...inRegion("prod", "china", "redis.cacheTtlSeconds", 45),
    found: (r) => inputs(r, T.configMap, "china-redis-connection").data.RESPONSE_CACHE_TTL_SECONDS,
    expected: "45",
  },

  "regions[].kafka.kafkaVersion": { ...inRegion("prod", "china", "kafka.kafkaVersion", "3.7.x"), found: (r) => inputs(r, T.msk, "china-kafka").kafkaVersion },
  "regions[].kafka.brokerInstanceType": {
    ...inRegion("prod", "china", "kafka.brokerInstanceType", "kafka.m7g.large"),
    found: (r) => inputs(r, T.msk, "china-kafka").brokerNodeGroupInfo.instanceType,
  },
  "regions[].kafka.brokerCount": { ...inRegion("prod", "frankfurt", "kafka.brokerCount", 6), found: (r) => inputs(r, T.msk, "frankfurt-kafka").numberOfBrokerNodes },
  "regions[].kafka.volumeSizeGiB": {
    ...inRegion("prod", "china", "kafka.volumeSizeGiB", 800),
    found: (r) => inputs(r, T.msk, "china-kafka").brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize,
  },
  "regions[].kafka.maxVolumeSizeGiB": {
    ...inRegion("prod", "china", "kafka.maxVolumeSizeGiB", 6000),
    found: (r) => inputs(r, "aws:appautoscaling/target:Target", "china-kafka-storage").maxCapacity,
  },
  "regions[].kafka.storageTargetUtilizationPercent": {
    ...inRegion("prod", "china", "kafka.storageTargetUtilizationPercent", 50),
    found: (r) => inputs(r, "aws:appautoscaling/policy:Policy", "china-kafka-storage").targetTrackingScalingPolicyConfiguration.targetValue,
  },
  "regions[].kafka.defaultReplicationFactor": {
    ...inRegion("prod", "frankfurt", "kafka.defaultReplicationFactor", 4),
    found: (r) => brokerProperty(r, "default.replication.factor"),
    expected: "4",
  },
  "regions[].kafka.minInsyncReplicas": { ...inRegion("prod", "frankfurt", "kafka.minInsyncReplicas", 3), found: (r) => brokerProperty(r, "min.insync.replicas"), expected: "3" },
  "regions[].kafka.enhancedMonitoring": { ...inRegion("prod", "china", "kafka.enhancedMonitoring", "PER_BROKER"), found: (r) => inputs(r, T.msk, "china-kafka").enhancedMonitoring },
  "regions[].kafka.logRetentionDays": { ...inRegion("prod", "china", "kafka.logRetentionDays", 120), found: (r) => inputs(r, T.logGroup, "china-kafka-brokers").retentionInDays },
  "regions[].kafka.topics[].name": {
    ...inTopic("frankfurt", "inference-requests", "name", "llm-requests"),
    found: (r) => kafkaConnection(r, "frankfurt").KAFKA_TOPIC_REQUESTS,
  },
  // The results and dead-letter topics trade roles.
  "regions[].kafka.topics[].purpose": {
    ...inTopic("china", "inference-results", "purpose", "deadLetter"),
    edit: (c) => {
      named(regionIn(c, "china").kafka.topics, "inference-results").purpose = "deadLetter";
      named(regionIn(c, "china").kafka.topics, "inference-dead-letter").purpose = "results";
    },
    found: (r) => kafkaConnection(r, "china").KAFKA_TOPIC_DEAD_LETTER,
    expected: "inference-results",
  },
  "regions[].kafka.topics[].partitions": { ...inTopic("china", "inference-requests", "partitions", 30), found: (r) => topicSpec(r, "china", "inference-requests")[0] },
  "regions[].kafka.topics[].replicationFactor": {
    ...inTopic("china", "inference-dead-letter", "replicationFactor", 4),
    found: (r) => topicSpec(r, "china", "inference-dead-letter")[1],
  },
  "regions[].kafka.topics[].retentionHours": {
    ...inTopic("china", "inference-results", "retentionHours", 36),
    found: (r) => topicSpec(r, "china", "inference-results")[2],
    expected: 36 * 3_600_000,
  },
  "regions[].kafka.topics[].minInsyncReplicas": {
    ...inTopic("china", "inference-requests", "minInsyncReplicas", 1),
    found: (r) => topicSpec(r, "china", "inference-requests")[3],
  },
  "regions[].kafka.topicsJob.iamAuthJarUrl": {
    ...inRegion("prod", "frankfurt", "kafka.topicsJob.iamAuthJarUrl", "https://artifacts.example.com/aws-msk-iam-auth-2.3.4-all.jar"),
    found: (r) => topicsJobEnv(r, "frankfurt").JAR_URL,
  },
  "regions[].kafka.topicsJob.iamAuthJarSha256": {
    ...inRegion("prod", "frankfurt", "kafka.topicsJob.iamAuthJarSha256", "ab".repeat(32)),
    found: (r) => topicsJobEnv(r, "frankfurt").JAR_SHA256,
  },
  "regions[].kafka.topicsJob.acceptUnverifiedIamAuthJar": {
    reason: "an acknowledgement, not a setting: it only lifts prod's refusal of a jar off Maven Central without a sha256 " +
      "(test/kafka proves the refusal); the Job is the same either way",
  },
  "regions[].kafka.topicsJob.pruneUndeclared": {
    ...inRegion("prod", "china", "kafka.topicsJob.pruneUndeclared", true),
    found: (r) => topicsJobEnv(r, "china").PRUNE_UNDECLARED,
    expected: "true",
  },
  "regions[].kafka.clients.serviceAccountName": {
    ...inRegion("prod", "china", "kafka.clients.serviceAccountName", "llm-kafka-client"),
    found: (r) => inputs(r, "kubernetes:core/v1:ServiceAccount", "china-kafka-client").metadata.name,
  },
  "regions[].kafka.clients.consumerGroupPrefix": {
    ...inRegion("prod", "china", "kafka.clients.consumerGroupPrefix", "llm-"),
    found: (r) => kafkaConnection(r, "china").KAFKA_CONSUMER_GROUP_PREFIX,
  },

  // The NLB is the front door's proxy Service: its certificate and sources are on the EnvoyProxy.
  "regions[].ingress.certificateArn": {
    ...inRegion("prod", "china", "ingress.certificateArn", "arn:aws-cn:acm:cn-north-1:111122223333:certificate/abc"),
    found: (r) => envoyService(r, "china").annotations["service.beta.kubernetes.io/aws-load-balancer-ssl-cert"],
  },
  "regions[].ingress.allowedSourceCidrs": {
    ...inRegion("prod", "china", "ingress.allowedSourceCidrs", ["203.0.113.0/24"]),
    found: (r) => envoyService(r, "china").loadBalancerSourceRanges,
  },
  "regions[].ingress.controllerReplicas": {
    ...inRegion("prod", "china", "ingress.controllerReplicas", 3),
    found: (r) => helmValues(r, "china-ingress-lb-controller").replicaCount,
  },

  // China's front door; the per-minute rate is Frankfurt's, so each product below shows one key.
  "regions[].frontDoor.auth.issuer": {
    ...inRegion("prod", "china", "frontDoor.auth.issuer", "https://login.inference.example.cn/"),
    found: (r) => jwtProvider(r, "china").issuer,
  },
  "regions[].frontDoor.auth.jwksUri": {
    ...inRegion("prod", "china", "frontDoor.auth.jwksUri", "https://login.inference.example.cn/keys"),
    found: (r) => jwtProvider(r, "china").remoteJWKS.uri,
  },
  "regions[].frontDoor.auth.audiences": {
    ...inRegion("prod", "china", "frontDoor.auth.audiences", ["inference-api", "inference-batch"]),
    found: (r) => jwtProvider(r, "china").audiences,
  },
  "regions[].frontDoor.auth.tierClaim": { ...inRegion("prod", "china", "frontDoor.auth.tierClaim", "plan"), found: (r) => claimOf(r, "x-inference-tier") },
  "regions[].frontDoor.auth.clientClaim": { ...inRegion("prod", "china", "frontDoor.auth.clientClaim", "client_id"), found: (r) => claimOf(r, "x-inference-client") },
  // Rate-limit rules: premium per client, free per client, free clients together.
  "regions[].frontDoor.tierWeights.premium": onChinaPolicies("tierWeights.premium", 200, (s) => s.rateLimit.global.rules[0].limit.requests),
  "regions[].frontDoor.tierWeights.free": onChinaPolicies("tierWeights.free", 20, (s) => s.rateLimit.global.rules[1].limit.requests),
  "regions[].frontDoor.requestsPerWeightPerMinute": {
    ...inRegion("prod", "frankfurt", "frontDoor.requestsPerWeightPerMinute", 3),
    found: (r) => onTrafficPolicies(r, "frankfurt", (s) => s.rateLimit.global.rules.slice(0, 2).map((rule: Doc) => rule.limit.requests)),
    expected: [[300, 30], [300, 30]],
  },
  // On the route's policy and on each of its rules.
  "regions[].frontDoor.timeouts.generationSeconds": {
    ...inRegion("prod", "china", "frontDoor.timeouts.generationSeconds", 600),
    // China runs no canary: its two serving rules (premium, everyone else) and the route's traffic policy.
    found: (r) => routeTimeouts(r, "generation"),
    expected: Array(3).fill("600s"),
  },
  "regions[].frontDoor.timeouts.apiMilliseconds": {
    ...inRegion("prod", "china", "frontDoor.timeouts.apiMilliseconds", 1500),
    found: (r) => routeTimeouts(r, "api"),
    expected: Array(3).fill("1s500ms"),
  },
  "regions[].frontDoor.retry.attempts": onChinaPolicies("retry.attempts", 2, (s) => s.retry.numRetries),
  // The first back-off is also what a 429 tells the client to wait.
  "regions[].frontDoor.retry.backoffBaseSeconds": onChinaPolicies(
    "retry.backoffBaseSeconds", 2,
    (s) => [s.retry.perRetry.backOff.baseInterval, named(s.responseOverride[0].response.header.set, "Retry-After").value], ["2s", "2"],
  ),
  "regions[].frontDoor.retry.backoffMaxSeconds": onChinaPolicies("retry.backoffMaxSeconds", 20, (s) => s.retry.perRetry.backOff.maxInterval, "20s"),
  "regions[].frontDoor.retry.budgetPercent": onChinaPolicies("retry.budgetPercent", 10, (s) => s.circuitBreaker.retryBudget.percent.numerator),
  "regions[].frontDoor.circuitBreaker.maxPendingRequests": onChinaPolicies("circuitBreaker.maxPendingRequests", 512, (s) => s.circuitBreaker.maxPendingRequests),
  "regions[].frontDoor.circuitBreaker.maxParallelRequests": onChinaPolicies("circuitBreaker.maxParallelRequests", 2048, (s) => s.circuitBreaker.maxParallelRequests),
  "regions[].frontDoor.outlierDetection.consecutive5xx": onChinaPolicies("outlierDetection.consecutive5xx", 3, (s) => s.healthCheck.passive.consecutive5XxErrors),
  "regions[].frontDoor.outlierDetection.intervalSeconds": onChinaPolicies("outlierDetection.intervalSeconds", 5, (s) => s.healthCheck.passive.interval, "5s"),
  "regions[].frontDoor.outlierDetection.baseEjectionSeconds": onChinaPolicies("outlierDetection.baseEjectionSeconds", 60, (s) => s.healthCheck.passive.baseEjectionTime, "60s"),
  "regions[].frontDoor.outlierDetection.maxEjectionPercent": onChinaPolicies("outlierDetection.maxEjectionPercent", 34, (s) => s.healthCheck.passive.maxEjectionPercent),
  "regions[].frontDoor.proxyReplicas": { ...inRegion("prod", "china", "frontDoor.proxyReplicas", 4), found: (r) => envoyProxy(r, "china").envoyDeployment.replicas },

  "regions[].monitoring.namespace": {
    ...inRegion("prod", "china", "monitoring.namespace", "observability"),
    found: (r) => inputs(r, "kubernetes:core/v1:Namespace", "china-monitoring-ns").metadata.name,
  },
  "regions[].monitoring.retention": { ...inRegion("prod", "china", "monitoring.retention", "45d"), found: (r) => prometheus(r).retention },
  "regions[].monitoring.storageGiB": {
    ...inRegion("prod", "china", "monitoring.storageGiB", 300),
    found: (r) => prometheus(r).storageSpec.volumeClaimTemplate.spec.resources.requests.storage,
    expected: "300Gi",
  },
  "regions[].monitoring.prometheusReplicas": { ...inRegion("prod", "china", "monitoring.prometheusReplicas", 3), found: (r) => prometheus(r).replicas },
  "regions[].monitoring.alertmanagerReplicas": {
    ...inRegion("prod", "china", "monitoring.alertmanagerReplicas", 5),
    found: (r) => helmValues(r, "china-monitoring-kps").alertmanager.alertmanagerSpec.replicas,
  },
  "regions[].monitoring.alerting.sns": {
    ...inRegion("prod", "frankfurt", "monitoring.alerting.sns", false, withWebhook),
    found: (r) => "sns_configs" in frankfurtReceiver(r),
  },
  // The URL lands only in a Secret, masked in the plan, which Alertmanager reads by file.
  "regions[].monitoring.alerting.webhookUrlSecret": {
    ...inRegion("prod", "frankfurt", "monitoring.alerting.webhookUrlSecret", WEBHOOK_KEY, withWebhook),
    found: (r) => [inputs(r, "kubernetes:core/v1:Secret", "frankfurt-monitoring-alert-webhook").stringData, frankfurtReceiver(r).webhook_configs[0].url_file],
    expected: ["[secret]", "/etc/alertmanager/secrets/alert-webhook/url"],
  },
  "regions[].monitoring.alerting.notifyEmails": {
    ...inRegion("prod", "frankfurt", "monitoring.alerting.notifyEmails", ["oncall@example.com"]),
    found: (r) => [inputs(r, T.subscription, "frankfurt-monitoring-alarms-email-0").endpoint],
  },
  "regions[].monitoring.thresholds.latencyP99Seconds": {
    ...inRegion("prod", "china", "monitoring.thresholds.latencyP99Seconds", 1.2),
    found: (r) => ruleThreshold(r, "InferenceLatencyP99High"),
  },
  "regions[].monitoring.thresholds.errorRatioPercent": {
    ...inRegion("prod", "china", "monitoring.thresholds.errorRatioPercent", 2.5),
    found: (r) => ruleThreshold(r, "InferenceErrorRatioHigh"),
  },
  "regions[].monitoring.thresholds.queueDepthPerServer": {
    ...inRegion("prod", "china", "monitoring.thresholds.queueDepthPerServer", 35),
    found: (r) => ruleThreshold(r, "InferenceQueueDepthHigh"),
  },
  "regions[].monitoring.thresholds.gpuUtilHighPercent": {
    ...inRegion("prod", "china", "monitoring.thresholds.gpuUtilHighPercent", 85),
    found: (r) => ruleThreshold(r, "GpuUtilisationHigh"),
  },
  "regions[].monitoring.thresholds.gpuUtilLowPercent": {
    ...inRegion("prod", "china", "monitoring.thresholds.gpuUtilLowPercent", 15),
    found: (r) => ruleThreshold(r, "GpuUtilisationLow"),
  },
  "regions[].monitoring.thresholds.gpuPodsPendingMinutes": {
    ...inRegion("prod", "china", "monitoring.thresholds.gpuPodsPendingMinutes", 20),
    found: (r) => alertRule(r, "china", "GpuPodsPending").for,
    expected: "20m",
  },
  "regions[].monitoring.thresholds.nodeNotReadyMinutes": {
    ...inRegion("prod", "china", "monitoring.thresholds.nodeNotReadyMinutes", 7),
    found: (r) => alertRule(r, "china", "NodeNotReady").for,
    expected: "7m",
  },
  "regions[].monitoring.thresholds.kafkaConsumerLag": {
    ...inRegion("prod", "china", "monitoring.thresholds.kafkaConsumerLag", 25000),
    found: (r) => ruleThreshold(r, "KafkaRequestConsumerLagHigh"),
  },
  "regions[].monitoring.thresholds.redisMemoryPercent": {
    ...inRegion("prod", "china", "monitoring.thresholds.redisMemoryPercent", 70),
    found: (r) => [ruleThreshold(r, "RedisMemoryHigh"), alarmThreshold(r, "redis-1-memory")],
    expected: [70, 70],
  },
  // The alarm counts the evictions of its 5-minute period.
  "regions[].monitoring.thresholds.redisEvictionsPerMinute": {
    ...inRegion("prod", "china", "monitoring.thresholds.redisEvictionsPerMinute", 3),
    found: (r) => [ruleThreshold(r, "RedisEvictions"), alarmThreshold(r, "redis-1-evictions")],
    expected: [3, 15],
  },
  "regions[].monitoring.thresholds.redisCpuPercent": {
    ...inRegion("prod", "china", "monitoring.thresholds.redisCpuPercent", 75),
    found: (r) => [alarmThreshold(r, "redis-1-cpu"), alarmThreshold(r, "redis-1-engine-cpu")],
    expected: [75, 75],
  },
  "regions[].monitoring.thresholds.redisReplicationLagSeconds": {
    ...inRegion("prod", "china", "monitoring.thresholds.redisReplicationLagSeconds", 6),
    found: (r) => alarmThreshold(r, "redis-1-replication-lag"),
  },
  "regions[].monitoring.thresholds.kafkaDiskUsedPercent": {
    ...inRegion("prod", "china", "monitoring.thresholds.kafkaDiskUsedPercent", 70),
    found: (r) => alarmThreshold(r, "kafka-broker-1-disk"),
  },
  // The canary is compared with its stable track: a ratio of p99s, a margin of 5xx ratios (percentage points as a fraction).
  "regions[].monitoring.thresholds.canaryLatencyP99Ratio": {
    ...inRegion("prod", "china", "monitoring.thresholds.canaryLatencyP99Ratio", 1.5),
    found: (r) => Number(/ \* (\S+)\)/.exec(alertRule(r, "china", "CanaryLatencyWorseThanStable").expr)![1]),
  },
  "regions[].monitoring.thresholds.canaryErrorMarginPercent": {
    ...inRegion("prod", "china", "monitoring.thresholds.canaryErrorMarginPercent", 2.5),
    found: (r) => Number(/ \+ (\S+)\)/.exec(alertRule(r, "china", "CanaryErrorsWorseThanStable").expr)![1]),
    expected: 0.025,
  },
  "regions[].monitoring.metrics.latencyHistogram": metric("latencyHistogram", "tgi_request_duration_seconds", RULES_AND_BOARD, "tgi_request_duration_seconds_bucket"),
  "regions[].monitoring.metrics.requestsWaiting": metric("requestsWaiting", "tgi_queue_size", RULES_AND_BOARD),
  "regions[].monitoring.metrics.requestsRunning": metric("requestsRunning", "tgi_batch_current_size", BOARD),
  "regions[].monitoring.metrics.requestSuccess": {
    reason: "no alert rule or dashboard reads it (metric-sources.ts only lists it among the model server's metrics), so no resource carries it",
  },
  "regions[].monitoring.metrics.httpRequests": metric("httpRequests", "tgi_http_requests_total", RULES_AND_BOARD),
  "regions[].monitoring.metrics.httpStatusLabel": metric("httpStatusLabel", "code", RULES_AND_BOARD, "{code=~"),
  "regions[].monitoring.metrics.cacheHits": metric("cacheHits", "tgi_cache_hits_total", BOARD),
  "regions[].monitoring.metrics.cacheQueries": metric("cacheQueries", "tgi_cache_queries_total", BOARD),
  "regions[].monitoring.requestTopic": {
    reason: "a Monitoring setting the region sets itself from kafka.topics[] (purpose requests): a region's stack file refuses it " +
      "(test/stack/config.test.ts), so the lag alert can never watch a topic other than the one Kafka creates",
  },
  "regions[].monitoring.runbookBaseUrl": {
    ...inRegion("prod", "china", "monitoring.runbookBaseUrl", "https://runbooks.example.com/inference.md"),
    found: (r) => [alertRule(r, "china", "NodeNotReady").annotations.runbook_url, inputs(r, T.alarm, "china-monitoring-redis-1-cpu").alarmDescription.split("Runbook: ")[1]],
    expected: ["https://runbooks.example.com/inference.md#nodenotready", "https://runbooks.example.com/inference.md#elasticachecpuhigh"],
  },
  "regions[].monitoring.installEbsCsiDriver": {
    ...inRegion("prod", "china", "monitoring.installEbsCsiDriver", false),
    found: (r) => find(r, "aws:eks/addon:Addon", "china-monitoring-ebs-csi") !== undefined,
  },

  // Model servers, by index in serving.models: China's [0] is premium on the A10G pool, [1] batch on the T4 pool.
  "regions[].serving.models[].modelName": {
    ...inModel("china", 1, "modelName", "qwen25-7b-awq"),
    found: (r) => [inputs(r, T.deployment, CHINA_AWQ).metadata.labels["inference.platform/model"], inputs(r, T.pdb, CHINA_AWQ).metadata.name],
    expected: ["qwen25-7b-awq", "qwen25-7b-awq-batch"],
  },
  "regions[].serving.models[].servedModelName": {
    ...inModel("china", 0, "servedModelName", "qwen2.5-7b"),
    found: (r) => vllmFlag(r, CHINA_STANDARD, "served-model-name"),
  },
  "regions[].serving.models[].tier": {
    ...inModel("china", 0, "tier", "standard"),
    found: (r) => [pod(r, CHINA_STANDARD).priorityClassName, inputs(r, T.scaledObject, CHINA_STANDARD).metadata.labels["inference.platform/tier"]],
    expected: ["standard", "standard"],
  },
  // The two servers trade pools, which keeps one server per pool.
  "regions[].serving.models[].pool": {
    copy: "prod", value: "g4dn-12xl",
    edit: (c) => {
      const [first, second] = regionIn(c, "china").serving.models;
      [first.pool, second.pool] = ["g4dn-12xl", "g5-12xl"];
    },
    found: (r) => [CHINA_STANDARD, CHINA_AWQ].map((s) => pod(r, s).nodeSelector["inference.platform/pool"]),
    expected: ["china-gpu-g4dn-12xl", "china-gpu-g5-12xl"],
  },
  "regions[].serving.models[].weights": {
    ...inModel("china", 1, "weights", "qwen2.5-7b-instruct-awq/2024-10-01"),
    found: (r) => vllm(r, CHINA_AWQ).args[0],
    expected: "s3://prod-china-weights/qwen2.5-7b-instruct-awq/2024-10-01",
  },
  "regions[].serving.models[].tensorParallelSize": replicasPlanned(
    inModel("china", 0, "tensorParallelSize", 2), CHINA_STANDARD, { pool: CHINA_G4DN, poolSharePercent: 100, tensorParallelSize: 2 }, { tensorParallelSize: 1 },
    { found: (r) => [vllmFlag(r, CHINA_STANDARD, "tensor-parallel-size"), vllm(r, CHINA_STANDARD).resources.limits["nvidia.com/gpu"]], expected: ["2", "2"] },
  ),
  "regions[].serving.models[].poolSharePercent": replicasPlanned(
    inModel("frankfurt", 0, "poolSharePercent", 70), FRANKFURT_PREMIUM, { pool: FRANKFURT_G6E, poolSharePercent: 70, tensorParallelSize: 1 }, { poolSharePercent: 80 },
  ),
  "regions[].serving.models[].cpu": { ...inModel("china", 0, "cpu", "6"), found: (r) => vllm(r, CHINA_STANDARD).resources.requests.cpu },
  "regions[].serving.models[].memory": {
    ...inModel("china", 0, "memory", "48Gi"),
    found: (r) => [vllm(r, CHINA_STANDARD).resources.requests.memory, vllm(r, CHINA_STANDARD).resources.limits.memory],
    expected: ["48Gi", "48Gi"],
  },
  // The model streamer's buffer gets half of what /dev/shm leaves of the (edited) 48Gi.
  "regions[].serving.models[].shmSizeGiB": {
    ...inModel("china", 0, "shmSizeGiB", 6),
    found: (r) => [
      named(pod(r, CHINA_STANDARD).volumes, "shm").emptyDir.sizeLimit,
      named(vllm(r, CHINA_STANDARD).env, "RUNAI_STREAMER_MEMORY_LIMIT").value,
    ],
    expected: ["6Gi", String(21 * GiB)],
  },
  "regions[].serving.models[].maxModelLen": {
    ...inModel("china", 0, "maxModelLen", 16384),
    found: (r) => vllmFlag(r, CHINA_STANDARD, "max-model-len"),
    expected: "16384",
  },
  "regions[].serving.models[].extraArgs": {
    ...inModel("china", 1, "extraArgs", ["--enable-prefix-caching", "--gpu-memory-utilization=0.92"]),
    found: (r) => vllm(r, CHINA_AWQ).args.slice(-2),
  },
  "regions[].serving.models[].queueTarget": {
    ...inModel("china", 1, "queueTarget", 30),
    found: (r) => scaling(r, CHINA_AWQ).triggers[0].metadata.threshold,
    expected: "30",
  },
  "regions[].serving.models[].scaleDownStabilizationSeconds": {
    ...inModel("china", 1, "scaleDownStabilizationSeconds", 900),
    found: (r) => scaling(r, CHINA_AWQ).advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds,
  },
  "regions[].serving.models[].pollingIntervalSeconds": { ...inModel("china", 1, "pollingIntervalSeconds", 30), found: (r) => scaling(r, CHINA_AWQ).pollingInterval },
  // Probed every 10 s; the rollout deadline adds 900 s for a new node and the image pull.
  "regions[].serving.models[].startupSeconds": {
    ...inModel("china", 0, "startupSeconds", 1200),
    found: (r) => [vllm(r, CHINA_STANDARD).startupProbe.failureThreshold, inputs(r, T.deployment, CHINA_STANDARD).spec.progressDeadlineSeconds],
    expected: [120, 2100],
  },
  // vLLM drains for what is left of the grace: 180 − 30 − 5 s to exit.
  "regions[].serving.models[].deregistrationDelaySeconds": {
    ...inModel("china", 1, "deregistrationDelaySeconds", 30),
    found: (r) => [vllm(r, CHINA_AWQ).lifecycle.preStop.sleep.seconds, vllmFlag(r, CHINA_AWQ, "shutdown-timeout")],
    expected: [30, "145"],
  },
  "regions[].serving.models[].terminationGracePeriodSeconds": {
    ...inModel("china", 0, "terminationGracePeriodSeconds", 300),
    found: (r) => [pod(r, CHINA_STANDARD).terminationGracePeriodSeconds, vllmFlag(r, CHINA_STANDARD, "shutdown-timeout")],
    expected: [300, "280"],
  },
  // Inside the bounds on either pool (T4: 10 to 80, A10G: 14 to 112); unset, the fallback is the minimum.
  "regions[].serving.models[].fallbackReplicas": { ...inModel("china", 1, "fallbackReplicas", 20), found: (r) => scaling(r, CHINA_AWQ).fallback.replicas },

  // Frankfurt's premium server gets a canary: its own Deployment on the canary's weights, a quarter of the premium routes.
  "regions[].serving.models[].canary.weightPercent": {
    copy: "prod", value: 25, edit: withFrankfurtCanary,
    found: (r) => ["generation", "api"].map((route) => named(routeRules(r, "frankfurt", route), `${route}-premium`).backendRefs.map((b: Doc) => [b.name, b.weight])),
    expected: Array(2).fill([["qwen25-7b-premium", 75], ["qwen25-7b-premium-canary", 25]]),
  },
  "regions[].serving.models[].canary.weights": {
    copy: "prod", value: CANARY_WEIGHTS, edit: withFrankfurtCanary,
    found: (r) => vllm(r, `${FRANKFURT_PREMIUM}-canary`).args[0],
    expected: `s3://acme-prod-frankfurt-weights/${CANARY_WEIGHTS}`,
  },

  "regions[].serving.weights.noncurrentVersionExpirationDays": {
    ...inRegion("prod", "frankfurt", "serving.weights.noncurrentVersionExpirationDays", 14),
    found: (r) => weightsLifecycle(r).noncurrentVersionExpiration.noncurrentDays,
  },
  "regions[].serving.weights.abortIncompleteUploadDays": {
    ...inRegion("prod", "frankfurt", "serving.weights.abortIncompleteUploadDays", 3),
    found: (r) => weightsLifecycle(r).abortIncompleteMultipartUpload.daysAfterInitiation,
  },
  // The account, the pods that run as it, and the Pod Identity binding its role.
  "regions[].serving.weights.serviceAccountName": {
    ...inRegion("prod", "frankfurt", "serving.weights.serviceAccountName", "vllm-weights"),
    found: (r) => [
      inputs(r, "kubernetes:core/v1:ServiceAccount", "frankfurt-weights-reader").metadata.name,
      pod(r, FRANKFURT_BATCH).serviceAccountName,
      inputs(r, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "frankfurt-weights-reader-identity").serviceAccount,
    ],
    expected: ["vllm-weights", "vllm-weights", "vllm-weights"],
  },
  "regions[].serving.weights.bucketNamePrefix": {
    ...inRegion("prod", "frankfurt", "serving.weights.bucketNamePrefix", "acme-"),
    found: (r) => [inputs(r, "aws:s3/bucket:Bucket", "frankfurt-weights").bucket, vllm(r, FRANKFURT_PREMIUM).args[0]],
    expected: ["acme-prod-frankfurt-weights", "s3://acme-prod-frankfurt-weights/qwen2.5-7b-instruct/2024-09-19"],
  },

  "regions[].serving.keda.namespace": { ...inRegion("prod", "china", "serving.keda.namespace", "autoscaling"), found: (r) => inputs(r, "kubernetes:helm.sh/v3:Release", "china-keda").namespace },
  "regions[].serving.keda.replicas": {
    ...inRegion("prod", "china", "serving.keda.replicas", 3),
    found: (r) => (["operator", "metricsServer", "webhooks"] as const).map((d) => helmValues(r, "china-keda")[d].replicaCount),
    expected: [3, 3, 3],
  },
  ...kedaResources,

  // Frankfurt's tiers keep their order (premium > standard > batch); a server's pods name its tier's class.
  "regions[].serving.priorities.premium.name": {
    ...inRegion("prod", "frankfurt", "serving.priorities.premium.name", "interactive"),
    found: (r) => [priorityClass(r, "premium").metadata.name, pod(r, FRANKFURT_PREMIUM).priorityClassName],
    expected: ["interactive", "interactive"],
  },
  "regions[].serving.priorities.premium.value": { ...inRegion("prod", "frankfurt", "serving.priorities.premium.value", 5000), found: (r) => priorityClass(r, "premium").value },
  "regions[].serving.priorities.standard.name": {
    ...inRegion("prod", "frankfurt", "serving.priorities.standard.name", "paid"),
    found: (r) => priorityClass(r, "standard").metadata.name,
  },
  "regions[].serving.priorities.standard.value": { ...inRegion("prod", "frankfurt", "serving.priorities.standard.value", 500), found: (r) => priorityClass(r, "standard").value },
  "regions[].serving.priorities.batch.name": {
    ...inRegion("prod", "frankfurt", "serving.priorities.batch.name", "background"),
    found: (r) => [priorityClass(r, "batch").metadata.name, pod(r, FRANKFURT_BATCH).priorityClassName],
    expected: ["background", "background"],
  },
  "regions[].serving.priorities.batch.value": { ...inRegion("prod", "frankfurt", "serving.priorities.batch.value", 50), found: (r) => priorityClass(r, "batch").value },

  "dns.zone.id": { ...inDns("dev", "zone.id", "Z0DEVOTHERZONE"), found: (r) => record(r, "latency-hongkong").zoneId },
  "dns.zone.create": {
    ...inDns("prod", "zone.create", "inference.example.com", (dns) => { delete dns.zone.id; }),
    found: (r) => inputs(r, "aws:route53/zone:Zone", "dns-zone").name,
  },
  "dns.recordName": { ...inDns("dev", "recordName", "llm.dev.inference.example.com"), found: (r) => record(r, "latency-frankfurt").name },
  "dns.routingPolicy": {
    ...inDns("dev", "routingPolicy", "latency"),
    found: (r) => record(r, "latency-frankfurt").latencyRoutingPolicies,
    expected: [{ region: "cn-northwest-1" }],
  },
  // Every geolocation record changes region, so none keeps its target by accident.
  "dns.routes[].location": {
    copy: "prod", value: "country:JP",
    edit: (c) => { dnsIn(c).routes.push({ location: "country:JP", region: "frankfurt" }); },
    found: (r) => [record(r, "country-JP").geolocationRoutingPolicies, FRANKFURT_NLB.test(record(r, "country-JP").records[0])],
    expected: [[{ country: "JP" }], true],
  },
  "dns.routes[].region": {
    copy: "prod", value: "frankfurt",
    edit: (c) => { named(dnsIn(c).routes, "country:CN", "location").region = "frankfurt"; },
    found: (r) => FRANKFURT_NLB.test(record(r, "country-CN").records[0]),
    expected: true,
  },
  "dns.defaultRegion": { ...inDns("prod", "defaultRegion", "china"), found: (r) => CHINA_NLB.test(record(r, "default").records[0]), expected: true },
  "dns.ttlSeconds": { ...inDns("prod", "ttlSeconds", 30), found: (r) => record(r, "default").ttl },
  "dns.healthCheck.path": { ...inDns("prod", "healthCheck.path", "/ready"), found: (r) => inputs(r, T.healthCheck, "dns-frankfurt").resourcePath },
  "dns.healthCheck.intervalSeconds": { ...inDns("prod", "healthCheck.intervalSeconds", 10), found: (r) => inputs(r, T.healthCheck, "dns-frankfurt").requestInterval },
  "dns.healthCheck.failureThreshold": { ...inDns("prod", "healthCheck.failureThreshold", 7), found: (r) => inputs(r, T.healthCheck, "dns-frankfurt").failureThreshold },
  "dns.healthCheck.port": { ...inDns("prod", "healthCheck.port", 8443), found: (r) => inputs(r, T.healthCheck, "dns-frankfurt").port },
  "dns.alarms": { ...inDns("dev", "alarms", false), found: (r) => r.resources.some((x) => x.type === T.alarm && x.name.startsWith("dns-")) },
  "dns.alarmEmails": { ...inDns("prod", "alarmEmails", ["dns-oncall@example.com"]), found: (r) => [inputs(r, T.subscription, "dns-alarms-0").endpoint] },
  "dns.profile": { ...inDns("prod", "profile", "inference-prod-dns"), found: (r) => inputs(r, T.awsProvider, "dns-aws").profile },
  "dns.assumeRoleArn": {
    ...inDns("dev", "assumeRoleArn", "arn:aws:iam::444455556666:role/dns-admin", (dns) => { delete dns.profile; }),
    found: (r) => JSON.parse(inputs(r, T.awsProvider, "dns-aws").assumeRoles)[0].roleArn,
  },
};

const LEAVES = leafKeys(stackConfigSchema);
const reaching = Object.entries(TABLE).filter((entry): entry is [string, Reaches] => "found" in entry[1]);
const unreached = Object.entries(TABLE).filter((entry): entry is [string, Unreached] => "reason" in entry[1]);

/** Defaults of the stack-wide keys, which Pulumi.yaml declares. */
function projectDefaults(): Record<string, unknown> {
  const decls = parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")).config as Record<string, { default?: unknown }>;
  return Object.fromEntries(Object.entries(decls).filter(([, d]) => "default" in d).map(([k, d]) => [k, d.default]));
}

describe("the table of stack-file keys", () => {
  it("has one entry per leaf key of the schema, and none for a key the schema lacks", () => {
    const keys = LEAVES.map((k) => k.path);
    const missing = keys.filter((k) => !(k in TABLE));
    const unknown = Object.keys(TABLE).filter((k) => !keys.includes(k));
    expect({ missing, unknown }).toEqual({ missing: [], unknown: [] });
    expect(keys.length).toBeGreaterThan(100);
  });

  it("sets every key off its default (the schema's, or Pulumi.yaml's for the stack-wide keys)", () => {
    const fromProject = projectDefaults();
    const onDefault = LEAVES.flatMap((k) => {
      const dflt = k.default ? k.default.value : fromProject[k.path];
      const entry = TABLE[k.path];
      return dflt !== undefined && entry && "value" in entry && JSON.stringify(entry.value) === JSON.stringify(dflt) ? [k.path] : [];
    });
    expect(onDefault).toEqual([]);
  });

  it("changes a pool's node counts, or a model server's replica bounds, with every key that shapes planning", () => {
    for (const [key, e] of reaching) if ("without" in e) expect(e.expected, key).not.toEqual(e.without);
  });

  it("leaves only a short, explained list of keys that reach no resource", () => {
    expect(unreached.map(([key]) => key)).toEqual([
      "regions[].gpuPools[].gpusPerNode",
      "regions[].kafka.topicsJob.acceptUnverifiedIamAuthJar",
      "regions[].monitoring.metrics.requestSuccess",
      "regions[].monitoring.requestTopic",
    ]);
  });
});

describe("every key set off its default reaches the resource that carries it", () => {
  const renders: Partial<Record<Copy, RenderedStack>> = {};
  // One copy of each real stack file with every edit meant for it, rendered once.
  beforeAll(async () => {
    for (const copy of ["prod", "dev"] as const) {
      const edits = reaching.filter(([, e]) => e.copy === copy);
      const stackFile = editedStackFile(copy, (c) => edits.forEach(([, e]) => e.edit(c)));
      renders[copy] = await renderStack({ stack: copy, stackFile });
    }
  });

  it.each(reaching)("%s", (_key, e) => {
    expect(e.found(renders[e.copy]!)).toEqual("expected" in e ? e.expected : e.value);
  });
});
