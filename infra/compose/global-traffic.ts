// Composes the stack's geo-DNS. Stub until the global-traffic issue lands.
import type { StackConfig } from "../config";
import type { IngressHandles, StepOutputs } from "./types";

/** One region's entry point, as DNS sees it. */
export interface RegionEndpoint {
  name: string;
  awsRegion: string;
  partition: string;
  ingress: IngressHandles;
}

/** Adds the stack-level DNS (outside any region). */
export function composeGlobalTraffic(_cfg: StackConfig, _endpoints: RegionEndpoint[]): StepOutputs {
  return {};
}
