// ModelWeights in eu-central-1 under Pulumi mocks: the bucket's safeguards, the read-only identity through
// Pod Identity, settings reaching their resources, protection on and off, outputs, refusals.
import { beforeAll, describe, expect, it } from "vitest";
import type { ModelWeights, ModelWeightsArgs } from "../../components/model-weights";
import { refusedBy } from "../support/components";
import { recorder, valueOf, waitForRPCs, type Recorder } from "./registrations";

const T = {
  bucket: "aws:s3/bucket:Bucket",
  key: "aws:kms/key:Key",
  encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  policy: "aws:s3/bucketPolicy:BucketPolicy",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  association: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
  serviceAccount: "kubernetes:core/v1:ServiceAccount",
} as const;
const SAFEGUARDS = [T.encryption, T.versioning, T.publicAccess, T.ownership, T.policy, T.lifecycle];

const tags = { project: "p", stack: "s", region: "eu-central-1", owner: "o" };
const args: ModelWeightsArgs = { region: "eu-central-1", workloadIdentity: { kind: "pod-identity", clusterName: "eks" }, namespace: "inference", tags };

describe("ModelWeights in eu-central-1, Pod Identity", () => {
  let r: Recorder;
  let weights: ModelWeights;
  let construct: (name: string, a: ModelWeightsArgs) => ModelWeights;

  beforeAll(async () => {
    r = await recorder("eu-central-1");
    const { ModelWeights } = await import("../../components/model-weights");
    construct = (name, a) => new ModelWeights(name, a, { providers: r.providers });
    weights = construct("weights", args);
    construct("kept", {
      ...args, retainData: true, noncurrentVersionExpirationDays: 90, abortIncompleteUploadDays: 2, serviceAccountName: "vllm", bucketNamePrefix: "acme-",
    });
    await waitForRPCs();
  });

  it("creates a stack-scoped bucket encrypted by its own rotating key with S3 Bucket Keys", () => {
    expect(r.one(T.bucket, "weights")).toEqual({ bucket: "stack-weights", forceDestroy: true, tags: { ...tags, Name: "weights" } });
    expect(r.one(T.key, "weights-data")).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30, tags: { ...tags, Name: "weights-data" } });
    expect(r.one(T.encryption, "weights")).toEqual({
      bucket: "stack-weights",
      rules: [{
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:eu-central-1:123456789012:key/weights-data" },
        bucketKeyEnabled: true,
      }],
    });
  });

  it("versions the bucket, blocks all four kinds of public access, enforces bucket ownership and denies plain HTTP", () => {
    expect(r.one(T.versioning, "weights")).toEqual({ bucket: "stack-weights", versioningConfiguration: { status: "Enabled" } });
    expect(r.one(T.publicAccess, "weights")).toEqual({
      bucket: "stack-weights", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    expect(r.one(T.ownership, "weights")).toEqual({ bucket: "stack-weights", rule: { objectOwnership: "BucketOwnerEnforced" } });
    expect(JSON.parse(r.one(T.policy, "weights").policy)).toEqual({
      Version: "2012-10-17",
      Statement: [{
        Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
        Resource: ["arn:aws:s3:::stack-weights", "arn:aws:s3:::stack-weights/*"],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }],
    });
  });

  it("changes the bucket's settings one after the other (S3 aborts concurrent ones)", () => {
    expect(r.options(T.publicAccess, "weights").dependencies).toContain(r.urn(T.ownership, "weights"));
    expect(r.options(T.policy, "weights").dependencies).toContain(r.urn(T.publicAccess, "weights"));
    expect(r.options(T.lifecycle, "weights").dependencies).toContain(r.urn(T.versioning, "weights"));
  });

  it("expires replaced versions after 30 days and unfinished uploads after 7, over the whole bucket", () => {
    expect(r.one(T.lifecycle, "weights")).toEqual({
      bucket: "stack-weights",
      rules: [{
        id: "expire-replaced-weights", status: "Enabled", filter: {},
        noncurrentVersionExpiration: { noncurrentDays: 30 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      }],
    });
  });

  it("lets only the model-server account list and read the bucket and decrypt its key, bound by Pod Identity", () => {
    expect(JSON.parse(r.one(T.role, "weights-reader").assumeRolePolicy).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: ["pods.eks.amazonaws.com"] }, Action: ["sts:AssumeRole", "sts:TagSession"] },
    ]);
    expect(r.one(T.association, "weights-reader-identity")).toMatchObject({
      clusterName: "eks", namespace: "inference", serviceAccount: "model-server", roleArn: "arn:aws:iam::123456789012:role/weights-reader",
    });
    expect(JSON.parse(r.one(T.rolePolicy, "weights-reader").policy).Statement).toEqual([
      { Sid: "ListWeights", Effect: "Allow", Action: ["s3:ListBucket"], Resource: ["arn:aws:s3:::stack-weights"] },
      { Sid: "ReadWeights", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::stack-weights/*"] },
      {
        Sid: "DecryptWeights", Effect: "Allow", Action: ["kms:Decrypt"], Resource: ["arn:aws:kms:eu-central-1:123456789012:key/weights-data"],
        Condition: { StringLike: { "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::stack-weights", "arn:aws:s3:::stack-weights/*"] } },
      },
    ]);
  });

  it("creates the service account without an API token, only once its role is bound and allowed", () => {
    expect(r.one(T.serviceAccount, "weights-reader")).toEqual({
      apiVersion: "v1", kind: "ServiceAccount",
      metadata: {
        name: "model-server", namespace: "inference", annotations: {},
        labels: { "app.kubernetes.io/part-of": "inference-platform", "app.kubernetes.io/component": "model-server" },
      },
      automountServiceAccountToken: false,
    });
    expect(r.options(T.serviceAccount, "weights-reader").dependencies).toEqual(expect.arrayContaining([
      r.urn(T.association, "weights-reader-identity"), r.urn(T.rolePolicy, "weights-reader"),
    ]));
  });

  it("carries every setting to the resource it configures", () => {
    expect(r.one(T.bucket, "kept")).toMatchObject({ bucket: "acme-stack-kept", forceDestroy: false });
    expect(r.one(T.lifecycle, "kept").rules[0]).toMatchObject({
      noncurrentVersionExpiration: { noncurrentDays: 90 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 2 },
    });
    expect(r.one(T.association, "kept-reader-identity")).toMatchObject({ serviceAccount: "vllm" });
    expect(r.one(T.serviceAccount, "kept-reader").metadata).toMatchObject({ name: "vllm", namespace: "inference" });
    expect(r.one(T.policy, "kept").policy).toContain('"arn:aws:s3:::acme-stack-kept/*"');
  });

  it("protects and retains the bucket and key with retainData, and retains their safeguards", () => {
    expect(r.options(T.bucket, "kept")).toMatchObject({ protect: true, retainOnDelete: true });
    expect(r.options(T.key, "kept-data")).toMatchObject({ protect: true, retainOnDelete: true });
    for (const type of SAFEGUARDS) expect(r.options(type, "kept"), type).toMatchObject({ protect: false, retainOnDelete: true });
    expect(r.options(T.role, "kept-reader")).toMatchObject({ protect: false, retainOnDelete: false });
  });

  it("neither protects nor retains anything without retainData", () => {
    expect(r.options(T.bucket, "weights")).toMatchObject({ protect: false, retainOnDelete: false });
    expect(r.options(T.key, "weights-data")).toMatchObject({ protect: false, retainOnDelete: false });
    for (const type of SAFEGUARDS) expect(r.options(type, "weights"), type).toMatchObject({ protect: false, retainOnDelete: false });
  });

  it("outputs the bucket, its URIs, the key, the reader role and the service account", async () => {
    expect(await valueOf(weights.bucketName)).toBe("stack-weights");
    expect(await valueOf(weights.bucketArn)).toBe("arn:aws:s3:::stack-weights");
    expect(await valueOf(weights.baseUri)).toBe("s3://stack-weights/");
    expect(await valueOf(weights.weightsUri("llama-3.1-8b-instruct/2024-07-23/"))).toBe("s3://stack-weights/llama-3.1-8b-instruct/2024-07-23");
    expect(await valueOf(weights.kmsKeyArn)).toBe("arn:aws:kms:eu-central-1:123456789012:key/weights-data");
    expect(await valueOf(weights.readerRoleArn)).toBe("arn:aws:iam::123456789012:role/weights-reader");
    expect(await valueOf(weights.serviceAccountName)).toBe("model-server");
  });

  it("refuses a model prefix outside the bucket's folders", () => {
    expect(() => weights.weightsUri("../other-bucket")).toThrow('ModelWeights: model prefix "../other-bucket" is not allowed');
    expect(() => weights.weightsUri("")).toThrow(/model prefix "" is not allowed/);
  });

  it("refuses a bucket name S3 does not take and bad expiry days at once, before registering any child", async () => {
    const long = `weights-${"x".repeat(50)}`;
    expect(await r.childrenOf(() => {
      expect(refusedBy(() => construct(long, { ...args, noncurrentVersionExpirationDays: 0, abortIncompleteUploadDays: -1 }))).toEqual([
        "noncurrentVersionExpirationDays: a whole number of days ≥ 1 (how long replaced weights are kept)",
        "abortIncompleteUploadDays: a whole number of days ≥ 1 (how long an unfinished upload's parts are kept)",
      ]);
      // Once the settings are valid, the wiring: "stack-" + 58 characters = 64 > 63.
      expect(refusedBy(() => construct(long, args))).toEqual([
        expect.stringMatching(new RegExp(`^name: bucket name "stack-${long}" \\(<bucketNamePrefix><stack>-<name>, 64 characters\\) is not allowed: S3 takes 3 to 63`)),
      ]);
      expect(refusedBy(() => construct("model_weights", args))).toEqual([expect.stringMatching(/^name: bucket name "stack-model_weights" /)]);
      expect(refusedBy(() => construct("weights2", { ...args, bucketNamePrefix: "a".repeat(20), serviceAccountName: "default" }))).toEqual([
        'serviceAccountName: service account "default" is refused: every pod of the namespace runs as it and would read the weights; name a dedicated account, e.g. model-server',
      ]);
    })).toEqual([]);
  });

  it("accepts the longest name S3 takes and a one-day expiry", async () => {
    const longest = `w-${"x".repeat(55)}`; // "stack-" + 57 = 63
    const children = await r.childrenOf(() => construct(longest, { ...args, noncurrentVersionExpirationDays: 1, abortIncompleteUploadDays: 1 }));
    expect(children.find((c) => c.type === T.bucket)?.inputs.bucket).toBe(`stack-${longest}`);
  });
});
