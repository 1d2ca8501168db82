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
import { secureLaunchTemplate } from "../lib/node-launch-template";
import { assumeRolePolicy, managedPolicyArn, partitionOf } from "../lib/partition";
import { propertyPath } from "../lib/contract";
import { settingsOrRefuse, type InputProblem } from "../lib/problems";
import { rotatingKey } from "../lib/kms";
import { namedTags, type Tags } from "../lib/tags";
import { defaultWorkloadIdentityKind, type WorkloadIdentity } from "../lib/workload-identity";
import { kubernetesVersionSchema, type KubernetesVersion } from "../lib/regions";
import { stackScopedName } from "../lib/naming";
import { eksClusterRegionProblems, eksClusterSettingsSchema, type EksClusterSettings } from "./contract";
import { kubeconfigFor } from "./kubeconfig";

export { eksClusterRegionProblems, eksClusterSettingsSchema, type EksClusterSettings } from "./contract";
export { kubeconfigFor, type KubeconfigInputs } from "./kubeconfig";

/** Control-plane log types always sent to CloudWatch Logs. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator"] as const;

/** Inputs of {@link EksCluster}: its settings (contract.ts, defaults there) and what connects it. */
export interface EksClusterArgs extends EksClusterSettings {
  /** AWS region of the provider; its partition shapes every ARN and principal. */
  region: string;
  /** Kubernetes version, one in EKS standard support (components/lib/regions.ts). */
  version: KubernetesVersion;
  /** VPC id of the private subnets. */
  vpcId: pulumi.Input<string>;
  /** Private subnets (one per AZ) for the control-plane ENIs and nodes. */
  privateSubnetIds: pulumi.Input<string>[];
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
 * the core add-ons, workload IAM through Pod Identity (IRSA in China), and a system
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
    const settings = settingsOrRefuse("EksCluster", name, eksClusterSettingsSchema, args, (s) => wiringProblems(args, s));
    const parent = { parent: this };
    const partition = partitionOf(args.region);
    const tags = args.tags;
    const publicCidrs = settings.publicAccessCidrs;
    // Unique per account and region: dev and prod may share an account.
    const clusterName = stackScopedName(name);

    // Prod keeps the cluster, its Secrets' key and its audit log through a refactor or a destroy of the wrong stack.
    const protect = args.protectStateful ?? false;
    const kept = { parent: this, protect, retainOnDelete: protect };
    const secretsKey = rotatingKey(`${name}-secrets`, {
      description: `Envelope encryption of Kubernetes Secrets in ${name}`,
      tags,
    }, kept);

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
      retentionInDays: settings.logRetentionDays,
      tags,
    }, kept);

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
      ...kept,
      dependsOn: [clusterPolicy, logGroup],
      customTimeouts: { create: "30m", update: "60m", delete: "30m" },
    });

    settings.adminPrincipalArns.forEach((principalArn, i) => {
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
    const minNodes = settings.systemMinNodes;
    this.systemNodeGroup = new NodeGroup(`${name}-system`, {
      clusterName: cluster.name,
      nodeRoleArn: nodeRole.arn,
      subnetIds: args.privateSubnetIds,
      amiType: "AL2023_x86_64_STANDARD",
      capacityType: "ON_DEMAND",
      instanceTypes: [settings.systemInstanceType],
      scalingConfig: { minSize: minNodes, desiredSize: minNodes, maxSize: settings.systemMaxNodes },
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

/** Rules on what connects the cluster (the version, subnets, identity and the region's partition). */
function wiringProblems(args: EksClusterArgs, settings: Parameters<typeof eksClusterRegionProblems>[0]): InputProblem[] {
  const problems: InputProblem[] = [];
  const version = kubernetesVersionSchema.safeParse(args.version);
  if (!version.success) problems.push({ property: "version", reason: `"${args.version}": ${version.error.issues[0]!.message}` });
  if (args.privateSubnetIds.length < 2) problems.push({ property: "privateSubnetIds", reason: "EKS needs subnets in at least two AZs" });
  if (args.workloadIdentity === "pod-identity" && partitionOf(args.region) === "aws-cn") {
    problems.push({ property: "workloadIdentity", reason: "EKS Pod Identity is not offered in the China regions; use \"irsa\"" });
  }
  for (const p of eksClusterRegionProblems(settings, args.region)) problems.push({ property: propertyPath(p.path), reason: p.message });
  return problems;
}
