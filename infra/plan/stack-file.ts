// Where a stack's file is, or why there is none: Pulumi-free, so the plan CLI refuses an unknown stack before loading Pulumi.
import * as fs from "node:fs";
import * as path from "node:path";

/** The stack file to read (`stackFile`, else `Pulumi.<stack>.yaml` in `projectDir`); throws naming the stacks that exist. */
export function stackFilePath(projectDir: string, stack: string, stackFile?: string): string {
  const file = stackFile ?? path.join(projectDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) throw new Error(`no stack file ${file}: stacks here are ${fs.readdirSync(projectDir).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f)).join(", ")}`);
  return file;
}
