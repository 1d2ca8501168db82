import * as pulumi from "@pulumi/pulumi";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { Role } from "@pulumi/aws/iam/role";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1/serviceAccount";
import { partitionOf } from "../lib/partition";
import { namedTags, type Tags } from "../lib/tags";
import { workloadRole, type WorkloadIdentity } from "../lib/workload-identity";
import { topicClientPolicy } from "./iam";

/** Inputs of {@link clientIdentity}. */
export interface ClientIdentityInputs {
  /** AWS region (its partition shapes the trust policy). */
  region: string;
  /** How the EKS cluster binds IAM roles to service accounts. */
  identity: WorkloadIdentity;
  /** Namespace of the inference workloads and their service account. */
  namespace: pulumi.Input<string>;
  /** Name of the service account, validated. */
  serviceAccountName: string;
  /** Start of the consumer group ids the role may join, validated. */
  consumerGroupPrefix: string;
  /** MSK cluster ARN the role is scoped to. */
  clusterArn: pulumi.Output<string>;
  /** Names of the declared topics, the only ones the role may read and write. */
  topicNames: string[];
  /** Tags of the AWS resources. */
  tags: Tags;
}

/** The Kafka identity of inference workloads. */
export interface ClientIdentity {
  serviceAccount: ServiceAccount;
  role: Role;
}

/**
 * The identity ordinary inference pods use for Kafka (IAM-only clients): a
 * service account bound to a role through the cluster's workload identity
 * (Pod Identity, or IRSA in China) that may produce to and consume from the
 * declared topics and join prefixed consumer groups, nothing more.
 */
export function clientIdentity(name: string, args: ClientIdentityInputs, opts: { parent: pulumi.Resource }): ClientIdentity {
  const { role, serviceAccountAnnotations, binding } = workloadRole(`${name}-client`, {
    identity: args.identity,
    partition: partitionOf(args.region),
    namespace: args.namespace,
    serviceAccount: args.serviceAccountName,
    tags: namedTags(args.tags, `${name}-client`),
  }, opts);
  const policy = new RolePolicy(`${name}-client`, {
    role: role.id,
    policy: args.clusterArn.apply((arn) => topicClientPolicy(arn, args.topicNames, args.consumerGroupPrefix)),
  }, opts);

  const serviceAccount = new ServiceAccount(`${name}-client`, {
    metadata: {
      name: args.serviceAccountName,
      namespace: args.namespace,
      labels: { "app.kubernetes.io/part-of": "inference-platform", "app.kubernetes.io/component": "kafka-client" },
      annotations: serviceAccountAnnotations,
    },
    // Inference pods need AWS credentials, not the Kubernetes API; the pod
    // identity webhook projects its own token either way (see topics-job.ts).
    // A pod that does call the API sets automountServiceAccountToken itself.
    automountServiceAccountToken: false,
  }, {
    ...opts,
    // A workload that finds the account finds it working: credentials are
    // injected at pod creation, so binding and permissions come first.
    dependsOn: [binding, policy],
  });
  return { serviceAccount, role };
}
