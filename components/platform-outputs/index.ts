// Reading an inference-platform stack from another stack, checked against the outputs contract.
import type * as pulumi from "@pulumi/pulumi";
import { parsePlatformOutputs, type PlatformOutputs } from "./contract";

export { platformOutputsSchema, type PlatformOutputs, type PlatformRegionOutputs } from "./contract";

/**
 * The platform's outputs from a StackReference, checked: a stack exporting
 * the wrong shape fails at preview with every wrong key path, not later in a consumer.
 */
export function readPlatform(ref: pulumi.StackReference): pulumi.Output<PlatformOutputs> {
  return ref.outputs.apply(parsePlatformOutputs);
}
