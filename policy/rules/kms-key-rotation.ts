import { onlyTypes } from "../lib/applies";
import { flag, text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/**
 * Our keys wrap Kubernetes Secrets, Redis and Kafka data and the alarm topic.
 * Yearly automatic rotation limits how much data one key version protects and
 * costs nothing operationally (old versions still decrypt). Only symmetric
 * keys can rotate automatically, so asymmetric and HMAC keys are exempt.
 */
export const kmsKeyRotation: PlatformResourceRule = {
  name: "kms-key-rotation",
  description: "Symmetric KMS keys have automatic rotation enabled.",
  control: "AWS Security Hub FSBP KMS.4",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["aws:kms/key:Key"], (args, report) => {
    const spec = text(args.props.customerMasterKeySpec) ?? "SYMMETRIC_DEFAULT";
    if (spec !== "SYMMETRIC_DEFAULT") args.notApplicable(`${spec} keys cannot rotate automatically`);
    if (flag(args.props.enableKeyRotation) !== true) report("enableKeyRotation is not true: set it so the key rotates every year.");
  }),
};
