/**
 * Persistent storage for Prometheus and Alertmanager: an encrypted gp3
 * StorageClass, and the EBS CSI driver (an EKS add-on whose controller gets
 * its own IAM role, bound the way the cluster supports) that provisions its volumes.
 */
import type * as pulumi from "@pulumi/pulumi";
import { Addon } from "@pulumi/aws/eks/addon";
import { RolePolicyAttachment } from "@pulumi/aws/iam/rolePolicyAttachment";
import { StorageClass } from "@pulumi/kubernetes/storage/v1/storageClass";
import { managedPolicyArn, partitionOf } from "../lib/partition";
import type { Tags } from "../lib/tags";
import { workloadRole, type WorkloadIdentity } from "../lib/workload-identity";

/** Name of the StorageClass Prometheus and Alertmanager claim volumes from. */
export const ENCRYPTED_GP3_CLASS = "gp3-encrypted";

/** Service account of the add-on's controller (the only part that calls AWS). */
const EBS_CSI_NAMESPACE = "kube-system";
const EBS_CSI_SERVICE_ACCOUNT = "ebs-csi-controller-sa";

/** Inputs of {@link encryptedStorage}. */
export interface EncryptedStorageArgs {
  region: string;
  clusterName: pulumi.Input<string>;
  /** How the cluster binds IAM roles to service accounts. */
  identity: WorkloadIdentity;
  /** Install the aws-ebs-csi-driver add-on (skip when the cluster already has it). */
  installDriver: boolean;
  /** What the add-on waits for: nodes its controller can run on (without them it hangs in CREATING/DEGRADED). */
  installAfter: pulumi.Resource[];
  /** Keep volumes when their claims go (prod). */
  retainVolumes: boolean;
  tags: Tags;
}

/** The encrypted gp3 class, and the driver add-on when asked for; returns what claims must wait for. */
export function encryptedStorage(name: string, args: EncryptedStorageArgs, parent: pulumi.Resource): { storageClass: StorageClass; ready: pulumi.Resource[] } {
  const ready: pulumi.Resource[] = [];
  if (args.installDriver) {
    const partition = partitionOf(args.region);
    const { role, binding } = workloadRole(`${name}-ebs-csi`, {
      identity: args.identity, partition, namespace: EBS_CSI_NAMESPACE, serviceAccount: EBS_CSI_SERVICE_ACCOUNT, tags: args.tags,
    }, { parent });
    const policy = new RolePolicyAttachment(`${name}-ebs-csi`, {
      role: role.name,
      policyArn: managedPolicyArn(partition, "service-role/AmazonEBSCSIDriverPolicy"),
    }, { parent });
    ready.push(new Addon(`${name}-ebs-csi`, {
      clusterName: args.clusterName,
      addonName: "aws-ebs-csi-driver",
      // IRSA: the add-on annotates its service account with the role. Pod Identity: the association
      // workloadRole made binds it (the add-on's own podIdentityAssociations would be a second one).
      serviceAccountRoleArn: args.identity.kind === "irsa" ? role.arn : undefined,
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      tags: args.tags,
    }, { parent, dependsOn: [policy, binding, ...args.installAfter], customTimeouts: { create: "20m", update: "20m" } }));
  }
  const storageClass = new StorageClass(`${name}-gp3`, {
    metadata: { name: ENCRYPTED_GP3_CLASS },
    provisioner: "ebs.csi.aws.com",
    // encrypted=true with no kmsKeyId uses the account's EBS key.
    parameters: { type: "gp3", encrypted: "true", fsType: "ext4" },
    reclaimPolicy: args.retainVolumes ? "Retain" : "Delete",
    volumeBindingMode: "WaitForFirstConsumer",
    allowVolumeExpansion: true,
  }, { parent });
  return { storageClass, ready: [...ready, storageClass] };
}
