import { onlyTypes } from "../lib/applies";
import { configWithDefaults } from "../lib/config";
import { LB_ANNOTATIONS, LOAD_BALANCER_TYPES, loadBalancerOf } from "../lib/load-balancer";
import { text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/** ELB security policies whose lowest protocol is TLS 1.2 or 1.3. */
const TLS12_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
  "ELBSecurityPolicy-FS-1-2-2019-08",
  "ELBSecurityPolicy-FS-1-2-Res-2019-08",
  "ELBSecurityPolicy-FS-1-2-Res-2020-10",
  "ELBSecurityPolicy-TLS-1-2-2017-01",
  "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
];
const defaults = { allowedPolicies: TLS12_POLICIES };

/**
 * When the internet-facing NLB terminates TLS (an ssl-cert annotation), its
 * security policy is what clients negotiate with. Without the
 * ssl-negotiation-policy annotation the AWS Load Balancer Controller uses
 * ELBSecurityPolicy-2016-08, which still accepts TLS 1.0 and 1.1: API tokens
 * and prompts would cross the internet under protocols with known attacks.
 * Without an ssl-cert the NLB passes TCP through and the proxies terminate
 * TLS; gateway-listeners-tls and client-tls-min-version hold them to TLS 1.2.
 * Applies to an EnvoyProxy's envoyService and to LoadBalancer Services alike.
 */
export const publicLbTlsPolicy: PlatformResourceRule = {
  name: "public-lb-tls-policy",
  description: "An internet-facing load balancer that terminates TLS names a TLS 1.2+ ELB security policy.",
  control: "AWS Well-Architected SEC09-BP02 (enforce encryption in transit); RFC 8996 (TLS 1.0 and 1.1 deprecated); cf. AWS Security Hub FSBP ELB.17",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedPolicies: {
        type: "array", items: { type: "string" }, default: defaults.allowedPolicies,
        description: "ELB security policies an internet-facing load balancer may terminate TLS with.",
      },
    },
  },
  validateResource: onlyTypes(LOAD_BALANCER_TYPES, (args, report) => {
    const lb = loadBalancerOf(args.type, args.props);
    if (!lb?.internetFacing || !text(lb.annotations[LB_ANNOTATIONS.sslCert])) return;
    const { allowedPolicies } = configWithDefaults(args, defaults);
    const policy = text(lb.annotations[LB_ANNOTATIONS.sslNegotiationPolicy]);
    if (policy === undefined) {
      report(`${lb.where} terminates TLS without ${LB_ANNOTATIONS.sslNegotiationPolicy}: the controller's default, ELBSecurityPolicy-2016-08, accepts TLS 1.0 and 1.1; name one of ${allowedPolicies.join(", ")}.`);
    } else if (!allowedPolicies.includes(policy)) {
      report(`${lb.where} terminates TLS with ${policy}, which is not an allowed TLS 1.2+ policy: use one of ${allowedPolicies.join(", ")}.`);
    }
  }),
};
