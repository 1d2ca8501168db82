// Constructing a component on its own under Pulumi's mocks, to see what it accepts and what it refuses.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "vitest";
import { platformMocks } from "../../infra/plan/mocks";

/** Installs the project's mocks for components built outside a stack (resources go to `awsRegion`). */
export async function useComponentMocks(awsRegion = "eu-central-1"): Promise<void> {
  await pulumi.runtime.setMocks(platformMocks(() => awsRegion), "project", "stack", false);
}

/**
 * Installs the project's mocks and appends every registration to `registered`,
 * so a test can read what a component created (resources go to `awsRegion`).
 */
export async function recordRegistrations(
  registered: pulumi.runtime.MockResourceArgs[],
  awsRegion = "eu-central-1",
  project = "project",
  stack = "stack",
): Promise<void> {
  const mocks = platformMocks(() => awsRegion);
  await pulumi.runtime.setMocks({
    newResource: (args) => {
      registered.push(args);
      return mocks.newResource(args);
    },
    call: (args) => mocks.call(args),
  }, project, stack, false);
}

/** The `property: reason` lines of the InputPropertiesError that `construct` throws; fails the test when it accepts. */
export function refusedBy(construct: () => unknown): string[] {
  try {
    construct();
  } catch (e) {
    expect(pulumi.InputPropertiesError.isInstance(e), String(e)).toBe(true);
    return (e as pulumi.InputPropertiesError).errors.map((x) => `${x.propertyPath}: ${x.reason}`);
  }
  throw new Error("inputs were accepted");
}

/** Tags every AWS resource of a test component carries. */
export const TEST_TAGS = { project: "p", stack: "s", region: "r", owner: "o" };
