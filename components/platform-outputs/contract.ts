/**
 * The stack outputs as a contract: what another stack (an application, a
 * data pipeline) may read from this one through a StackReference. Pulumi-free,
 * so a consumer's tests can check a recorded output without a runtime.
 * Extra keys are allowed: the stack exports more than consumers rely on.
 */
import { z } from "zod";
import { propertyPath, settingsProblems } from "../lib/contract";

const text = z.string().min(1);

const regionOutputsSchema = z.object({
  awsRegion: text,
  partition: z.enum(["aws", "aws-cn"]),
  vpc: z.object({ id: text, publicSubnetIds: z.array(text), privateSubnetIds: z.array(text) }).loose(),
  cluster: z.object({
    name: text,
    endpoint: text,
    /** Base64 PEM of the cluster CA. */
    certificateAuthority: text,
    oidcIssuer: text.optional(),
  }).loose(),
  appNamespace: text,
  // Secrets (the Redis auth token) stay secret: a StackReference hands them over as secret values.
  redis: z.object({ primaryEndpoint: text, readerEndpoint: text.optional(), port: z.number().int().positive() }).loose(),
  kafka: z.object({ bootstrapBrokersIam: text, clusterArn: text }).loose(),
  modelEndpoint: text,
  hostname: text,
}).loose();

/** The outputs of an inference-platform stack that consumers rely on. */
export const platformOutputsSchema = z.object({
  dnsName: text.optional(),
  regions: z.record(z.string(), regionOutputsSchema),
}).loose();

/** What {@link platformOutputsSchema} accepts. */
export type PlatformOutputs = z.infer<typeof platformOutputsSchema>;

/** The outputs, checked; throws one Error naming every missing or wrong key path. */
export function parsePlatformOutputs(value: unknown): PlatformOutputs {
  const parsed = platformOutputsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = settingsProblems(parsed.error);
  const lines = problems.map((p) => `  - ${propertyPath(p.path) || "(outputs)"}: ${p.message}`);
  throw new Error(`platform stack outputs: ${problems.length} problem(s):\n${lines.join("\n")}`);
}
