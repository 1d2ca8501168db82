import { expect } from "vitest";
import { parseStackConfig, rawConfigFromPulumi, StackConfigError } from "../../infra/config/load";
import type { StackConfig } from "../../infra/config/schema";
import { stackConfigMap } from "../../infra/plan/harness";
import { editedStackFile, REPO_ROOT } from "./render";

/** Raw config as the program receives it: stack file keys, parsed, with Pulumi.yaml defaults applied like the CLI. */
export type RawConfig = Record<string, any>;

/** The raw config of a real stack file (or of `file`, a copy of one). */
export function realRaw(stack: "dev" | "prod", file?: string): RawConfig {
  return rawConfigFromPulumi(stackConfigMap(REPO_ROOT, stack, file).config);
}

/** Parses a real stack file (or an edited copy) the way the program does. */
export function parseStackFile(stack: "dev" | "prod", file?: string): StackConfig {
  return parseStackConfig(realRaw(stack, file), `Pulumi.${stack}.yaml`);
}

/** The StackConfigError message `parse` throws; fails the test when it accepts. */
export function refusalOf(parse: () => unknown): string {
  try {
    parse();
  } catch (e) {
    expect(e).toBeInstanceOf(StackConfigError);
    return (e as Error).message;
  }
  throw new Error("config was accepted");
}

/** The refusal of a copy of the real prod stack file changed by `edit` (applied to its `config` map). */
export function refusalOfEditedProd(edit: (config: RawConfig) => void): string {
  const file = editedStackFile("prod", edit);
  return refusalOf(() => parseStackFile("prod", file));
}
