// ModelWeights' contract: settings with their defaults and rules, what prod adds, the bucket-name and
// model-prefix rules, and the two policy documents in both partitions.
import { describe, expect, it } from "vitest";
import { parseSettings, propertyPath } from "../../components/lib/contract";
import {
  bucketNameProblem, modelPrefixProblem, modelWeightsProdProblems, modelWeightsSettingsSchema, readerServiceAccountProblem, type ModelWeightsSettings,
} from "../../components/model-weights/contract";
import { bucketArnOf, readerPolicy, tlsOnlyBucketPolicy } from "../../components/model-weights/policies";

/** The problems the component would list for these settings. */
const problems = (settings: ModelWeightsSettings | Record<string, unknown>): string[] => {
  const parsed = parseSettings(modelWeightsSettingsSchema, settings);
  return parsed.ok ? [] : parsed.problems.map((p) => `${propertyPath(p.path)}: ${p.message}`);
};
const prod = (settings: ModelWeightsSettings) => modelWeightsProdProblems(modelWeightsSettingsSchema.parse(settings)).map((p) => `${propertyPath(p.path)}: ${p.message}`);

describe("ModelWeights settings", () => {
  it("defaults to 30 days for replaced weights, 7 for unfinished uploads, the model-server account and no name prefix", () => {
    expect(modelWeightsSettingsSchema.parse({})).toEqual({
      noncurrentVersionExpirationDays: 30, abortIncompleteUploadDays: 7, serviceAccountName: "model-server", bucketNamePrefix: "",
    });
    expect(problems({ noncurrentVersionExpirationDays: 1, abortIncompleteUploadDays: 1, serviceAccountName: "vllm.reader", bucketNamePrefix: "acme-" })).toEqual([]);
  });

  it("refuses expiry days that are not whole days ≥ 1, every one at once", () => {
    expect(problems({ noncurrentVersionExpirationDays: 0, abortIncompleteUploadDays: 2.5 })).toEqual([
      "noncurrentVersionExpirationDays: a whole number of days ≥ 1 (how long replaced weights are kept)",
      "abortIncompleteUploadDays: a whole number of days ≥ 1 (how long an unfinished upload's parts are kept)",
    ]);
    expect(problems({ noncurrentVersionExpirationDays: -30 })).toEqual(["noncurrentVersionExpirationDays: a whole number of days ≥ 1 (how long replaced weights are kept)"]);
    expect(problems({ noncurrentVersionExpirationDays: "30" })).toHaveLength(1);
  });

  it("refuses the default service account, a non-Kubernetes name, a bad name prefix and a misspelt key", () => {
    expect(problems({ serviceAccountName: "default", bucketNamePrefix: "Acme_", noncurrentVersionExpiryDays: 30 })).toEqual([
      'serviceAccountName: service account "default" is refused: every pod of the namespace runs as it and would read the weights; name a dedicated account, e.g. model-server',
      "bucketNamePrefix: lower-case letters, digits and hyphens, starting with a letter or digit (or empty)",
      "noncurrentVersionExpiryDays: unknown key (misspelt?)",
    ]);
    expect(problems({ bucketNamePrefix: "a".repeat(21) })).toEqual(["bucketNamePrefix: at most 20 characters"]);
    expect(readerServiceAccountProblem("Model_Server")).toMatch(/^service account name "Model_Server" is not a Kubernetes name/);
    expect(readerServiceAccountProblem("model-server")).toBeUndefined();
  });

  it("keeps replaced weights at least a week in prod", () => {
    expect(prod({})).toEqual([]);
    expect(prod({ noncurrentVersionExpirationDays: 7 })).toEqual([]);
    expect(prod({ noncurrentVersionExpirationDays: 3 })).toEqual([
      "noncurrentVersionExpirationDays: prod keeps replaced weights at least 7 days so a bad upload can be rolled back (allowed: 7 or more)",
    ]);
  });
});

