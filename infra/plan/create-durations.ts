/**
 * Typical create times by resource type, for the deploy critical path
 * (critical-path.ts). These are typical figures, not ceilings: the
 * `customTimeouts` in the plan are ceilings. Each entry says what it rests on
 * and where that comes from; "estimate" marks a figure reasoned from what the
 * tool waits for, where no measured create time was found.
 */
import type { RenderedResource } from "../../policy/plan";

/** When the figures below were looked up. */
export const RECORDED = "2026-11-29";

/** Minutes assumed for a type the table does not list: one API call and a short wait. */
export const DEFAULT_MINUTES = 0.5;

/** A typical create time and where it comes from. */
export interface CreateDuration {
  minutes: number;
  /** What the figure rests on, in a few words. */
  basis: string;
  /** Where that comes from (URLs). */
  sources: readonly string[];
  /** False when the type is not in the table and DEFAULT_MINUTES was used. */
  listed: boolean;
}

type Entry = Omit<CreateDuration, "listed">;

const TF_AWS_APPLY_LOGS = [
  "https://github.com/DevopsArtFactory/terraform-provisioning/pull/7",
  "https://github.com/turbot/steampipe-plugin-aws/pull/131",
  "https://github.com/terraform-aws-modules/terraform-aws-eks/issues/2203",
];

/** Control-plane calls that return within seconds (0–7 s in the apply logs above). */
const QUICK_AWS: Entry = { minutes: 0.1, basis: "one API call, 0–7 s in terraform apply logs", sources: TF_AWS_APPLY_LOGS };
const QUICK_AWS_TYPES = [
  "aws:ec2/internetGateway:InternetGateway", "aws:ec2/routeTable:RouteTable", "aws:ec2/route:Route",
  "aws:ec2/routeTableAssociation:RouteTableAssociation", "aws:ec2/eip:Eip", "aws:ec2/securityGroup:SecurityGroup",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:ec2/launchTemplate:LaunchTemplate", "aws:ec2/flowLog:FlowLog",
  "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "aws:eks/podIdentityAssociation:PodIdentityAssociation",
  "aws:cloudwatch/logGroup:LogGroup", "aws:cloudwatch/metricAlarm:MetricAlarm", "aws:sns/topic:Topic", "aws:sns/topicPolicy:TopicPolicy",
  "aws:msk/configuration:Configuration", "aws:elasticache/subnetGroup:SubnetGroup", "aws:elasticache/parameterGroup:ParameterGroup",
  "aws:appautoscaling/target:Target", "aws:appautoscaling/policy:Policy", "aws:route53/healthCheck:HealthCheck",
];

/** Pulumi's Kubernetes provider marks these ready once the API server has stored them. */
const K8S_AWAIT = "https://www.pulumi.com/blog/improving-kubernetes-management-with-pulumis-await-logic/";
const QUICK_K8S: Entry = { minutes: 0.1, basis: "estimate: an API-server write, no readiness to await", sources: [K8S_AWAIT] };
const QUICK_K8S_TYPES = [
  "kubernetes:core/v1:Namespace", "kubernetes:core/v1:ConfigMap", "kubernetes:core/v1:Secret", "kubernetes:core/v1:ServiceAccount",
  "kubernetes:scheduling.k8s.io/v1:PriorityClass", "kubernetes:storage.k8s.io/v1:StorageClass",
  "kubernetes:monitoring.coreos.com/v1:PodMonitor", "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
  "kubernetes:monitoring.coreos.com/v1:PrometheusRule", "kubernetes:policy/v1:PodDisruptionBudget", "kubernetes:keda.sh/v1alpha1:ScaledObject",
  "kubernetes:gateway.networking.k8s.io/v1:GatewayClass", "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
  "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy", "kubernetes:gateway.envoyproxy.io/v1alpha1:BackendTrafficPolicy",
  "kubernetes:gateway.envoyproxy.io/v1alpha1:ClientTrafficPolicy", "kubernetes:gateway.envoyproxy.io/v1alpha1:SecurityPolicy",
];

/** S3 bucket calls are synchronous control-plane writes; the provider applies a bucket's settings one by one. */
const QUICK_S3: Entry = {
  minutes: 0.1,
  basis: "estimate: synchronous API calls (CreateBucket and the Put*Bucket* settings return when done)",
  sources: ["https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html"],
};
const QUICK_S3_TYPES = [
  "aws:s3/bucket:Bucket", "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketPolicy:BucketPolicy",
];

