import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig, rawConfigFromPulumi } from "./load";
import type { StackConfig } from "./schema";

export type { RegionConfig } from "../../components/region";
export { StackConfigError, parseStackConfig, type ConfigProblem } from "./load";
export { PROJECT } from "./project";
export type { StackConfig } from "./schema";

/** Stack file the running stack reads, as users know it. */
export function stackFileName(): string {
  return `Pulumi.${pulumi.getStack()}.yaml`;
}

/** Reads and validates the running stack's configuration; throws before any resource registers. */
export function loadStackConfig(): StackConfig {
  return parseStackConfig(rawConfigFromPulumi(pulumi.runtime.allConfig()), stackFileName());
}
