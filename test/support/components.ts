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
  await pulumi.runtime.setMocks(recording(platformMocks(() => awsRegion), registered), project, stack, false);
}

/** `mocks`, appending every registration to `registered` first. */
export function recording(mocks: pulumi.runtime.Mocks, registered: pulumi.runtime.MockResourceArgs[]): pulumi.runtime.Mocks {
  return {
    newResource: (args) => {
      registered.push(args);
      return mocks.newResource(args);
    },
    call: (args) => mocks.call(args),
  };
}

/**
 * The value an Output resolves to. Rejects after `timeoutMs` when it never does
 * (an unknown value, a throwing mock), where `apply` alone would hang the test.
 */
export function valueOf<T>(output: pulumi.Output<T>, timeoutMs = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`output did not resolve within ${timeoutMs} ms`)), timeoutMs);
  });
  const value = new Promise<T>((resolve) => output.apply((v) => {
    resolve(v);
    return v;
  }));
  return Promise.race([value, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves once every registration sent so far has reached the mocks. */
export function waitForRPCs(): Promise<void> {
  return (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}

/** Inputs of the one registration of `type` named `name`; fails the test when there is none or several. */
export function onlyInputs(registered: readonly pulumi.runtime.MockResourceArgs[], type: string, name: string): Record<string, any> {
  const found = registered.filter((r) => r.type === type && r.name === name);
  expect(found, `${type} ${name}`).toHaveLength(1);
  return found[0]!.inputs;
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
