/**
 * The contract of ModelWeights: its settings, their defaults and their rules,
 * defined once, plus the naming rules of the bucket, its reader and the model
 * prefixes inside it. `ModelWeightsArgs` extends `ModelWeightsSettings`, the
 * component validates with this schema, and a region's section of the stack
 * file can be this schema. Pulumi-free.
 */
import { z } from "zod";
import type { SettingsProblem } from "../lib/contract";

/** Noncurrent weights prod keeps at least, in days: a bad upload can be rolled back for a week. */
const PROD_MIN_NONCURRENT_DAYS = 7;
/** Longest organisation prefix: leaves the stack and component most of S3's 63 characters. */
const MAX_NAME_PREFIX = 20;

const wholeDays = (what: string) => z.number().int(`a whole number of days ≥ 1 (${what})`).min(1, `a whole number of days ≥ 1 (${what})`);

/**
 * Why `name` cannot be the model servers' service account (undefined when it
 * can): a Kubernetes name (DNS-1123 subdomain), and not `default`, which every
 * pod of the namespace runs as unless it names another.
 */
export function readerServiceAccountProblem(name: string): string | undefined {
  const dns1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
  if (!dns1123.test(name) || name.length > 253) {
    return `service account name "${name}" is not a Kubernetes name: 1 to 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit`;
  }
  if (name === "default") return 'service account "default" is refused: every pod of the namespace runs as it and would read the weights; name a dedicated account, e.g. model-server';
  return undefined;
}

/** Settings of one region's weights bucket and its read-only identity. */
export const modelWeightsSettingsSchema = z.strictObject({
  /** Days a replaced or deleted weights file stays as a noncurrent version (to roll a bad upload back), then expires; prod keeps ≥ 7. @default 30 */
  noncurrentVersionExpirationDays: wholeDays("how long replaced weights are kept").default(30),
  /** Days after which the parts of an unfinished multipart upload are removed (an interrupted upload of a large file otherwise bills forever). @default 7 */
  abortIncompleteUploadDays: wholeDays("how long an unfinished upload's parts are kept").default(7),
  /** Kubernetes service account the model-server pods run as; only it may read the bucket. @default model-server */
  serviceAccountName: z.string().superRefine((name, ctx) => {
    // On the field, not the object: reported together with every other field's problem.
    const problem = readerServiceAccountProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }).default("model-server"),
  /** Organisation prefix of the physical bucket name (S3 names are unique across every account of a partition), e.g. `acme-`. @default none */
  bucketNamePrefix: z.string()
    .regex(/^([a-z0-9][a-z0-9-]*)?$/, "lower-case letters, digits and hyphens, starting with a letter or digit (or empty)")
    .max(MAX_NAME_PREFIX, `at most ${MAX_NAME_PREFIX} characters`)
    .default(""),
});

/** What a caller may set (defaulted keys optional). */
export type ModelWeightsSettings = z.input<typeof modelWeightsSettingsSchema>;
/** Settings with every default applied. */
export type ResolvedModelWeightsSettings = z.output<typeof modelWeightsSettingsSchema>;

/** What prod adds to the rules: replaced weights are kept long enough to roll back. */
export function modelWeightsProdProblems(s: ResolvedModelWeightsSettings): SettingsProblem[] {
  if (s.noncurrentVersionExpirationDays >= PROD_MIN_NONCURRENT_DAYS) return [];
  return [{
    path: ["noncurrentVersionExpirationDays"],
    message: `prod keeps replaced weights at least ${PROD_MIN_NONCURRENT_DAYS} days so a bad upload can be rolled back (allowed: ${PROD_MIN_NONCURRENT_DAYS} or more)`,
  }];
}

/** Prefixes and suffixes S3 reserves for its own bucket kinds. */
const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", "--x-s3", "--table-s3"];

/**
 * Why `bucket` (`<bucketNamePrefix><stack>-<name>`) does not suit S3 (undefined
 * when it does): 3 to 63 lower-case letters, digits and hyphens, starting and
 * ending with a letter or digit, none of S3's reserved prefixes or suffixes.
 * S3 also allows dots, refused here: a dotted name breaks the TLS certificate
 * of virtual-hosted-style requests, which the model loader uses.
 */
export function bucketNameProblem(bucket: string): string | undefined {
  const plain = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(bucket) && bucket.length >= 3 && bucket.length <= 63;
  const reserved = RESERVED_PREFIXES.some((p) => bucket.startsWith(p)) || RESERVED_SUFFIXES.some((s) => bucket.endsWith(s));
  if (plain && !reserved) return undefined;
  return `bucket name "${bucket}" (<bucketNamePrefix><stack>-<name>, ${bucket.length} characters) is not allowed: S3 takes 3 to 63 lower-case `
    + "letters, digits and hyphens here (no dots: they break TLS for virtual-hosted requests), starting and ending with a letter or digit, "
    + `not starting with ${RESERVED_PREFIXES.join(", ")} and not ending with ${RESERVED_SUFFIXES.join(", ")}; use a shorter or plainer stack, component name or prefix`;
}

/**
 * Why `prefix` cannot name a model's folder in the bucket (undefined when it
 * can): one or more `/`-separated segments of letters, digits, `.`, `_`, `-`,
 * none `.` or `..`, no leading `/`, at most 512 characters. Example:
 * `llama-3.1-8b-instruct/2024-07-23`.
 */
export function modelPrefixProblem(prefix: string): string | undefined {
  const segments = prefix.replace(/\/$/, "").split("/");
  const ok = prefix.length <= 512 && segments.every((seg) => /^[A-Za-z0-9._-]+$/.test(seg) && seg !== "." && seg !== "..");
  return ok ? undefined : `model prefix "${prefix}" is not allowed: "/"-separated folders of letters, digits, ".", "_" and "-" (not "." or "..", no leading "/"), at most 512 characters, e.g. llama-3.1-8b-instruct/2024-07-23`;
}
