import { onlyTypes } from "../lib/applies";
import { list, numeric, record, text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/** Gateway API versions that serve the Gateway kind. */
const GATEWAY_TYPES = ["kubernetes:gateway.networking.k8s.io/v1:Gateway", "kubernetes:gateway.networking.k8s.io/v1beta1:Gateway"];

/**
 * A Gateway's listeners become the ports of the internet-facing NLB that
 * Envoy Gateway creates for it, so each one is a public entry point. A plain
 * HTTP (or TCP/UDP) listener would carry API tokens and prompts unencrypted
 * across the internet, and a TLS Passthrough one hands TLS to the backend,
 * past the proxies' TLS floor (client-tls-min-version) and JWT checks. Every
 * listener therefore terminates TLS itself: HTTPS, or TLS in Terminate mode
 * (the Gateway API default), with a certificate. Port 80 stays closed rather
 * than redirecting: a redirect still receives the first request, token
 * included, in plaintext.
 */
export const gatewayListenersTls: PlatformResourceRule = {
  name: "gateway-listeners-tls",
  description: "Every Gateway listener terminates TLS: protocol HTTPS or TLS, mode Terminate, with a certificateRef.",
  control: "AWS Well-Architected SEC09-BP02 (enforce encryption in transit); cf. AWS Security Hub FSBP ELB.18 (secure listener protocols)",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(GATEWAY_TYPES, (args, report) => {
    list(record(args.props.spec)?.listeners).forEach((l, i) => {
      const listener = record(l) ?? {};
      const protocol = text(listener.protocol) ?? "unset";
      const name = `listener ${text(listener.name) ?? `#${i}`} (${protocol}, port ${numeric(listener.port) ?? "?"})`;
      const tls = record(listener.tls);
      const mode = text(tls?.mode) ?? "Terminate";
      if (protocol !== "HTTPS" && protocol !== "TLS") {
        report(`${name} is not TLS: API tokens and prompts would cross the internet in plaintext; serve HTTPS with tls.mode Terminate and a certificateRef.`);
      } else if (mode !== "Terminate") {
        report(`${name} uses tls.mode ${mode}: the backend would terminate TLS, past the gateway's TLS floor and JWT checks; terminate at the Gateway.`);
      } else if (list(tls?.certificateRefs).length === 0) {
        report(`${name} names no tls.certificateRefs: a terminating listener needs a certificate (Secret) to serve.`);
      }
    });
  }),
};
