import type * as pulumi from "@pulumi/pulumi";
import type { ChartSource } from "../lib/helm";
import type { UpstreamImage } from "../lib/images";
import { dnsSuffix, partitionOf } from "../lib/partition";
import type { Tags } from "../lib/tags";

/** The AWS Load Balancer Controller chart, pinned (chart 1.17.1 ships controller v2.17.1). */
export const LB_CONTROLLER_CHART: ChartSource = {
  chart: "aws-load-balancer-controller",
  version: "1.17.1",
  repository: "https://aws.github.io/eks-charts",
};

/** Controller image tag matching the pinned chart's appVersion. */
export const LB_CONTROLLER_TAG = "v2.17.1";

/** Namespace and service account the controller runs as; its IAM role is bound to exactly this account. */
export const LB_CONTROLLER_NAMESPACE = "kube-system";
export const LB_CONTROLLER_SERVICE_ACCOUNT = "aws-load-balancer-controller";

/** Account that vends EKS images in most commercial regions. */
const DEFAULT_EKS_IMAGE_ACCOUNT = "602401143452";

/**
 * Regions whose EKS image registry lives in another account than the default.
 * China is explicit: its two regions each have their own account, in the
 * `aws-cn` partition, under `.amazonaws.com.cn`; ECR Public (the chart's default
 * `public.ecr.aws`) does not exist there at all. Recorded from the EKS
 * "add-on container image addresses" table; extend when a region is added.
 */
const EKS_IMAGE_ACCOUNTS: Readonly<Record<string, string>> = {
  "cn-north-1": "918309763551",
  "cn-northwest-1": "961992271922",
  "ap-east-1": "800184023465",
  "me-south-1": "558608220178",
  "af-south-1": "877085696533",
  "eu-south-1": "590381155156",
  "ap-southeast-3": "296578399912",
};

/**
 * The controller image in the region's own EKS registry
 * (`<account>.dkr.ecr.<region>.<partition suffix>/amazon/aws-load-balancer-controller`),
 * not ECR Public: the same reference shape works in both partitions, and the
 * region's mirror (when set) caches it under this upstream host.
 */
export function controllerImage(region: string): UpstreamImage {
  const account = EKS_IMAGE_ACCOUNTS[region] ?? DEFAULT_EKS_IMAGE_ACCOUNT;
  return {
    registry: `${account}.dkr.ecr.${region}.${dnsSuffix(partitionOf(region))}`,
    repository: "amazon/aws-load-balancer-controller",
    tag: LB_CONTROLLER_TAG,
  };
}

/** Inputs of {@link controllerValues}. */
export interface ControllerValuesArgs {
  clusterName: pulumi.Input<string>;
  region: string;
  vpcId: pulumi.Input<string>;
  /** Image repository (without tag), already mirrored. */
  repository: string;
  replicas: number;
  /** Annotations binding the service account to its IAM role (IRSA's role ARN; none for Pod Identity). */
  serviceAccountAnnotations: Record<string, pulumi.Input<string>>;
  tags: Tags;
}

/**
 * Chart values. WAF, WAF v2 and Shield integrations are off: this platform
 * only creates NLBs, so the controller's policy leaves those permissions out
 * (and Shield Advanced does not exist in China). The Service mutating webhook
 * is off too: with its `failurePolicy: Fail` every Service created while the
 * controller pods are not serving (e.g. in parallel with this release) is
 * refused, and its only job, stamping `loadBalancerClass`, our Service does itself.
 */
export function controllerValues(args: ControllerValuesArgs): Record<string, unknown> {
  return {
    clusterName: args.clusterName,
    region: args.region,
    vpcId: args.vpcId,
    replicaCount: args.replicas,
    image: { repository: args.repository, tag: LB_CONTROLLER_TAG },
    // Created by the chart; the annotations are IRSA's (Pod Identity needs none).
    serviceAccount: { create: true, name: LB_CONTROLLER_SERVICE_ACCOUNT, annotations: args.serviceAccountAnnotations },
    enableServiceMutatorWebhook: false,
    enableShield: false,
    enableWaf: false,
    enableWafv2: false,
    // Tags on every load balancer, target group and security group the controller creates.
    defaultTags: args.tags,
    podDisruptionBudget: { maxUnavailable: 1 },
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
  };
}
