// Composes the region's managed Redis and Kafka. Stub until the data-plane issue lands.
import type { DataPlaneHandles, RegionContext } from "./types";

/** Adds the region's data plane under `ctx.platform`. */
export function composeDataPlane(_ctx: RegionContext): DataPlaneHandles {
  return { outputs: {} };
}
