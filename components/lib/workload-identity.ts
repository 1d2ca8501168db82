import * as pulumi from "@pulumi/pulumi";
import { PodIdentityAssociation } from "@pulumi/aws/eks/podIdentityAssociation";
import { Role } from "@pulumi/aws/iam/role";
import { assumeRolePolicy, type Partition } from "./partition";
import type { Tags } from "./tags";

/**
 * How pods of a cluster obtain IAM credentials. EKS Pod Identity is simpler
 * (no OIDC provider, no annotations) but is not offered in the China regions,
 * where IAM roles for service accounts (IRSA) is the way.
 */
export type WorkloadIdentity =
  | { kind: "pod-identity"; clusterName: pulumi.Input<string> }
  | {
      kind: "irsa";
      clusterName: pulumi.Input<string>;
      /** ARN of the cluster's IAM OIDC provider. */
      oidcProviderArn: pulumi.Input<string>;
      /** Issuer without `https://`, the prefix of the trust-policy condition keys. */
      oidcIssuerHost: pulumi.Input<string>;
    };

/** The mechanism a partition supports: IRSA in aws-cn, Pod Identity elsewhere. */
export function defaultWorkloadIdentityKind(partition: Partition): WorkloadIdentity["kind"] {
  return partition === "aws-cn" ? "irsa" : "pod-identity";
}

/** Inputs of {@link workloadRole}. */
export interface WorkloadRoleArgs {
  identity: WorkloadIdentity;
  partition: Partition;
  /** Namespace of the service account. */
  namespace: pulumi.Input<string>;
  /** Service account the role is bound to. */
  serviceAccount: string;
  tags: Tags;
}

/** An IAM role bound to one Kubernetes service account. */
export interface WorkloadRole {
  role: Role;
  /** Annotations the service account needs (IRSA's role ARN; none for Pod Identity). */
  serviceAccountAnnotations: Record<string, pulumi.Input<string>>;
  /** What pods must wait for before their first AWS call (the association, or the role). */
  binding: pulumi.Resource;
}

/** Trust policy letting exactly one service account assume a role through the cluster's OIDC provider. */
export function irsaTrustPolicy(oidcProviderArn: string, issuerHost: string, namespace: string, serviceAccount: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{
      Effect: "Allow",
      Principal: { Federated: oidcProviderArn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: {
          [`${issuerHost}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
          [`${issuerHost}:aud`]: "sts.amazonaws.com",
        },
      },
    }],
  });
}

/**
 * An IAM role for one service account, bound the way the cluster supports:
 * a Pod Identity association, or an IRSA trust policy plus the
 * `eks.amazonaws.com/role-arn` annotation the caller puts on the account.
 * Attach permissions to `role` yourself.
 */
export function workloadRole(name: string, args: WorkloadRoleArgs, opts: pulumi.CustomResourceOptions): WorkloadRole {
  const { identity } = args;
  if (identity.kind === "pod-identity") {
    const role = new Role(name, {
      assumeRolePolicy: assumeRolePolicy(args.partition, ["pods.eks"], ["sts:AssumeRole", "sts:TagSession"]),
      tags: args.tags,
    }, opts);
    const association = new PodIdentityAssociation(`${name}-identity`, {
      clusterName: identity.clusterName,
      namespace: args.namespace,
      serviceAccount: args.serviceAccount,
      roleArn: role.arn,
      tags: args.tags,
    }, opts);
    return { role, serviceAccountAnnotations: {}, binding: association };
  }
  const role = new Role(name, {
    assumeRolePolicy: pulumi
      .all([identity.oidcProviderArn, identity.oidcIssuerHost, args.namespace])
      .apply(([arn, host, ns]) => irsaTrustPolicy(arn, host, ns, args.serviceAccount)),
    tags: args.tags,
  }, opts);
  return { role, serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": role.arn }, binding: role };
}
