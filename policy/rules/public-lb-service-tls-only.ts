import { onlyTypes } from "../lib/applies";
import { configWithDefaults } from "../lib/config";
import { loadBalancerOf } from "../lib/load-balancer";
import { numeric, record } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

const defaults = { allowedPorts: [443] };

/**
 * An internet-facing load balancer answers anyone on every port its Service
 * lists. The platform's public API serves TLS on 443 only; any other port
 * would be a plaintext or forgotten entry point past the geo-DNS health
 * checks. The stacks declare no such Service themselves (Envoy Gateway makes
 * the front door's at runtime, from the EnvoyProxy: see gateway-listeners-tls
 * and public-lb-tls-policy), but a consumer of the components may.
 */
export const publicLbServiceTlsOnly: PlatformResourceRule = {
  name: "public-lb-service-tls-only",
  description: "Internet-facing LoadBalancer Services listen on the TLS port 443 only.",
  control: "AWS Well-Architected SEC09-BP02 (enforce encryption in transit); SEC05-BP02 (control traffic flow within network layers)",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedPorts: { type: "array", items: { type: "integer" }, default: defaults.allowedPorts, description: "Ports an internet-facing load balancer may listen on." },
    },
  },
  validateResource: onlyTypes(["kubernetes:core/v1:Service"], (args, report) => {
    const lb = loadBalancerOf(args.type, args.props);
    if (!lb?.internetFacing) return;
    const { allowedPorts } = configWithDefaults(args, defaults);
    const ports = lb.ports.map((p) => numeric(record(p)?.port));
    const extra = ports.filter((p) => p === undefined || !allowedPorts.includes(p));
    if (extra.length > 0) {
      report(`internet-facing load balancer listens on ${extra.map((p) => p ?? "?").join(", ")}: expose only ${allowedPorts.join(", ")} (TLS).`);
    }
  }),
};
