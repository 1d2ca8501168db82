// Plan lines of a region's front door, from `regions.<name>.frontDoor` (and the NLB from `.ingress`).
import type { RegionSection } from "./types";

interface TierSummary { stable: string; canary: string; canaryWeightPercent: number }
interface FrontDoorSummary {
  hostname?: string;
  envoyGateway?: string;
  healthPath?: string;
  tiers?: { premium: TierSummary; free: TierSummary };
  freeQpsCeiling?: number;
  perClientPerMinute?: { premium: number; free: number };
  timeouts?: { generationSeconds: number; apiMilliseconds: number };
}

const tier = (t: TierSummary) => `${t.stable} ${100 - t.canaryWeightPercent} % / ${t.canary} ${t.canaryWeightPercent} %`;

/** `Front door: …` with the NLB, the tiers' backends and canary weights, the timeouts and the free ceiling. */
export const frontDoorSection: RegionSection = (region) => {
  const f = region.frontDoor as FrontDoorSummary | undefined;
  const ingress = region.ingress as { tls?: string; allowedSourceCidrs?: string[] } | undefined;
  if (!f) return [];
  const lines = [
    `Front door: Envoy Gateway ${f.envoyGateway ?? "?"} behind NLB ${f.hostname ?? "(pending)"} on 443 from ${(ingress?.allowedSourceCidrs ?? []).join(", ")}; TLS ${ingress?.tls ?? "?"}`,
  ];
  if (f.tiers) {
    lines.push(`  premium → ${tier(f.tiers.premium)}; ${f.perClientPerMinute?.premium ?? "?"} req/min per client`);
    lines.push(`  free    → ${tier(f.tiers.free)}; ${f.perClientPerMinute?.free ?? "?"} req/min per client, all free clients ≤ ${f.freeQpsCeiling ?? "?"} req/s, then 429`);
  }
  if (f.timeouts) lines.push(`  timeouts: generation ${f.timeouts.generationSeconds} s, rest of /v1 ${f.timeouts.apiMilliseconds} ms; ${f.healthPath ?? "/healthz"} answered by the model servers`);
  return lines;
};
