import type { Tags } from "../lib/tags";

/** Annotation prefix the AWS Load Balancer Controller reads on Services. */
const LB = "service.beta.kubernetes.io/aws-load-balancer";

/** Tags written on the NLB; the mock provider reads `region` from here. */
export const ADDITIONAL_TAGS_ANNOTATION = `${LB}-additional-resource-tags`;

/** TLS policy of the NLB listener when it terminates TLS: TLS 1.3 and 1.2 only. */
const NLB_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** Inputs of {@link publicNlbAnnotations}. */
export interface PublicNlbAnnotationArgs {
  /** ACM certificate the NLB terminates TLS with; without it TLS passes through to the gateway pods. */
  certificateArn?: string;
  /** Where the NLB probes each proxy pod over plain HTTP (its readiness endpoint, not the traffic port). */
  healthCheck: { port: number; path: string };
  /** Tags on the NLB and its target group. */
  tags: Tags;
}

/**
 * Annotations that make the AWS Load Balancer Controller (not the legacy
 * in-tree controller) build an internet-facing NLB with pod IP targets, load
 * balancing across zones, health checks on the proxies' readiness endpoint,
 * and TLS on 443 — terminated by the NLB with the given ACM certificate and
 * re-encrypted to the proxies, or passed through to them when no certificate
 * is given.
 */
export function publicNlbAnnotations(args: PublicNlbAnnotationArgs): Record<string, string> {
  const annotations: Record<string, string> = {
    [`${LB}-type`]: "external",
    [`${LB}-nlb-target-type`]: "ip",
    [`${LB}-scheme`]: "internet-facing",
    [`${LB}-ip-address-type`]: "ipv4",
    // Each zone's nodes get traffic even when clients resolve to one zone's address.
    [`${LB}-attributes`]: "load_balancing.cross_zone.enabled=true",
    [`${LB}-healthcheck-protocol`]: "HTTP",
    [`${LB}-healthcheck-port`]: String(args.healthCheck.port),
    [`${LB}-healthcheck-path`]: args.healthCheck.path,
    [`${LB}-healthcheck-interval`]: "10",
    [`${LB}-healthcheck-healthy-threshold`]: "3",
    [`${LB}-healthcheck-unhealthy-threshold`]: "3",
    // The controller's defaultTags cover its own tags; these are the platform's required ones.
    [ADDITIONAL_TAGS_ANNOTATION]: Object.entries(args.tags).map(([k, v]) => `${k}=${v}`).join(","),
  };
  if (args.certificateArn) {
    annotations[`${LB}-ssl-cert`] = args.certificateArn;
    annotations[`${LB}-ssl-ports`] = "443";
    annotations[`${LB}-ssl-negotiation-policy`] = NLB_TLS_POLICY;
    annotations[`${LB}-backend-protocol`] = "ssl";
  }
  return annotations;
}
