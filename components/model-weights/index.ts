import * as pulumi from "@pulumi/pulumi";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { Bucket } from "@pulumi/aws/s3/bucket";
import { BucketLifecycleConfiguration } from "@pulumi/aws/s3/bucketLifecycleConfiguration";
import { BucketOwnershipControls } from "@pulumi/aws/s3/bucketOwnershipControls";
import { BucketPolicy } from "@pulumi/aws/s3/bucketPolicy";
import { BucketPublicAccessBlock } from "@pulumi/aws/s3/bucketPublicAccessBlock";
import { BucketServerSideEncryptionConfiguration } from "@pulumi/aws/s3/bucketServerSideEncryptionConfiguration";
import { BucketVersioning } from "@pulumi/aws/s3/bucketVersioning";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1/serviceAccount";
import { rotatingKey } from "../lib/kms";
import { stackScopedName } from "../lib/naming";
import { partitionOf } from "../lib/partition";
import { settingsOrRefuse, type InputProblem } from "../lib/problems";
import { namedTags, type Tags } from "../lib/tags";
import { workloadRole, type WorkloadIdentity } from "../lib/workload-identity";
import { bucketNameProblem, modelPrefixProblem, modelWeightsSettingsSchema, type ModelWeightsSettings } from "./contract";
import { bucketArnOf, readerPolicy, tlsOnlyBucketPolicy } from "./policies";

export {
  modelPrefixProblem, modelWeightsProdProblems, modelWeightsSettingsSchema, type ModelWeightsSettings, type ResolvedModelWeightsSettings,
} from "./contract";

/** Inputs of {@link ModelWeights}: its settings (contract.ts, defaults there) and what connects it. */
export interface ModelWeightsArgs extends ModelWeightsSettings {
  /** AWS region of the bucket; its partition shapes every ARN and which workload identity works. */
  region: string;
  /** How the EKS cluster binds IAM roles to service accounts (`EksCluster.workloadIdentity`): Pod Identity, or IRSA in China. */
  workloadIdentity: WorkloadIdentity;
  /** Namespace of the model servers, where their service account is created (needs a Kubernetes provider in opts). */
  namespace: pulumi.Input<string>;
  /** Protect the bucket and its KMS key and keep them, with their safeguards, when removed from the stack (prod). @default false */
  retainData?: boolean;
  /** Tags on every AWS resource. */
  tags: Tags;
}

/**
 * Per region, the S3 bucket model servers load their weights from, so no pod
 * ever reaches a public model hub (China cannot, a surge cannot wait). The
 * bucket is KMS-encrypted with a rotating key and S3 Bucket Keys, versioned,
 * closed to the public and to ACLs, TLS-only, and expires replaced versions and
 * unfinished uploads. The model servers' service account, and only it, may
 * list and read it, through the cluster's workload identity.
 */
export class ModelWeights extends pulumi.ComponentResource {
  /** Physical bucket name (`<bucketNamePrefix><stack>-<name>`). */
  readonly bucketName: pulumi.Output<string>;
  /** Bucket ARN, in the region's partition. */
  readonly bucketArn: pulumi.Output<string>;
  /** `s3://<bucket>/`: the root the model folders live under. */
  readonly baseUri: pulumi.Output<string>;
  /** KMS key encrypting the weights. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** IAM role the model servers' service account assumes (read-only). */
  readonly readerRoleArn: pulumi.Output<string>;
  /** Service account model-server pods name in `serviceAccountName:`; created once its role is bound. */
  readonly serviceAccountName: pulumi.Output<string>;

