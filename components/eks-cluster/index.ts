import * as pulumi from "@pulumi/pulumi";
import { LogGroup } from "@pulumi/aws/cloudwatch/logGroup";
import { AccessEntry } from "@pulumi/aws/eks/accessEntry";
import { AccessPolicyAssociation } from "@pulumi/aws/eks/accessPolicyAssociation";
import { Addon } from "@pulumi/aws/eks/addon";
import { Cluster } from "@pulumi/aws/eks/cluster";
import { NodeGroup } from "@pulumi/aws/eks/nodeGroup";
import { Role } from "@pulumi/aws/iam/role";
import { OpenIdConnectProvider } from "@pulumi/aws/iam/openIdConnectProvider";
import { RolePolicyAttachment } from "@pulumi/aws/iam/rolePolicyAttachment";
import { parseCidr } from "../lib/cidr";
import { secureLaunchTemplate } from "../lib/node-launch-template";
import { assumeRolePolicy, managedPolicyArn, partitionOf } from "../lib/partition";
import { refuseInputs, type InputProblem } from "../lib/problems";
import { rotatingKey } from "../lib/kms";
import { namedTags, type Tags } from "../lib/tags";
import { defaultWorkloadIdentityKind, type WorkloadIdentity } from "../lib/workload-identity";
import { logRetentionProblem } from "../lib/log-retention";
import { stackScopedName } from "../lib/naming";
import { kubeconfigFor } from "./kubeconfig";

/** Control-plane log types always sent to CloudWatch Logs. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator"] as const;

/** Inputs of {@link EksCluster}. */
export interface EksClusterArgs {
  /** AWS region of the provider; its partition shapes every ARN and principal. */
  region: string;
  /** Kubernetes version, e.g. "1.34". */
  version: string;
  /** VPC id of the private subnets. */
  vpcId: pulumi.Input<string>;
  /** Private subnets (one per AZ) for the control-plane ENIs and nodes. */
  privateSubnetIds: pulumi.Input<string>[];
  /**
   * CIDRs allowed to reach a public API endpoint. Empty keeps the endpoint
   * private-only; 0.0.0.0/0 is refused.
   * @default []
   */
  publicAccessCidrs?: string[];
  /** IAM principals granted cluster admin through access entries. @default [] */
  adminPrincipalArns?: string[];
  /** System (CPU) node group instance type. @default "m6i.large" */
  systemInstanceType?: string;
  /** System node group minimum size. @default 2 */
  systemMinNodes?: number;
  /** System node group maximum size. @default 6 */
  systemMaxNodes?: number;
  /** Days control-plane logs are kept. @default 90 */
  logRetentionDays?: number;
  /**
   * Protect and retain the Secrets KMS key (prod): deleting it would leave every
   * Secret in etcd unreadable.
   * @default false
   */
  protectStateful?: boolean;
  /**
   * How workloads get IAM roles: EKS Pod Identity, or IRSA (an IAM OIDC
   * provider for the cluster). Pod Identity is not offered in China.
   * @default "irsa" in aws-cn, "pod-identity" elsewhere
   */
  workloadIdentity?: WorkloadIdentity["kind"];
  /** AWS profile the kubeconfig's `aws eks get-token` uses. @default none (ambient credentials) */
  kubeconfigProfile?: string;
  /** Role the kubeconfig's `aws eks get-token` assumes. @default none */
  kubeconfigRoleArn?: string;
  /** Tags on every resource. */
  tags: Tags;
}

/**
 * An EKS cluster secured by default: private API endpoint, KMS envelope
 * encryption of Secrets, audit/api/authenticator logs, API-mode access entries,
 * the core add-ons with EKS Pod Identity for workload IAM, and a system
 * (CPU) node group for cluster services.
 */
export class EksCluster extends pulumi.ComponentResource {
  /** Cluster name. */
  readonly clusterName: pulumi.Output<string>;
  /** API server endpoint. */
  readonly endpoint: pulumi.Output<string>;
  /** Kubeconfig using `aws eks get-token` (no static credentials inside). */
  readonly kubeconfig: pulumi.Output<string>;
  /** IAM role ARN shared by the managed node groups. */
  readonly nodeRoleArn: pulumi.Output<string>;
  /** Security group EKS attaches to managed nodes; data stores admit it. */
  readonly nodeSecurityGroupId: pulumi.Output<string>;
  /** KMS key ARN that encrypts Kubernetes Secrets. */
  readonly secretsKeyArn: pulumi.Output<string>;
  /** How workloads of this cluster get IAM roles; pass it to `workloadRole`. */
  readonly workloadIdentity: WorkloadIdentity;
  /** The system node group, for resources that need nodes (e.g. CoreDNS, Helm releases). */
  readonly systemNodeGroup: NodeGroup;
  /** The underlying cluster resource. */
  readonly cluster: Cluster;

  constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:eks:EksCluster", name, {}, opts);
    validateEksClusterArgs(name, args);
    const parent = { parent: this };
    const partition = partitionOf(args.region);
    const tags = args.tags;
    const publicCidrs = args.publicAccessCidrs ?? [];
    // Unique per account and region: dev and prod may share an account.
    const clusterName = stackScopedName(name);

    const secretsKey = rotatingKey(`${name}-secrets`, {
      description: `Envelope encryption of Kubernetes Secrets in ${name}`,
      tags,
    }, { parent: this, protect: args.protectStateful ?? false, retainOnDelete: args.protectStateful ?? false });

    const clusterRole = new Role(`${name}-cluster`, {
      assumeRolePolicy: assumeRolePolicy(partition, ["eks"], ["sts:AssumeRole", "sts:TagSession"]),
      tags,
    }, parent);
    const clusterPolicy = new RolePolicyAttachment(`${name}-cluster-policy`, {
      role: clusterRole.name,
      policyArn: managedPolicyArn(partition, "AmazonEKSClusterPolicy"),
    }, parent);

    // Created first so EKS writes into a group whose retention we own.
    const logGroup = new LogGroup(`${name}-control-plane`, {
      name: `/aws/eks/${clusterName}/cluster`,
      retentionInDays: args.logRetentionDays ?? 90,
      tags,
    }, parent);

