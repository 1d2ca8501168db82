/**
 * Persistent storage for Prometheus and Alertmanager: an encrypted gp3
 * StorageClass, and the EBS CSI driver (an EKS add-on with its own Pod
 * Identity role) that provisions its volumes.
 */
import * as pulumi from "@pulumi/pulumi";
import { Addon } from "@pulumi/aws/eks/addon";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicyAttachment } from "@pulumi/aws/iam/rolePolicyAttachment";
import { StorageClass } from "@pulumi/kubernetes/storage/v1/storageClass";
import { assumeRolePolicy, managedPolicyArn, partitionOf } from "../lib/partition";
import type { Tags } from "../lib/tags";

/** Name of the StorageClass Prometheus and Alertmanager claim volumes from. */
export const ENCRYPTED_GP3_CLASS = "gp3-encrypted";

/** A role EKS Pod Identity hands to pods of one service account. */
export function podIdentityRole(name: string, region: string, tags: Tags, parent: pulumi.Resource): Role {
  return new Role(name, {
    assumeRolePolicy: assumeRolePolicy(partitionOf(region), ["pods.eks"], ["sts:AssumeRole", "sts:TagSession"]),
    tags,
  }, { parent });
}

/** Inputs of {@link encryptedStorage}. */
export interface EncryptedStorageArgs {
  region: string;
  clusterName: pulumi.Input<string>;
  /** Install the aws-ebs-csi-driver add-on (skip when the cluster already has it). */
  installDriver: boolean;
  /** Keep volumes when their claims go (prod). */
  retainVolumes: boolean;
  tags: Tags;
}

/** The encrypted gp3 class, and the driver add-on when asked for; returns what claims must wait for. */
export function encryptedStorage(name: string, args: EncryptedStorageArgs, parent: pulumi.Resource): { storageClass: StorageClass; ready: pulumi.Resource[] } {
  const ready: pulumi.Resource[] = [];
  if (args.installDriver) {
    const role = podIdentityRole(`${name}-ebs-csi`, args.region, args.tags, parent);
    const policy = new RolePolicyAttachment(`${name}-ebs-csi`, {
      role: role.name,
      policyArn: managedPolicyArn(partitionOf(args.region), "service-role/AmazonEBSCSIDriverPolicy"),
    }, { parent });
    ready.push(new Addon(`${name}-ebs-csi`, {
      clusterName: args.clusterName,
      addonName: "aws-ebs-csi-driver",
      podIdentityAssociations: [{ roleArn: role.arn, serviceAccount: "ebs-csi-controller-sa" }],
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      tags: args.tags,
    }, { parent, dependsOn: [policy], customTimeouts: { create: "20m", update: "20m" } }));
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
