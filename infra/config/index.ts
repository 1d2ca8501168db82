import * as pulumi from "@pulumi/pulumi";
import { kubernetesVersionWarning } from "../../components/lib/kubernetes-versions";
import { parseStackConfig, rawConfigFromPulumi } from "./load";
import { PROJECT } from "./project";
import type { StackConfig } from "./schema";

export type { RegionConfig } from "../../components/region";
export { StackConfigError, parseStackConfig, type ConfigProblem } from "./load";
export { PROJECT } from "./project";
export type { StackConfig } from "./schema";

/** The file the offline plan read the configuration from, when set (`--stack-file`). */
let readFrom: string | undefined;

/** Names the file the configuration comes from, for refusals to name it (the offline plan's `--stack-file`); undefined: Pulumi.<stack>.yaml. */
export function readingStackFile(file: string | undefined): void {
  readFrom = file;
}

/** Stack file the running stack reads, as users know it. */
export function stackFileName(): string {
  return readFrom ?? `Pulumi.${pulumi.getStack()}.yaml`;
}

/**
 * Reads and validates the running stack's configuration; throws before any
 * resource registers. A Kubernetes version within 30 days of its end of
 * standard support on `today` is allowed with a printed warning.
 */
export function loadStackConfig(today = new Date()): StackConfig {
  const config = parseStackConfig(rawConfigFromPulumi(pulumi.runtime.allConfig()), stackFileName());
  const ending = kubernetesVersionWarning(config.kubernetesVersion, today);
  if (ending) void pulumi.log.warn(`${stackFileName()} ${PROJECT}:kubernetesVersion (got "${config.kubernetesVersion}"): ${ending}`);
  return config;
}
