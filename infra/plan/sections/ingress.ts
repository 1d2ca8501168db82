// Plan line of a region's public ingress, from `regions.<name>.ingress`.
import type { RegionSection } from "./types";

interface IngressSummary {
  hostname?: string;
  tls?: string;
  allowedSourceCidrs?: string[];
}

/** `Ingress: NLB <hostname> on 443 from <cidrs>, TLS <how>`. */
export const ingressSection: RegionSection = (region) => {
  const ingress = region.ingress as IngressSummary | undefined;
  if (!ingress) return [];
  return [`Ingress: NLB ${ingress.hostname ?? "(pending)"} on 443 from ${(ingress.allowedSourceCidrs ?? []).join(", ")}; TLS ${ingress.tls ?? "?"}`];
};
