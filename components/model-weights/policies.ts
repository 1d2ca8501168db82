/**
 * The weights bucket's two policy documents: the bucket policy (TLS only) and
 * the readers' role policy (read-only). Every ARN is built from the partition,
 * so China gets `arn:aws-cn:`. Pulumi-free.
 */
import type { Partition } from "../lib/partition";

/** ARN of an S3 bucket: S3 ARNs carry no region and no account. */
export function bucketArnOf(partition: Partition, bucket: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

/** Bucket policy refusing every request that does not come over TLS, whoever sends it. */
export function tlsOnlyBucketPolicy(partition: Partition, bucket: string): string {
  const arn = bucketArnOf(partition, bucket);
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [arn, `${arn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    }],
  });
}

/**
 * Role policy of the model servers: list the bucket and read its objects,
 * nothing else (no writes, no deletes, no other bucket), and decrypt with
 * the bucket's key only when S3 asks on behalf of this bucket. With S3
 * Bucket Keys the encryption context is the bucket's ARN; an object written
 * with the bucket key turned off carries its own ARN, so both are allowed.
 */
export function readerPolicy(partition: Partition, bucket: string, keyArn: string): string {
  const arn = bucketArnOf(partition, bucket);
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "ListWeights", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [arn] },
      { Sid: "ReadWeights", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${arn}/*`] },
      {
        Sid: "DecryptWeights",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [keyArn],
        Condition: { StringLike: { "kms:EncryptionContext:aws:s3:arn": [arn, `${arn}/*`] } },
      },
    ],
  });
}
