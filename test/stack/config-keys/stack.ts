// Stack-file keys of the stack as a whole and of each region's account, network, cluster, GPU pools and traffic.
import {
  dnsIn, envoyService, inPool, inputs, inRegion, named, one, planned, pod, regionIn, top, type Edit, type Reaches, type Unreached,
} from "../../support/config-keys";
import { CHINA_G4DN, CHINA_G5, FRANKFURT_G6E, T } from "./shared";

// The awsRegion edit moves Frankfurt to eu-west-1, with a certificate of its new region.
const FRANKFURT_CERTIFICATE = "arn:aws:acm:eu-west-1:444455556666:certificate/9f8e7d6c-5b4a-4321-8fed-cba987654321";

type Unedited = Parameters<typeof planned>[3];
const chinaG5 = (e: Edit, unedited: Unedited) => planned(e, "china-gpu-g5-12xl", CHINA_G5, unedited);
const chinaG4dn = (e: Edit, unedited: Unedited) => planned(e, "china-gpu-g4dn-12xl", CHINA_G4DN, unedited);
const frankfurtG6e = (e: Edit, unedited: Unedited) => planned(e, "frankfurt-gpu-g6e-12xl", FRANKFURT_G6E, unedited);

export const STACK_KEYS: Record<string, Reaches | Unreached> = {
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
};
