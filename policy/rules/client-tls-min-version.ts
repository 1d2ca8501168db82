import { onlyTypes } from "../lib/applies";
import { record, text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/** Envoy Gateway's TLS versions below 1.2 (its enum: Auto, 1.0, 1.1, 1.2, 1.3). */
const BELOW_TLS12 = ["1.0", "1.1"];

/**
 * A ClientTrafficPolicy sets the TLS versions the proxies accept from
 * clients. Unset (or Auto), Envoy Gateway's floor is TLS 1.2; a policy that
 * lowers it to 1.0 or 1.1 would let API tokens and prompts travel under
 * protocols RFC 8996 deprecated, whatever the listener and the NLB say.
 */
export const clientTlsMinVersion: PlatformResourceRule = {
  name: "client-tls-min-version",
  description: "Envoy Gateway ClientTrafficPolicies keep the client TLS floor at 1.2 or above.",
  control: "AWS Well-Architected SEC09-BP02 (enforce encryption in transit); RFC 8996 (TLS 1.0 and 1.1 deprecated)",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["kubernetes:gateway.envoyproxy.io/v1alpha1:ClientTrafficPolicy"], (args, report) => {
    const minVersion = text(record(record(args.props.spec)?.tls)?.minVersion);
    if (minVersion !== undefined && BELOW_TLS12.includes(minVersion)) {
      report(`tls.minVersion is ${minVersion}: clients could negotiate TLS ${minVersion}; set 1.2 or 1.3.`);
    }
  }),
};
