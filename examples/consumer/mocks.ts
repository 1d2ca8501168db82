// What this stack's unit tests install before they load index.ts: the platform package's mocks, with
// the StackReference reading the platform stack's recorded outputs (`pulumi stack output --json`).
import type * as pulumi from "@pulumi/pulumi";
import { platformMocks } from "inference-platform/testing";

export function consumerMocks(platformStack: string, recordedOutputs: Record<string, unknown>): pulumi.runtime.Mocks {
  return platformMocks({ stacks: { [platformStack]: recordedOutputs } });
}