/** `pulumi.com/skipAwait: "true"` turns the await off (pulumi-kubernetes #417). */
const SKIP_AWAIT: Entry = { ...QUICK_K8S, basis: "pulumi.com/skipAwait: no readiness awaited", sources: ["https://github.com/pulumi/pulumi-kubernetes/pull/417"] };

const TABLE: Readonly<Record<string, Entry>> = {
  ...Object.fromEntries(QUICK_AWS_TYPES.map((t) => [t, QUICK_AWS])),
  ...Object.fromEntries(QUICK_K8S_TYPES.map((t) => [t, QUICK_K8S])),
  ...Object.fromEntries(QUICK_S3_TYPES.map((t) => [t, QUICK_S3])),
  "aws:msk/cluster:Cluster": {
    minutes: 35,
    basis: "30–40 min measured in us-east-1/us-west-2; 10–30 min by region in a quickstart; up to ~60 min reported",
    sources: [
      "https://github.com/mattclay/aws-terminator/pull/143",
      "https://github.com/Snowflake-Labs/sfquickstarts/issues/662",
      "https://github.com/hashicorp/terraform-provider-aws/issues/17726",
    ],
  },
  "aws:elasticache/replicationGroup:ReplicationGroup": {
    minutes: 25,
    basis: "multi-AZ replication-group acceptance tests 18–29 min (1086–1745 s), the KMS-key variant slowest",
    sources: ["https://github.com/hashicorp/terraform-provider-aws/pull/17320"],
  },
  "aws:eks/cluster:Cluster": {
    minutes: 12,
    basis: "AWS: ≤ 9 min on average (2021); apply logs 8.5–10 min; 13–16 min in a 21-region test (eu-central-1 15.3)",
    sources: [
      "https://aws.amazon.com/about-aws/whats-new/2021/03/amazon-eks-reduces-cluster-creation-time-40-percent/",
      "https://github.com/DevopsArtFactory/terraform-provisioning/pull/46",
      "https://github.com/terraform-aws-modules/terraform-aws-eks/pull/3218",
      "https://easontechtalk.com/unofficial-eks-cluster-creation-performance-across-aws-regions",
    ],
  },
  "aws:eks/nodeGroup:NodeGroup": {
    minutes: 4,
    basis: "small CPU groups 1.8–2 min in apply logs; doubled for GPU AMIs and 3–6 nodes (estimate)",
    sources: ["https://github.com/DevopsArtFactory/terraform-provisioning/pull/46"],
  },
  "aws:eks/addon:Addon": {
    minutes: 2,
    basis: "estimate: active once its pods are ready; 15+ min only when created before any node, which the plan avoids",
    sources: [
      "https://github.com/terraform-aws-modules/terraform-aws-eks/pull/3218",
      "https://github.com/aws-ia/terraform-aws-eks-blueprints/issues/642",
    ],
  },
  "aws:ec2/natGateway:NatGateway": {
    minutes: 2,
    basis: "pending → available, 1.5–2 min in apply logs (kops: up to 5–10 min at worst)",
    sources: ["https://github.com/hashicorp-education/learn-terraform-provision-eks-cluster/issues/22", "https://github.com/kubernetes/kops/pull/944"],
  },
  "aws:ec2/vpc:Vpc": { minutes: 0.4, basis: "13–24 s in terraform apply logs", sources: TF_AWS_APPLY_LOGS },
  "aws:ec2/subnet:Subnet": { minutes: 0.2, basis: "1–11 s in terraform apply logs", sources: TF_AWS_APPLY_LOGS },
  "aws:ec2/vpcEndpoint:VpcEndpoint": { minutes: 0.2, basis: "estimate: gateway endpoint, no network interfaces to provision", sources: TF_AWS_APPLY_LOGS },
  "aws:kms/key:Key": { minutes: 0.5, basis: "estimate: the provider waits for the key policy and tags to settle (tens of seconds)", sources: ["https://github.com/hashicorp/terraform-provider-aws/issues/44503"] },
  "aws:route53/record:Record": {
    minutes: 1,
    basis: "the provider waits for INSYNC; changes reach every Route 53 name server within 60 s",
    sources: ["https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-editing.html"],
  },
  "random:index/randomPassword:RandomPassword": { minutes: 0, basis: "computed locally by the provider", sources: ["https://www.pulumi.com/registry/packages/random/"] },
  "tls:index/privateKey:PrivateKey": { minutes: 0, basis: "computed locally by the provider", sources: ["https://www.pulumi.com/registry/packages/tls/"] },
  "tls:index/selfSignedCert:SelfSignedCert": { minutes: 0, basis: "computed locally by the provider", sources: ["https://www.pulumi.com/registry/packages/tls/"] },
  "kubernetes:gateway.networking.k8s.io/v1:Gateway": {
    minutes: 3,
    basis: "estimate: awaits Programmed (pulumi.com/waitFor): Envoy Gateway starts the proxies and the AWS LB controller provisions the NLB and registers the pods",
    sources: ["https://www.pulumi.com/docs/iac/clouds/kubernetes/guides/await-logic/", "https://gateway-api.sigs.k8s.io/reference/spec/#gatewayconditiontype"],
  },
  "kubernetes:apps/v1:Deployment": { minutes: 1, basis: "estimate: Pulumi awaits ready replicas (image pull and readiness)", sources: [K8S_AWAIT] },
  "kubernetes:batch/v1:Job": { minutes: 2, basis: "estimate: Pulumi awaits completion (schedule, image pull, run)", sources: ["https://github.com/pulumi/pulumi-kubernetes/pull/633"] },
  "kubernetes:core/v1:Service": { minutes: 1.5, basis: "estimate: awaits the load balancer hostname the AWS LB controller writes back", sources: [K8S_AWAIT] },
  "kubernetes:helm.sh/v3:Release": { minutes: 3, basis: "estimate: atomic implies --wait for every workload of the chart", sources: ["https://helm.sh/docs/helm/helm_install/"] },
};

