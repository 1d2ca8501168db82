// Composes the region's monitoring. Stub until the monitoring issue lands.
import type { DataPlaneHandles, IngressHandles, MonitoringHandles, RegionContext } from "./types";

/** Adds the region's monitoring under `ctx.platform`. */
export function composeMonitoring(_ctx: RegionContext, _dataPlane: DataPlaneHandles, _ingress: IngressHandles): MonitoringHandles {
  return { outputs: {} };
}
