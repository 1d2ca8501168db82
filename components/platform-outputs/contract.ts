/**
 * The stack outputs as a contract: what another stack (an application, a
 * data pipeline) may read from this one through a StackReference. Pulumi-free,
 * so a consumer's tests can check a recorded output without a runtime.
 * Extra keys are allowed (the stack exports more than consumers rely on) and
 * left out of the parsed value: its type names only the contract's keys, so
 * `Output` lifting (`region.cluster.endpoint`) works on it. Read anything else
 * with `StackReference.getOutput`.
 */
import { z } from "zod";
import { propertyPath, settingsProblems } from "../lib/contract";

const text = z.string().min(1);

const regionOutputsSchema = z.object({
  awsRegion: text,
  partition: z.enum(["aws", "aws-cn"]),
  vpc: z.object({ id: text, publicSubnetIds: z.array(text), privateSubnetIds: z.array(text) }),
  cluster: z.object({
    name: text,
    endpoint: text,
    /** Base64 PEM of the cluster CA. */
    certificateAuthority: text,
    oidcIssuer: text.optional(),
  }),
  appNamespace: text,
  // Secrets (the Redis auth token) stay secret: a StackReference hands them over as secret values.
  redis: z.object({
    primaryEndpoint: text,
    readerEndpoint: text.optional(),
    port: z.number().int().positive(),
    /** In the application namespace: a ConfigMap of endpoints and cache TTL, a Secret holding REDIS_AUTH_TOKEN. */
    connection: z.object({ configMap: text, secret: text }),
  }),
  kafka: z.object({
    bootstrapBrokersIam: text,
    clusterArn: text,
    /** In the application namespace: a ConfigMap of brokers and topics, and the service account MSK's IAM auth admits. */
    connection: z.object({ configMap: text, serviceAccount: text }),
  }),
  modelEndpoint: text,
  hostname: text,
});

/** The outputs of an inference-platform stack that consumers rely on. */
export const platformOutputsSchema = z.object({
  dnsName: text.optional(),
  regions: z.record(z.string(), regionOutputsSchema),
});

/** What {@link platformOutputsSchema} accepts. */
export type PlatformOutputs = z.infer<typeof platformOutputsSchema>;

/** One region's part of {@link PlatformOutputs}. */
export type PlatformRegionOutputs = PlatformOutputs["regions"][string];

/** The outputs, checked; throws one Error naming every missing or wrong key path. */
export function parsePlatformOutputs(value: unknown): PlatformOutputs {
  const parsed = platformOutputsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = settingsProblems(parsed.error);
  const lines = problems.map((p) => `  - ${propertyPath(p.path) || "(outputs)"}: ${p.message}`);
  throw new Error(`platform stack outputs: ${problems.length} problem(s):\n${lines.join("\n")}`);
}
