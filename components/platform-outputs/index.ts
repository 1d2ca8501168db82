// Reading an inference-platform stack from another stack, checked against the outputs contract.
import * as pulumi from "@pulumi/pulumi";
import { parsePlatformOutputs, type PlatformOutputs } from "./contract";

export { platformOutputsSchema, type PlatformOutputs, type PlatformRegionOutputs } from "./contract";

/**
 * The platform's outputs from a StackReference, checked: a stack exporting
 * the wrong shape fails at preview with every wrong key path, not later in a consumer.
 * Not secret: a reference's outputs are secret as a whole once any part is (the
 * Redis token is), but the contract holds no secret and the parse keeps only its keys.
 */
export function readPlatform(ref: pulumi.StackReference): pulumi.Output<PlatformOutputs> {
  return pulumi.unsecret(ref.outputs.apply(parsePlatformOutputs));
}
