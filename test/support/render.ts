import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { renderStack, type RenderedResource, type RenderedStack } from "../../infra/plan/harness";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Renders a real stack file of the repository. */
export function renderRealStack(stack: "dev" | "prod"): Promise<RenderedStack> {
  return renderStack({ stack });
}

/**
 * Writes a copy of a real stack file changed by `edit` (applied to its parsed
 * `config` map) to a temp folder and returns its path, for refused-case tests.
 */
export function editedStackFile(stack: "dev" | "prod", edit: (config: Record<string, any>) => void): string {
  const doc = parse(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8"));
  edit(doc.config);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-"));
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  fs.writeFileSync(file, stringify(doc));
  return file;
}

/** Resources of `type` whose URN lies under the component named `underName`. */
export function ofType(r: RenderedStack, type: string, underName?: string): RenderedResource[] {
  return r.resources.filter((x) => x.type === type && (!underName || x.urn.includes(`::${underName}`) || x.name.startsWith(underName)));
}

/** Region (from its provider) each resource deploys to. */
export function providerRegion(r: RenderedStack, res: RenderedResource): string | undefined {
  if (!res.provider) return undefined;
  const urn = res.provider.slice(0, res.provider.lastIndexOf("::"));
  const provider = r.resources.find((x) => x.urn === urn);
  return provider?.inputs.region as string | undefined;
}
