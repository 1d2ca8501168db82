import * as pulumi from "@pulumi/pulumi";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { pinnedRelease, type ChartRegistryAuth } from "../lib/helm";
import { imageFrom, repositoryFrom } from "../lib/images";
import { partitionOf } from "../lib/partition";
import { settingsOrRefuse } from "../lib/problems";
import { namedTags, type Tags } from "../lib/tags";
import { workloadRole, type WorkloadIdentity } from "../lib/workload-identity";
import { certificateArnProblem, ingressSettingsSchema, type IngressSettings } from "./contract";
import { controllerImage, controllerValues, LB_CONTROLLER_CHART, LB_CONTROLLER_NAMESPACE, LB_CONTROLLER_SERVICE_ACCOUNT } from "./controller";
import { controllerPolicy } from "./policy";

export { certificateArnProblem, ingressSettingsSchema, type IngressSettings, type ResolvedIngressSettings } from "./contract";
export { ADDITIONAL_TAGS_ANNOTATION, publicNlbAnnotations } from "./service";

/** Inputs of {@link RegionalIngress}: its settings (contract.ts, defaults there) and what connects it. */
export interface RegionalIngressArgs extends IngressSettings {
  /** AWS region of the cluster: picks the partition, the controller image registry and the NLB's DNS suffix. */
  region: string;
  /** EKS cluster name (the controller's `clusterName`). */
  clusterName: pulumi.Input<string>;
  /** How the cluster binds IAM roles to service accounts (`EksCluster.workloadIdentity`): IRSA in China. */
  identity: WorkloadIdentity;
  /** VPC of the cluster, so the controller need not ask IMDS. */
  vpcId: pulumi.Input<string>;
  /** Registry mirroring upstream images (required in China). @default none (the region's EKS registry) */
  imageMirror?: string;
  /** Chart mirror (oci:// or https). @default upstream https://aws.github.io/eks-charts */
  chartMirror?: string;
  /** Credentials for `chartMirror` (an ECR token when the mirror is ECR). @default none (anonymous pulls) */
  chartRegistryAuth?: ChartRegistryAuth;
  /** Resources the controller install waits for, e.g. the system node group it runs on. @default [] */
  installAfter?: pulumi.Resource[];
  /** Tags on the IAM role, its pod identity association (if any) and (through the controller) the NLB. */
  tags: Tags;
}

/**
 * What builds a region's public entry point: the AWS Load Balancer Controller
 * (pinned Helm chart, IAM role bound to its service account by Pod Identity or
 * IRSA, image from the region's registry or mirror), which turns the front
 * door's LoadBalancer Service into an internet-facing, cross-zone NLB
 * (`publicNlbAnnotations`). Needs the caller's Kubernetes provider in
 * `opts.providers`; the AWS provider is inherited.
 */
export class RegionalIngress extends pulumi.ComponentResource {
  /** The controller's release: what a LoadBalancer Service of class `service.k8s.aws/nlb` must wait for. */
  readonly release: pulumi.Resource;
  /** IAM role the controller's service account is bound to. */
  readonly controllerRoleArn: pulumi.Output<string>;
  /** Controller image reference, after mirroring. */
  readonly controllerImage: string;

  constructor(name: string, args: RegionalIngressArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:traffic:RegionalIngress", name, {}, opts);
    const settings = settingsOrRefuse("RegionalIngress", name, ingressSettingsSchema, args, (set) => {
      const certificateProblem = certificateArnProblem(set.certificateArn, args.region);
      return certificateProblem ? [{ property: "certificateArn", reason: certificateProblem }] : [];
    });
    const partition = partitionOf(args.region);
    const tags = args.tags;

    const { role, serviceAccountAnnotations, binding } = workloadRole(`${name}-lb-controller`, {
      identity: args.identity,
      partition,
      namespace: LB_CONTROLLER_NAMESPACE,
      serviceAccount: LB_CONTROLLER_SERVICE_ACCOUNT,
      tags: namedTags(tags, `${name}-lb-controller`),
    }, { parent: this });
    const policy = new RolePolicy(`${name}-lb-controller`, { role: role.name, policy: controllerPolicy(partition) }, { parent: this });

    const upstream = controllerImage(args.region);
    this.controllerImage = imageFrom(upstream, args.imageMirror);
    const release = pinnedRelease(`${name}-lb-controller`, {
      source: LB_CONTROLLER_CHART,
      chartMirror: args.chartMirror,
      registryAuth: args.chartRegistryAuth,
      namespace: LB_CONTROLLER_NAMESPACE,
      values: controllerValues({
        clusterName: args.clusterName,
        region: args.region,
        vpcId: args.vpcId,
        repository: repositoryFrom(upstream, args.imageMirror),
        replicas: settings.controllerReplicas,
        serviceAccountAnnotations,
        tags,
      }),
    }, { parent: this, dependsOn: [binding, policy, ...(args.installAfter ?? [])] });

    this.release = release;
    this.controllerRoleArn = role.arn;
    this.registerOutputs({
      controllerRoleArn: this.controllerRoleArn,
      controllerImage: this.controllerImage,
    });
  }
}
