import * as pulumi from "@pulumi/pulumi";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { Service } from "@pulumi/kubernetes/core/v1/service";
import { parseCidr } from "../lib/cidr";
import { pinnedRelease, type ChartRegistryAuth } from "../lib/helm";
import { imageFrom, repositoryFrom } from "../lib/images";
import { partitionOf } from "../lib/partition";
import { refuseInputs, type InputProblem } from "../lib/problems";
import { namedTags, type Tags } from "../lib/tags";
import { workloadRole, type WorkloadIdentity } from "../lib/workload-identity";
import { controllerImage, controllerValues, LB_CONTROLLER_CHART, LB_CONTROLLER_NAMESPACE, LB_CONTROLLER_SERVICE_ACCOUNT } from "./controller";
import { controllerPolicy } from "./policy";
import { AWAIT_HOSTNAME_ANNOTATIONS, gatewayServiceAnnotations } from "./service";

/** Labels of the inference gateway pods the public Service selects by default. */
export const GATEWAY_SELECTOR: Readonly<Record<string, string>> = { "app.kubernetes.io/name": "inference-gateway" };

/** Inputs of {@link RegionalIngress}. */
export interface RegionalIngressArgs {
  /** AWS region of the cluster: picks the partition, the controller image registry and the NLB's DNS suffix. */
  region: string;
  /** EKS cluster name (the controller's `clusterName`). */
  clusterName: pulumi.Input<string>;
  /** How the cluster binds IAM roles to service accounts (`EksCluster.workloadIdentity`): IRSA in China. */
  identity: WorkloadIdentity;
  /** VPC of the cluster, so the controller need not ask IMDS. */
  vpcId: pulumi.Input<string>;
  /** Namespace of the inference gateway; the public Service is created there. */
  namespace: pulumi.Input<string>;
  /** Pod labels the Service selects. @default { "app.kubernetes.io/name": "inference-gateway" } */
  gatewaySelector?: Record<string, string>;
  /** Container port the gateway serves HTTPS on. @default 8443 */
  gatewayPort?: number;
  /**
   * ACM certificate (same partition and region) the NLB terminates TLS with,
   * re-encrypting to the pods. @default none: TLS on 443 passes through to the gateway
   */
  certificateArn?: string;
  /** HTTPS path the NLB probes on each gateway pod. @default "/healthz" */
  healthCheckPath?: string;
  /**
   * Client CIDRs allowed to reach port 443 (the only port). Route 53 health
   * checkers must be inside them for geo-DNS to see the region healthy.
   * @default ["0.0.0.0/0"]
   */
  allowedSourceCidrs?: string[];
  /** Registry mirroring upstream images (required in China). @default none (the region's EKS registry) */
  imageMirror?: string;
  /** Chart mirror (oci:// or https). @default upstream https://aws.github.io/eks-charts */
  chartMirror?: string;
  /** Credentials for `chartMirror` (an ECR token when the mirror is ECR). @default none (anonymous pulls) */
  chartRegistryAuth?: ChartRegistryAuth;
  /** Controller replicas (a PDB keeps one up during node drains). @default 2 */
  controllerReplicas?: number;
  /** Resources the controller install waits for, e.g. the system node group it runs on. @default [] */
  installAfter?: pulumi.Resource[];
  /** Tags on the IAM role, its pod identity association (if any) and (through the controller) the NLB. */
  tags: Tags;
}

/**
 * A region's public entry point: the AWS Load Balancer Controller (pinned Helm
 * chart, IAM role bound to its service account by Pod Identity or IRSA, image
 * from the region's registry or mirror) and an internet-facing, cross-zone NLB
 * Service on 443 for the inference gateway. Needs the caller's Kubernetes
 * provider in `opts.providers`; the AWS provider is inherited.
 */
export class RegionalIngress extends pulumi.ComponentResource {
  /** Public hostname of the NLB (`status.loadBalancer.ingress[0].hostname`). */
  readonly hostname: pulumi.Output<string>;
  /** Name of the public Service. */
  readonly serviceName: pulumi.Output<string>;
  /** IAM role the controller's service account is bound to. */
  readonly controllerRoleArn: pulumi.Output<string>;
  /** Controller image reference, after mirroring. */
  readonly controllerImage: string;