describe("bucket name rule", () => {
  it("accepts stack-scoped names S3 takes without dots", () => {
    for (const ok of ["prod-frankfurt-weights", "abc", "acme-dev-china-weights", "a".repeat(63)]) expect(bucketNameProblem(ok), ok).toBeUndefined();
  });

  it("refuses lengths, characters, dots, edges and S3's reserved prefixes and suffixes, saying what is allowed", () => {
    const refused = ["ab", "a".repeat(64), "prod_weights", "Prod-weights", "prod.weights", "-prod-weights", "prod-weights-",
      "xn--weights", "sthree-weights", "amzn-s3-demo-weights", "weights-s3alias", "weights--ol-s3", "weights--x-s3", "weights--table-s3"];
    for (const bad of refused) expect(bucketNameProblem(bad), bad).toBeDefined();
    expect(bucketNameProblem("prod.weights")).toBe(
      'bucket name "prod.weights" (<bucketNamePrefix><stack>-<name>, 12 characters) is not allowed: S3 takes 3 to 63 lower-case letters, digits and hyphens here '
      + "(no dots: they break TLS for virtual-hosted requests), starting and ending with a letter or digit, not starting with xn--, sthree-, amzn-s3-demo- "
      + "and not ending with -s3alias, --ol-s3, --x-s3, --table-s3; use a shorter or plainer stack, component name or prefix",
    );
  });
});

describe("model prefix rule", () => {
  it("accepts folders of a model, with or without a trailing slash", () => {
    for (const ok of ["llama-3.1-8b-instruct/2024-07-23", "qwen2.5-7b", "org/model/v1/", "a_b"]) expect(modelPrefixProblem(ok), ok).toBeUndefined();
  });

  it("refuses empty, absolute, doubled-slash, dot-segment, spaced and over-long prefixes", () => {
    for (const bad of ["", "/llama", "llama//v1", "llama/../other", "./llama", "llama v1", "s3://x/llama", "a".repeat(513)]) {
      expect(modelPrefixProblem(bad), bad).toMatch(/^model prefix ".*" is not allowed: "\/"-separated folders/);
    }
  });
});

describe("policy documents", () => {
  const keyEu = "arn:aws:kms:eu-central-1:123456789012:key/k";
  const keyCn = "arn:aws-cn:kms:cn-north-1:123456789012:key/k";

  it("derives the bucket ARN from the partition", () => {
    expect(bucketArnOf("aws", "prod-frankfurt-weights")).toBe("arn:aws:s3:::prod-frankfurt-weights");
    expect(bucketArnOf("aws-cn", "prod-china-weights")).toBe("arn:aws-cn:s3:::prod-china-weights");
  });

  it("denies every request without TLS, on the bucket and its objects", () => {
    for (const [partition, bucket] of [["aws", "w-eu"], ["aws-cn", "w-cn"]] as const) {
      expect(JSON.parse(tlsOnlyBucketPolicy(partition, bucket))).toEqual({
        Version: "2012-10-17",
        Statement: [{
          Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
          Resource: [`arn:${partition}:s3:::${bucket}`, `arn:${partition}:s3:::${bucket}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }],
      });
    }
  });

  it("lets readers list and get, and decrypt only for this bucket, in either partition", () => {
    for (const [partition, key] of [["aws", keyEu], ["aws-cn", keyCn]] as const) {
      const arn = `arn:${partition}:s3:::w`;
      expect(JSON.parse(readerPolicy(partition, "w", key)).Statement).toEqual([
        { Sid: "ListWeights", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [arn] },
        { Sid: "ReadWeights", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${arn}/*`] },
        { Sid: "DecryptWeights", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [key], Condition: { StringLike: { "kms:EncryptionContext:aws:s3:arn": [arn, `${arn}/*`] } } },
      ]);
    }
    expect(readerPolicy("aws-cn", "w", keyCn)).not.toContain("arn:aws:");
  });
});
