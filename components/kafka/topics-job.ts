import * as pulumi from "@pulumi/pulumi";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { Job } from "@pulumi/kubernetes/batch/v1/job";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1/serviceAccount";
import { imageFrom } from "../lib/images";
import { partitionOf } from "../lib/partition";
import { namedTags, type Tags } from "../lib/tags";
import { workloadRole, type WorkloadIdentity } from "../lib/workload-identity";
import { TOPICS_SERVICE_ACCOUNT } from "./identities";
import { topicsAdminPolicy } from "./iam";
import { FETCH_IMAGE, FETCH_SCRIPT, IAM_AUTH_JAR_PATH, KAFKA_CLI_IMAGE, MSK_IAM_AUTH_JAR_URL, TOPICS_SCRIPT } from "./topics-script";
import { topicsJobName, topicSpec, type ResolvedTopic } from "./topics";

/** Inputs of {@link topicsJob}. */
export interface TopicsJobInputs {
  /** AWS region (its partition shapes the trust policy). */
  region: string;
  /** How the EKS cluster running the Job binds IAM roles to service accounts. */
  identity: WorkloadIdentity;
  /** Namespace of the Job and its service account. */
  namespace: pulumi.Input<string>;
  /** MSK cluster ARN the role is scoped to. */
  clusterArn: pulumi.Output<string>;
  /** SASL/IAM bootstrap brokers. */
  bootstrapServers: pulumi.Output<string>;
  /** Declared topics, defaults filled in. */
  topics: ResolvedTopic[];
  /** Delete topics that are no longer declared. */
  pruneUndeclared: boolean;
  /** Image mirror (China). */
  imageMirror?: string;
  /** Where to fetch aws-msk-iam-auth from. @default Maven Central (MSK_IAM_AUTH_JAR_URL) */
  iamAuthJarUrl: string | undefined;
  /** Expected sha256 of the jar. @default not checked */
  iamAuthJarSha256: string | undefined;
  /** Tags of the AWS resources. */
  tags: Tags;
}

/** Restricted Pod Security: no root, no privilege escalation, no capabilities, read-only root. */
const containerSecurity = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
};

/**
 * The Job that creates and keeps the declared topics from inside the cluster
 * (brokers are private), authenticating with IAM through the cluster's
 * workload identity (Pod Identity, or IRSA where Pod Identity is not offered,
 * as in China): a role only this Job's service account can assume, scoped to
 * this cluster and its topics. Its name hashes the topic list, so a changed
 * list runs a new Job.
 */
export function topicsJob(name: string, args: TopicsJobInputs, opts: { parent: pulumi.Resource }): Job {
  const { role, serviceAccountAnnotations, binding } = workloadRole(`${name}-topics`, {
    identity: args.identity,
    partition: partitionOf(args.region),
    namespace: args.namespace,
    serviceAccount: TOPICS_SERVICE_ACCOUNT,
    tags: namedTags(args.tags, `${name}-topics`),
  }, opts);
  const policy = new RolePolicy(`${name}-topics`, {
    role: role.id,
    policy: args.clusterArn.apply((arn) => topicsAdminPolicy(arn, args.pruneUndeclared)),
  }, opts);

  const labels = { "app.kubernetes.io/name": "kafka-topics", "app.kubernetes.io/part-of": "inference-platform" };
  const serviceAccount = new ServiceAccount(`${name}-topics`, {
    metadata: { name: TOPICS_SERVICE_ACCOUNT, namespace: args.namespace, labels, annotations: serviceAccountAnnotations },
    // The Job never calls the Kubernetes API, so no API token. AWS credentials
    // do not depend on it: the EKS pod identity webhook adds its own projected
    // token volume (IRSA: `aws-iam-token`, audience sts.amazonaws.com; Pod
    // Identity: `eks-pod-identity-token`) whenever the service account is
    // annotated or associated, whatever this flag says; the flag only governs
    // the `kube-api-access-*` volume. fsGroup below lets the non-root user read it.
    automountServiceAccountToken: false,
  }, opts);

  const spec = topicSpec(args.topics);
  const jobName = topicsJobName(spec, args.pruneUndeclared, TOPICS_SCRIPT);
  const jarVolume = { name: "msk-iam", mountPath: IAM_AUTH_JAR_PATH.slice(0, IAM_AUTH_JAR_PATH.lastIndexOf("/")) };
  const tmpVolume = { name: "tmp", mountPath: "/tmp" };
  const resources = { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } };
  return new Job(`${name}-topics`, {
    metadata: {
      name: jobName,
      namespace: args.namespace,
      labels,
      annotations: { "inference.platform/topics": args.topics.map((t) => t.name).join(",") },
    },
    spec: {
      backoffLimit: 6,
      activeDeadlineSeconds: 1800,
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: serviceAccount.metadata.name,
          restartPolicy: "Never",
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
          initContainers: [{
            name: "fetch-msk-iam-auth",
            image: imageFrom(FETCH_IMAGE, args.imageMirror),
            command: ["/bin/sh", "-c", FETCH_SCRIPT],
            // An empty JAR_SHA256 tells FETCH_SCRIPT to skip the check.
            env: [{ name: "JAR_URL", value: args.iamAuthJarUrl ?? MSK_IAM_AUTH_JAR_URL }, { name: "JAR_SHA256", value: args.iamAuthJarSha256 ?? "" }],
            securityContext: containerSecurity,
            resources,
            volumeMounts: [jarVolume],
          }],
          containers: [{
            name: "topics",
            image: imageFrom(KAFKA_CLI_IMAGE, args.imageMirror),
            command: ["/bin/bash", "-c", TOPICS_SCRIPT],
            env: [
              { name: "BOOTSTRAP_SERVERS", value: args.bootstrapServers },
              { name: "TOPIC_SPEC", value: spec },
              { name: "PRUNE_UNDECLARED", value: String(args.pruneUndeclared) },
            ],
            securityContext: containerSecurity,
            resources,
            volumeMounts: [jarVolume, tmpVolume],
          }],
          volumes: [{ name: "msk-iam", emptyDir: {} }, { name: "tmp", emptyDir: {} }],
        },
      },
    },
  }, {
    ...opts,
    // Credentials must be assumable (and the webhook must see the binding) before the pod starts.
    dependsOn: [binding, policy],
    // A Job's template is immutable and its name is fixed: replace by delete-then-create.
    deleteBeforeReplace: true,
    customTimeouts: { create: "30m", update: "30m", delete: "10m" },
  });
}