  constructor(name: string, args: ModelWeightsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:serving:ModelWeights", name, {}, opts);
    const partition = partitionOf(args.region);
    // S3 names are unique across every account of a partition: the stack keeps dev and prod apart, the prefix other organisations.
    const physicalName = (prefix: string) => `${prefix}${stackScopedName(name)}`;
    const settings = settingsOrRefuse("ModelWeights", name, modelWeightsSettingsSchema, args, (s) => {
      const problems: InputProblem[] = [];
      const nameProblem = bucketNameProblem(physicalName(s.bucketNamePrefix));
      if (nameProblem) problems.push({ property: "name", reason: nameProblem });
      if (partition === "aws-cn" && args.workloadIdentity.kind === "pod-identity") {
        problems.push({ property: "workloadIdentity", reason: `EKS Pod Identity is not offered in ${args.region} (aws-cn); use kind "irsa" with the cluster's OIDC provider` });
      }
      return problems;
    });
    const retain = args.retainData ?? false;
    const tags = args.tags;
    // The bucket and key hold the data: protected and kept. Their safeguards are kept with them,
    // so a bucket left behind by a removal stays encrypted, versioned, private and TLS-only.
    const stateful = { parent: this, protect: retain, retainOnDelete: retain };
    const safeguard = { parent: this, retainOnDelete: retain };

    const key = rotatingKey(`${name}-data`, {
      description: `Encryption at rest of the ${name} model weights bucket`,
      tags: namedTags(tags, `${name}-data`),
    }, stateful);

    const bucket = new Bucket(name, {
      bucket: physicalName(settings.bucketNamePrefix),
      // Dev stacks come and go and hold copies of published weights; prod refuses to delete a bucket with objects.
      forceDestroy: !retain,
      tags: namedTags(tags, name),
    }, stateful);
    // The name, not the id: the same value in AWS, and what a reader of the plan recognises.
    const bucketId = bucket.bucket;

    const ownership = new BucketOwnershipControls(name, {
      bucket: bucketId,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    }, safeguard);
    const publicAccess = new BucketPublicAccessBlock(name, {
      bucket: bucketId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }, { ...safeguard, dependsOn: [ownership] });
    new BucketServerSideEncryptionConfiguration(name, {
      bucket: bucketId,
      rules: [{
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn },
        // One data key per bucket instead of per object: a model of many shards costs few KMS calls.
        bucketKeyEnabled: true,
      }],
    }, safeguard);
    const versioning = new BucketVersioning(name, {
      bucket: bucketId,
      versioningConfiguration: { status: "Enabled" },
    }, safeguard);
    // S3 answers concurrent changes to one bucket's settings with OperationAborted: one after the other.
    new BucketPolicy(name, {
      bucket: bucketId,
      policy: bucket.bucket.apply((b) => tlsOnlyBucketPolicy(partition, b)),
    }, { ...safeguard, dependsOn: [publicAccess] });
    new BucketLifecycleConfiguration(name, {
      bucket: bucketId,
      rules: [{
        id: "expire-replaced-weights",
        status: "Enabled",
        filter: {},
        noncurrentVersionExpiration: { noncurrentDays: settings.noncurrentVersionExpirationDays },
        abortIncompleteMultipartUpload: { daysAfterInitiation: settings.abortIncompleteUploadDays },
      }],
    }, { ...safeguard, dependsOn: [versioning] });

    const { role, serviceAccountAnnotations, binding } = workloadRole(`${name}-reader`, {
      identity: args.workloadIdentity,
      partition,
      namespace: args.namespace,
      serviceAccount: settings.serviceAccountName,
      tags: namedTags(tags, `${name}-reader`),
    }, { parent: this });
    const readPolicy = new RolePolicy(`${name}-reader`, {
      role: role.id,
      policy: pulumi.all([bucket.bucket, key.arn]).apply(([b, keyArn]) => readerPolicy(partition, b, keyArn)),
    }, { parent: this });

    const serviceAccount = new ServiceAccount(`${name}-reader`, {
      metadata: {
        name: settings.serviceAccountName,
        namespace: args.namespace,
        labels: { "app.kubernetes.io/part-of": "inference-platform", "app.kubernetes.io/component": "model-server" },
        annotations: serviceAccountAnnotations,
      },
      // Model servers need AWS credentials, not the Kubernetes API. The EKS pod
      // identity webhook adds its own projected token volume (IRSA:
      // `aws-iam-token`; Pod Identity: `eks-pod-identity-token`) for an
      // annotated or associated account whatever this flag says; the flag only
      // governs the `kube-api-access-*` volume.
      automountServiceAccountToken: false,
    }, {
      parent: this,
      // Credentials are injected at pod creation: a pod that finds the account finds it bound and allowed.
      dependsOn: [binding, readPolicy],
    });

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.bucket.apply((b) => bucketArnOf(partition, b));
    this.baseUri = pulumi.interpolate`s3://${bucket.bucket}/`;
    this.kmsKeyArn = key.arn;
    this.readerRoleArn = role.arn;
    this.serviceAccountName = serviceAccount.metadata.name;

    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      baseUri: this.baseUri,
      kmsKeyArn: this.kmsKeyArn,
      readerRoleArn: this.readerRoleArn,
      serviceAccountName: this.serviceAccountName,
    });
  }

  /**
   * The URI vLLM loads a model from (`--model <uri> --load-format runai_streamer`):
   * `s3://<bucket>/<modelPrefix>`. Throws on a prefix {@link modelPrefixProblem}
   * refuses; a caller's contract should refuse it first.
   */
  weightsUri(modelPrefix: string): pulumi.Output<string> {
    const problem = modelPrefixProblem(modelPrefix);
    if (problem) throw new Error(`ModelWeights: ${problem}`);
    return pulumi.interpolate`s3://${this.bucketName}/${modelPrefix.replace(/\/$/, "")}`;
  }
}