  constructor(name: string, args: RegionalIngressArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:traffic:RegionalIngress", name, {}, opts);
    validateRegionalIngressArgs(name, args);
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
        replicas: args.controllerReplicas ?? 2,
        serviceAccountAnnotations,
        tags,
      }),
    }, { parent: this, dependsOn: [binding, policy, ...(args.installAfter ?? [])] });

    const service = new Service(`${name}-gateway`, {
      metadata: {
        name: "inference-gateway",
        namespace: args.namespace,
        labels: { "app.kubernetes.io/name": "inference-gateway", "app.kubernetes.io/component": "public-endpoint" },
        annotations: {
          ...gatewayServiceAnnotations({
            certificateArn: args.certificateArn,
            healthCheckPath: args.healthCheckPath ?? "/healthz",
            tags,
          }),
          ...AWAIT_HOSTNAME_ANNOTATIONS,
        },
      },
      spec: {
        type: "LoadBalancer",
        // Only the AWS Load Balancer Controller reconciles this class, never the in-tree one.
        loadBalancerClass: "service.k8s.aws/nlb",
        selector: { ...(args.gatewaySelector ?? GATEWAY_SELECTOR) },
        ports: [{ name: "https", port: 443, targetPort: args.gatewayPort ?? 8443, protocol: "TCP" }],
        loadBalancerSourceRanges: args.allowedSourceCidrs ?? ["0.0.0.0/0"],
      },
    }, {
      parent: this,
      // Only a running controller provisions the NLB the await below waits for.
      dependsOn: [release],
      customTimeouts: { create: "20m", update: "20m" },
    });

    this.hostname = service.status.loadBalancer.ingress.apply((ingress) => {
      const hostname = ingress?.[0]?.hostname;
      if (!hostname) throw new Error(`${name}: the load balancer reported no hostname`);
      return hostname;
    });
    this.serviceName = service.metadata.name;
    this.controllerRoleArn = role.arn;
    this.registerOutputs({
      hostname: this.hostname,
      serviceName: this.serviceName,
      controllerRoleArn: this.controllerRoleArn,
      controllerImage: this.controllerImage,
    });
  }
}

/** Refuses malformed or insecure ingress inputs before any resource registers. */
export function validateRegionalIngressArgs(name: string, args: RegionalIngressArgs): void {
  const problems: InputProblem[] = [];
  const partition = partitionOf(args.region);
  const cidrs = args.allowedSourceCidrs ?? ["0.0.0.0/0"];
  if (cidrs.length === 0) problems.push({ property: "allowedSourceCidrs", reason: "at least one CIDR; [\"0.0.0.0/0\"] serves the public internet on 443" });
  cidrs.forEach((c, i) => {
    if (!parseCidr(c)) problems.push({ property: `allowedSourceCidrs[${i}]`, reason: `"${c}" is not an IPv4 CIDR such as 203.0.113.0/24` });
  });
  if (args.certificateArn !== undefined && !args.certificateArn.startsWith(`arn:${partition}:acm:${args.region}:`)) {
    problems.push({ property: "certificateArn", reason: `must be an ACM certificate of ${args.region} (arn:${partition}:acm:${args.region}:…): an NLB only uses certificates of its own region` });
  }
  const path = args.healthCheckPath ?? "/healthz";
  if (!path.startsWith("/")) problems.push({ property: "healthCheckPath", reason: `"${path}" must be an absolute path such as /healthz` });
  const port = args.gatewayPort ?? 8443;
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push({ property: "gatewayPort", reason: `${port} is not a TCP port (1–65535)` });
  const replicas = args.controllerReplicas ?? 2;
  if (!Number.isInteger(replicas) || replicas < 1) problems.push({ property: "controllerReplicas", reason: "at least 1 (2 keeps the controller up during node drains)" });
  refuseInputs("RegionalIngress", name, problems);
}
