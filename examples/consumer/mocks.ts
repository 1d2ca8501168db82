// How this stack's unit tests run it: its config as `pulumi config set` would give it, the platform
// package's mocks answering a StackReference with the platform stack's recorded outputs
// (`pulumi stack output --json`), and only then the program, so that the mocks see what it registers.
import * as pulumi from "@pulumi/pulumi";
import { platformMocks } from "inference-platform/testing";

/** What the program registered and exported under the mocks. */
export interface MockedRun {
  registered: pulumi.runtime.MockResourceArgs[];
  exports: typeof import("./index.js");
}

/** Runs index.ts under the mocks; `config` holds this project's keys without the `consumer:` prefix (`image` is required). */
export async function runUnderMocks(platformStack: string, recorded: Record<string, unknown>, config: Record<string, string>): Promise<MockedRun> {
  const mocks = platformMocks({ stacks: { [platformStack]: recorded } });
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  const keys = { ...config, platformStack };
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(keys).map(([key, value]) => [`consumer:${key}`, value])), []);
  await pulumi.runtime.setMocks({
    newResource: (args) => {
      registered.push(args);
      return mocks.newResource(args);
    },
    call: (args) => mocks.call(args),
  }, "consumer", "test", false);
  return { registered, exports: await import("./index.js") };
}