    const cluster = new Cluster(`${name}`, {
      name: clusterName,
      version: args.version,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: args.privateSubnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs.length > 0,
        publicAccessCidrs: publicCidrs.length > 0 ? publicCidrs : undefined,
      },
      accessConfig: {
        authenticationMode: "API",
        // The deploying identity keeps admin so Pulumi can manage in-cluster resources.
        bootstrapClusterCreatorAdminPermissions: true,
      },
      encryptionConfig: { provider: { keyArn: secretsKey.arn }, resources: ["secrets"] },
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      tags: namedTags(tags, name),
    }, {
      parent: this,
      dependsOn: [clusterPolicy, logGroup],
      customTimeouts: { create: "30m", update: "60m", delete: "30m" },
    });

    (args.adminPrincipalArns ?? []).forEach((principalArn, i) => {
      const entry = new AccessEntry(`${name}-admin-${i}`, { clusterName: cluster.name, principalArn, type: "STANDARD", tags }, parent);
      new AccessPolicyAssociation(`${name}-admin-${i}`, {
        clusterName: cluster.name,
        principalArn: entry.principalArn,
        policyArn: `arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
        accessScope: { type: "cluster" },
      }, parent);
    });

    const nodeRole = new Role(`${name}-node`, {
      assumeRolePolicy: assumeRolePolicy(partition, ["ec2"]),
      tags,
    }, parent);
    const nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly", "AmazonSSMManagedInstanceCore"]
      .map((policy) => new RolePolicyAttachment(`${name}-node-${policy}`, {
        role: nodeRole.name,
        policyArn: managedPolicyArn(partition, policy),
      }, parent));

    // Networking add-ons first: nodes need the CNI to become Ready.
    const addon = (addonName: string, dependsOn: pulumi.Resource[] = []) => new Addon(`${name}-${addonName}`, {
      clusterName: cluster.name,
      addonName,
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      tags,
    }, { parent: this, dependsOn, customTimeouts: { create: "20m", update: "20m" } });
    addon("vpc-cni");
    addon("kube-proxy");
    const identityKind = args.workloadIdentity ?? defaultWorkloadIdentityKind(partition);
    if (identityKind === "pod-identity") {
      addon("eks-pod-identity-agent");
      this.workloadIdentity = { kind: "pod-identity", clusterName: cluster.name };
    } else {
      const issuer = cluster.identities.apply((ids) => ids[0]?.oidcs?.[0]?.issuer ?? "");
      const oidc = new OpenIdConnectProvider(`${name}-oidc`, {
        url: issuer,
        clientIdLists: ["sts.amazonaws.com"],
        tags,
      }, parent);
      this.workloadIdentity = {
        kind: "irsa",
        clusterName: cluster.name,
        oidcProviderArn: oidc.arn,
        oidcIssuerHost: issuer.apply((u) => u.replace(/^https:\/\//, "")),
      };
    }

    const systemTemplate = secureLaunchTemplate(`${name}-system`, { rootVolumeGiB: 50, rootDeviceName: "/dev/xvda", tags }, parent);
    const minNodes = args.systemMinNodes ?? 2;
    this.systemNodeGroup = new NodeGroup(`${name}-system`, {
      clusterName: cluster.name,
      nodeRoleArn: nodeRole.arn,
      subnetIds: args.privateSubnetIds,
      amiType: "AL2023_x86_64_STANDARD",
      capacityType: "ON_DEMAND",
      instanceTypes: [args.systemInstanceType ?? "m6i.large"],
      scalingConfig: { minSize: minNodes, desiredSize: minNodes, maxSize: args.systemMaxNodes ?? 6 },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: systemTemplate.id, version: systemTemplate.latestVersion.apply(String) },
      labels: { "inference.platform/pool": "system" },
      tags: namedTags(tags, `${name}-system`),
    }, {
      parent: this,
      dependsOn: nodePolicies,
      // The autoscaler owns the live size once the group exists.
      ignoreChanges: ["scalingConfig.desiredSize"],
      customTimeouts: { create: "30m", update: "60m", delete: "30m" },
    });
    addon("coredns", [this.systemNodeGroup]);

    this.cluster = cluster;
    this.clusterName = cluster.name;
    this.endpoint = cluster.endpoint;
    this.nodeRoleArn = nodeRole.arn;
    this.nodeSecurityGroupId = cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId);
    this.secretsKeyArn = secretsKey.arn;
    this.kubeconfig = kubeconfigFor({
      clusterName: cluster.name,
      endpoint: cluster.endpoint,
      certificateAuthority: cluster.certificateAuthority.apply((ca) => ca.data),
      region: args.region,
      profile: args.kubeconfigProfile,
      roleArn: args.kubeconfigRoleArn,
    });
    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      nodeRoleArn: this.nodeRoleArn,
      nodeSecurityGroupId: this.nodeSecurityGroupId,
    });
  }
}

/** Refuses insecure or malformed cluster inputs before any resource registers. */
export function validateEksClusterArgs(name: string, args: EksClusterArgs): void {
  const problems: InputProblem[] = [];
  (args.publicAccessCidrs ?? []).forEach((c, i) => {
    if (!parseCidr(c)) problems.push({ property: `publicAccessCidrs[${i}]`, reason: `"${c}" is not an IPv4 CIDR` });
    else if (c === "0.0.0.0/0") problems.push({ property: `publicAccessCidrs[${i}]`, reason: "0.0.0.0/0 would expose the API to the internet" });
  });
  if (!/^1\.\d+$/.test(args.version)) problems.push({ property: "version", reason: `"${args.version}" is not a Kubernetes minor version like 1.34` });
  if (args.privateSubnetIds.length < 2) problems.push({ property: "privateSubnetIds", reason: "EKS needs subnets in at least two AZs" });
  const min = args.systemMinNodes ?? 2;
  const max = args.systemMaxNodes ?? 6;
  if (min < 1) problems.push({ property: "systemMinNodes", reason: "at least 1 node runs cluster services" });
  if (min > max) problems.push({ property: "systemMinNodes", reason: `min ${min} > max ${max}` });
  const partition = partitionOf(args.region);
  if (args.workloadIdentity === "pod-identity" && partition === "aws-cn") {
    problems.push({ property: "workloadIdentity", reason: "EKS Pod Identity is not offered in the China regions; use \"irsa\"" });
  }
  const retention = args.logRetentionDays === undefined ? undefined : logRetentionProblem(args.logRetentionDays);
  if (retention) problems.push({ property: "logRetentionDays", reason: `${args.logRetentionDays}: ${retention}` });
  (args.adminPrincipalArns ?? []).forEach((arn, i) => {
    if (!arn.startsWith(`arn:${partition}:iam::`)) problems.push({ property: `adminPrincipalArns[${i}]`, reason: `must be an IAM ARN of partition ${partition}` });
  });
  refuseInputs("EksCluster", name, problems);
}
