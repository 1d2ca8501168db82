/**
 * The contract of RegionalIngress: its settings, their defaults and their
 * rules, defined once. `RegionalIngressArgs` extends `IngressSettings`, the
 * component validates with this schema, and a region's `ingress:` section in
 * the stack file is this schema. Pulumi-free.
 */
import { z } from "zod";
import { parseCidr } from "../lib/cidr";
import { partitionOf } from "../lib/partition";

const wholeNumber = z.number().int("a whole number");
const ipv4Cidr = z.string().refine((c) => parseCidr(c) !== undefined, "an IPv4 CIDR such as 203.0.113.0/24 (0.0.0.0/0 for the whole internet)");

/** Settings of a region's public entry point: the NLB on 443 (the front door's proxies behind it) and the controller that builds it. */
export const ingressSettingsSchema = z.strictObject({
  /**
   * ACM certificate (same partition and region) the NLB terminates TLS with,
   * re-encrypting to the proxies; in China an imported one (README). Required in
   * prod. @default none: TLS on 443 passes through to the proxies' own certificate
   */
  certificateArn: z.string().min(1, "an ACM certificate ARN").optional(),
  /**
   * Client CIDRs allowed to reach port 443 (the only port). Route 53 health
   * checkers must be inside them for geo-DNS to see the region healthy.
   * @default ["0.0.0.0/0"]
   */
  allowedSourceCidrs: z.array(ipv4Cidr).min(1, 'at least one CIDR; ["0.0.0.0/0"] serves the public internet on 443').default(() => ["0.0.0.0/0"]),
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
