// `npm publish` runs this first (prepublishOnly): the package goes to a private registry, never
// the public one, where its unscoped name would be public and anyone's to take.
import * as fs from "node:fs";
import * as path from "node:path";

const PUBLIC_REGISTRY = "https://registry.npmjs.org/";

/**
 * The registry a publish goes to, as npm decides it: the command line or a
 * .npmrc (passed to scripts as npm_config_registry), the environment
 * (NPM_CONFIG_REGISTRY), then package.json's publishConfig, else the public one.
 */
export function publishRegistry(env: Record<string, string | undefined>, manifest: { publishConfig?: { registry?: string } }): string {
  return env.npm_config_registry ?? env.NPM_CONFIG_REGISTRY ?? manifest.publishConfig?.registry ?? PUBLIC_REGISTRY;
}

/** Why publishing to `registry` is refused, or undefined when it may go there. */
export function publishRefusal(registry: string): string | undefined {
  let host: string;
  try {
    host = new URL(registry).hostname;
  } catch {
    return `registry "${registry}" is not a URL`;
  }
  return host === "registry.npmjs.org" || host === "registry.yarnpkg.com"
    ? `inference-platform is published to a private registry only, not ${registry}: npm publish --registry <its URL>`
    : undefined;
}

if (require.main === module) {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { publishConfig?: { registry?: string } };
  const refusal = publishRefusal(publishRegistry(process.env, manifest));
  if (refusal) {
    console.error(refusal);
    process.exit(1);
  }
}
