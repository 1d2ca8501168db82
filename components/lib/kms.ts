import type * as pulumi from "@pulumi/pulumi";
import { Key } from "@pulumi/aws/kms/key";
import type { Tags } from "./tags";

/** Inputs of {@link rotatingKey}. */
export interface RotatingKeyArgs {
  /** What the key encrypts. */
  description: string;
  /** Key policy. @default AWS's default policy (the account administers the key) */
  policy?: pulumi.Input<string>;
  /** Region of the key when it differs from the provider's. @default the provider's region */
  region?: string;
  tags: Tags;
}

/**
 * A customer-managed KMS key with the platform's defaults in one place:
 * yearly automatic rotation (FSBP KMS.4) and the longest deletion window,
 * 30 days, so a mistaken delete can be cancelled.
 */
export function rotatingKey(name: string, args: RotatingKeyArgs, opts: pulumi.CustomResourceOptions): Key {
  return new Key(name, {
    description: args.description,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: args.policy,
    region: args.region,
    tags: args.tags,
  }, opts);
}
