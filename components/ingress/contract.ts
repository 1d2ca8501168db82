/**
 * The contract of RegionalIngress: its settings, their defaults and their
 * rules, defined once. `RegionalIngressArgs` extends `IngressSettings`, the
 * component validates with this schema, and a region's `ingress:` section in
 * the stack file is this schema. Pulumi-free.
 */
import { z } from "zod";
import { parseCidr } from "../lib/cidr";
import { partitionOf } from "../lib/partition";

/** Labels of the inference gateway pods the public Service selects by default. */
export const GATEWAY_SELECTOR: Readonly<Record<string, string>> = { "app.kubernetes.io/name": "inference-gateway" };

const wholeNumber = z.number().int("a whole number");
const ipv4Cidr = z.string().refine((c) => parseCidr(c) !== undefined, "an IPv4 CIDR such as 203.0.113.0/24 (0.0.0.0/0 for the whole internet)");

/** Settings of a region's public entry point: the gateway's NLB on 443 and the controller that builds it. */
export const ingressSettingsSchema = z.strictObject({
  /**
   * ACM certificate (same partition and region) the NLB terminates TLS with,
   * re-encrypting to the pods. @default none: TLS on 443 passes through to the gateway
   */
  certificateArn: z.string().min(1, "an ACM certificate ARN").optional(),
  /** HTTPS path the NLB probes on each gateway pod. @default /healthz */
  healthCheckPath: z.string().regex(/^\//, "an absolute path such as /healthz").default("/healthz"),
  /**
   * Client CIDRs allowed to reach port 443 (the only port). Route 53 health
   * checkers must be inside them for geo-DNS to see the region healthy.
   * @default ["0.0.0.0/0"]
   */
  allowedSourceCidrs: z.array(ipv4Cidr).min(1, 'at least one CIDR; ["0.0.0.0/0"] serves the public internet on 443').default(() => ["0.0.0.0/0"]),
  /** Pod labels the Service selects. @default { "app.kubernetes.io/name": "inference-gateway" } */
  gatewaySelector: z.record(z.string(), z.string()).default(() => ({ ...GATEWAY_SELECTOR })),
  /** Container port the gateway serves HTTPS on. @default 8443 */
  gatewayPort: wholeNumber.min(1, "a TCP port (1–65535)").max(65535, "a TCP port (1–65535)").default(8443),
  /** Controller replicas (a PDB keeps one up during node drains). @default 2 */
  controllerReplicas: wholeNumber.min(1, "at least 1 (2 keeps the controller up during node drains)").default(2),
});

/** What a caller may set (defaulted keys optional). */
export type IngressSettings = z.input<typeof ingressSettingsSchema>;
/** Settings with every default applied. */
export type ResolvedIngressSettings = z.output<typeof ingressSettingsSchema>;

/**
 * Why `certificateArn` cannot serve an NLB in `awsRegion` (undefined when it
 * can, or when none is set): an NLB only takes ACM certificates of its own
 * region and partition.
 */
export function certificateArnProblem(certificateArn: string | undefined, awsRegion: string): string | undefined {
  if (certificateArn === undefined) return undefined;
  const prefix = `arn:${partitionOf(awsRegion)}:acm:${awsRegion}:`;
  if (certificateArn.startsWith(prefix)) return undefined;
  return `must be an ACM certificate of ${awsRegion} (${prefix}…): an NLB only uses certificates of its own region and partition`;
}
