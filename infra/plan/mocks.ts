import type * as pulumi from "@pulumi/pulumi";
import { platformMocks as packagedMocks } from "../../components/testing";

/**
 * The offline plan's and the tests' mocks: the package's own
 * (`inference-platform/testing`), with regions taken from `regionOfProvider`
 * (filled by the harness as providers register) instead of learned.
 */
export function platformMocks(regionOfProvider: (providerRef: string | undefined) => string): pulumi.runtime.Mocks {
  return packagedMocks({ regionOfProvider });
}
