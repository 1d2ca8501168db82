// Composes the region's public ingress. Stub until the global-traffic issue lands.
import type { IngressHandles, RegionContext } from "./types";

/** Adds the region's ingress under `ctx.platform`. */
export function composeIngress(_ctx: RegionContext): IngressHandles {
  return { outputs: {} };
}
