// ModelWeights in cn-north-1 under Pulumi mocks: every ARN in the aws-cn partition, the reader bound by IRSA
// (trust on the OIDC provider plus the role-arn annotation), and Pod Identity refused where it is not offered.
import { beforeAll, describe, expect, it } from "vitest";
import type { ModelWeights, ModelWeightsArgs } from "../../components/model-weights";
import { refusedBy } from "../support/components";
import { recorder, valueOf, waitForRPCs, type Recorder } from "./registrations";

const issuer = "oidc.eks.cn-north-1.amazonaws.com.cn/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const oidcProviderArn = `arn:aws-cn:iam::123456789012:oidc-provider/${issuer}`;
const tags = { project: "p", stack: "s", region: "cn-north-1", owner: "o" };
const args: ModelWeightsArgs = {
  region: "cn-north-1",
  workloadIdentity: { kind: "irsa", clusterName: "eks", oidcProviderArn, oidcIssuerHost: issuer },
  namespace: "inference",
  retainData: true,
  tags,
};

describe("ModelWeights in cn-north-1, IRSA", () => {
  let r: Recorder;
  let weights: ModelWeights;
  let construct: (name: string, a: ModelWeightsArgs) => ModelWeights;

  beforeAll(async () => {
    r = await recorder("cn-north-1");
    const { ModelWeights } = await import("../../components/model-weights");
    construct = (name, a) => new ModelWeights(name, a, { providers: r.providers });
    weights = construct("weights", args);
    await waitForRPCs();
  });

  it("encrypts with the region's key and denies plain HTTP, with aws-cn ARNs", () => {
    expect(r.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "weights").rules).toEqual([{
      applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws-cn:kms:cn-north-1:123456789012:key/weights-data" },
      bucketKeyEnabled: true,
    }]);
    expect(JSON.parse(r.one("aws:s3/bucketPolicy:BucketPolicy", "weights").policy).Statement[0].Resource).toEqual([
      "arn:aws-cn:s3:::stack-weights", "arn:aws-cn:s3:::stack-weights/*",
    ]);
  });

  it("trusts exactly the model-server account through the cluster's OIDC provider and annotates it with the role", () => {
    expect(JSON.parse(r.one("aws:iam/role:Role", "weights-reader").assumeRolePolicy).Statement).toEqual([{
      Effect: "Allow",
      Principal: { Federated: oidcProviderArn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringEquals: { [`${issuer}:sub`]: "system:serviceaccount:inference:model-server", [`${issuer}:aud`]: "sts.amazonaws.com" } },
    }]);
    expect(r.registered.filter((x) => x.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation")).toEqual([]);
    expect(r.one("kubernetes:core/v1:ServiceAccount", "weights-reader")).toMatchObject({
      metadata: { name: "model-server", namespace: "inference", annotations: { "eks.amazonaws.com/role-arn": "arn:aws-cn:iam::123456789012:role/weights-reader" } },
      automountServiceAccountToken: false,
    });
    // IRSA's binding is the role itself: the account waits for it and for the permissions.
    expect(r.options("kubernetes:core/v1:ServiceAccount", "weights-reader").dependencies).toEqual(expect.arrayContaining([
      r.urn("aws:iam/role:Role", "weights-reader"), r.urn("aws:iam/rolePolicy:RolePolicy", "weights-reader"),
    ]));
  });

  it("grants read and decrypt on aws-cn ARNs only, and writes no arn:aws: anywhere", () => {
    const statements = JSON.parse(r.one("aws:iam/rolePolicy:RolePolicy", "weights-reader").policy).Statement;
    expect(statements.map((s: { Resource: string[] }) => s.Resource)).toEqual([
      ["arn:aws-cn:s3:::stack-weights"], ["arn:aws-cn:s3:::stack-weights/*"], ["arn:aws-cn:kms:cn-north-1:123456789012:key/weights-data"],
    ]);
    expect(statements[2].Condition.StringLike["kms:EncryptionContext:aws:s3:arn"]).toEqual(["arn:aws-cn:s3:::stack-weights", "arn:aws-cn:s3:::stack-weights/*"]);
    const awsInputs = r.registered.filter((x) => x.type.startsWith("aws:") || x.type.startsWith("kubernetes:"));
    expect(awsInputs.length).toBeGreaterThan(9);
    expect(JSON.stringify(awsInputs.map((x) => x.inputs))).not.toContain("arn:aws:");
  });

  it("protects and retains the bucket and key in a prod-like region", () => {
    expect(r.options("aws:s3/bucket:Bucket", "weights")).toMatchObject({ protect: true, retainOnDelete: true });
    expect(r.options("aws:kms/key:Key", "weights-data")).toMatchObject({ protect: true, retainOnDelete: true });
    expect(r.one("aws:s3/bucket:Bucket", "weights").forceDestroy).toBe(false);
  });

  it("outputs aws-cn ARNs and the s3:// URIs", async () => {
    expect(await valueOf(weights.bucketArn)).toBe("arn:aws-cn:s3:::stack-weights");
    expect(await valueOf(weights.kmsKeyArn)).toBe("arn:aws-cn:kms:cn-north-1:123456789012:key/weights-data");
    expect(await valueOf(weights.readerRoleArn)).toBe("arn:aws-cn:iam::123456789012:role/weights-reader");
    expect(await valueOf(weights.weightsUri("qwen2.5-7b-instruct"))).toBe("s3://stack-weights/qwen2.5-7b-instruct");
  });

  it("refuses Pod Identity in China before registering any child", async () => {
    expect(await r.childrenOf(() => {
      expect(refusedBy(() => construct("podid", { ...args, workloadIdentity: { kind: "pod-identity", clusterName: "eks" } }))).toEqual([
        'workloadIdentity: EKS Pod Identity is not offered in cn-north-1 (aws-cn); use kind "irsa" with the cluster\'s OIDC provider',
      ]);
    })).toEqual([]);
  });
});
