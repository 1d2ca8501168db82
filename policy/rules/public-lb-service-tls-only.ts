import { onlyTypes } from "../lib/applies";
import { configWithDefaults } from "../lib/config";
import { list, numeric, record, text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

const SCHEME = "service.beta.kubernetes.io/aws-load-balancer-scheme";
const defaults = { allowedPorts: [443] };

/**
 * An internet-facing load balancer answers anyone on every port its Service
 * lists. The inference gateway serves TLS on 443; any other port would be a
 * plaintext or forgotten entry point past the geo-DNS health checks.
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
    const spec = record(args.props.spec) ?? {};
    if (text(spec.type) !== "LoadBalancer") return;
    // The AWS Load Balancer Controller makes internal load balancers unless told otherwise.
    if (text(record(record(args.props.metadata)?.annotations)?.[SCHEME]) !== "internet-facing") return;
    const { allowedPorts } = configWithDefaults(args, defaults);
    const ports = list(spec.ports).map((p) => numeric(record(p)?.port));
    const extra = ports.filter((p) => p === undefined || !allowedPorts.includes(p));
    if (extra.length > 0) {
      report(`internet-facing load balancer listens on ${extra.map((p) => p ?? "?").join(", ")}: expose only ${allowedPorts.join(", ")} (TLS).`);
    }
  }),
};