/** Helm releases by chart (atomic installs wait for all their workloads to be ready). */
const HELM_WAIT = ["https://helm.sh/docs/helm/helm_install/"];
const HELM_CHARTS: Readonly<Record<string, Entry>> = {
  "kube-prometheus-stack": { minutes: 4, basis: "estimate: CRDs, operator, Grafana, Prometheus and Alertmanager on EBS volumes", sources: HELM_WAIT },
  "dcgm-exporter": { minutes: 2, basis: "estimate: a DaemonSet with a large image on every GPU node", sources: HELM_WAIT },
  "aws-load-balancer-controller": { minutes: 1.5, basis: "estimate: two replicas and their webhook", sources: HELM_WAIT },
  "cluster-autoscaler": { minutes: 1, basis: "estimate: one Deployment", sources: HELM_WAIT },
  "nvidia-device-plugin": { minutes: 1, basis: "estimate: a small DaemonSet", sources: HELM_WAIT },
  "gateway-helm": { minutes: 2, basis: "estimate: CRDs, the certgen hook Job, two controllers and the rate-limit service", sources: HELM_WAIT },
};

const PROVIDER: Entry = { minutes: 0, basis: "provider configuration, no cloud call", sources: ["https://www.pulumi.com/docs/iac/concepts/resources/providers/"] };

const chartName = (chart: unknown): string => (typeof chart === "string" ? chart.slice(chart.lastIndexOf("/") + 1) : "");

const skipsAwait = (r: Pick<RenderedResource, "inputs">): boolean => {
  const metadata = r.inputs.metadata as { annotations?: Record<string, unknown> } | undefined;
  return metadata?.annotations?.["pulumi.com/skipAwait"] === "true";
};

/** The typical create time of one resource and where the figure comes from. */
export function createDuration(r: Pick<RenderedResource, "type" | "inputs">): CreateDuration {
  if (r.type.startsWith("pulumi:providers:")) return { ...PROVIDER, listed: true };
  if (r.type.startsWith("kubernetes:") && skipsAwait(r)) return { ...SKIP_AWAIT, listed: true };
  const chart = r.type === "kubernetes:helm.sh/v3:Release" ? HELM_CHARTS[chartName(r.inputs.chart)] : undefined;
  const entry = chart ?? TABLE[r.type];
  if (entry) return { ...entry, listed: true };
  return { minutes: DEFAULT_MINUTES, basis: "not in the table: default", sources: [], listed: false };
}
