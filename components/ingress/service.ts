import type { Tags } from "../lib/tags";

/** Annotation prefix the AWS Load Balancer Controller reads on Services. */
const LB = "service.beta.kubernetes.io/aws-load-balancer";

/** Tags written on the NLB; the mock provider reads `region` from here. */
export const ADDITIONAL_TAGS_ANNOTATION = `${LB}-additional-resource-tags`;

/**
 * Makes the Kubernetes provider's await wait for the NLB's hostname only. Its
 * default Service await also wants ready endpoints, which never come while
 * no gateway pods exist (a first deploy), and would block the DNS records.
 */
export const AWAIT_HOSTNAME_ANNOTATIONS: Readonly<Record<string, string>> = {
  "pulumi.com/waitFor": "jsonpath={.status.loadBalancer.ingress[0].hostname}",
};

/** TLS policy of the NLB listener when it terminates TLS: TLS 1.3 and 1.2 only. */
const NLB_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** Inputs of {@link gatewayServiceAnnotations}. */
export interface GatewayServiceAnnotationArgs {
  /** ACM certificate the NLB terminates TLS with; without it TLS passes through to the gateway pods. */
  certificateArn?: string;
  /** HTTPS path the NLB probes on each pod. */
  healthCheckPath: string;
  /** Tags on the NLB and its target group. */
  tags: Tags;
}

/**
 * Annotations that make the AWS Load Balancer Controller (not the legacy
 * in-tree controller) build an internet-facing NLB with pod IP targets, load
 * balancing across zones, HTTPS health checks, and TLS on 443 — terminated by
 * the NLB with the given ACM certificate and re-encrypted to the pods, or
 * passed through to the pods when no certificate is given.
 */
export function gatewayServiceAnnotations(args: GatewayServiceAnnotationArgs): Record<string, string> {
  const annotations: Record<string, string> = {
    [`${LB}-type`]: "external",
    [`${LB}-nlb-target-type`]: "ip",
    [`${LB}-scheme`]: "internet-facing",
    [`${LB}-ip-address-type`]: "ipv4",
    // Each zone's nodes get traffic even when clients resolve to one zone's address.
    [`${LB}-attributes`]: "load_balancing.cross_zone.enabled=true",
    [`${LB}-healthcheck-protocol`]: "HTTPS",
    [`${LB}-healthcheck-port`]: "traffic-port",
    [`${LB}-healthcheck-path`]: args.healthCheckPath,
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
