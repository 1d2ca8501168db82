// package.json as a consumer's npm reads it: what the built code loads is declared, nothing else
// ships as a runtime dependency, the Pulumi packages are peers, and `engines` holds for them all.
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import * as ts from "typescript";
import { intersects, minVersion, satisfies } from "semver";
import { beforeAll, describe, expect, it } from "vitest";
import { publishRefusal, publishRegistry } from "../../infra/package/publish-guard";
import { REPO_ROOT } from "../support/render";
import { packedPackage } from "../support/package";

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  exports?: Record<string, { types: string; default: string }>;
  typesVersions?: Record<string, Record<string, string[]>>;
  publishConfig?: { registry?: string };
}

const readManifest = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
const ours = readManifest(path.join(REPO_ROOT, "package.json"));
const installed = (name: string) => readManifest(path.join(REPO_ROOT, "node_modules", name, "package.json"));
const PULUMI_PEERS = ["@pulumi/aws", "@pulumi/kubernetes", "@pulumi/pulumi", "@pulumi/random"];

/** `zod` of "zod/v4", `@pulumi/aws` of "@pulumi/aws/eks/cluster"; undefined for relative and built-in modules. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("node:") || builtinModules.includes(specifier)) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Packages `loaded` uses that the manifest declares neither as a dependency nor as a peer. */
function undeclared(manifest: Manifest, loaded: ReadonlySet<string>): string[] {
  const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  return [...loaded].filter((name) => !declared.has(name));
}

/** Runtime dependencies that are neither loaded nor a peer of a loaded dependency (lezer-promql expects its parser runtime beside it). */
function unneeded(manifest: Manifest, loaded: ReadonlySet<string>): string[] {
  const deps = manifest.dependencies ?? {};
  const peersOfLoaded = new Set([...loaded].filter((n) => deps[n]).flatMap((n) => Object.keys(installed(n).peerDependencies ?? {})));
  return Object.keys(deps).filter((name) => !loaded.has(name) && !peersOfLoaded.has(name));
}

/** Every package the compiled library loads, read from dist's JavaScript with TypeScript's scanner. */
let loaded: Set<string>;

beforeAll(async () => {
  await packedPackage(); // dist/ fresh, built once per run
  const dist = path.join(REPO_ROOT, "dist", "components");
  loaded = new Set();
  for (const file of fs.readdirSync(dist, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js"))) {
    for (const { fileName } of ts.preProcessFile(fs.readFileSync(path.join(dist, file), "utf8"), true, true).importedFiles) {
      const name = packageOf(fileName);
      if (name) loaded.add(name);
    }
  }
}, 60_000);

describe("package.json for consumers", () => {
  it("can be packed and published (not private), built fresh: a git dependency builds on install, a pack from nothing", () => {
    expect(ours.private).toBeUndefined();
    expect(ours.scripts?.prepare).toBe("npm run build");
    expect(ours.scripts?.prepack).toMatch(/rmSync\('dist'.*&& npm run build$/);
    expect(ours.scripts?.prepublishOnly).toBe("node --import tsx infra/package/publish-guard.ts");
  });

  it("publishes only to a private registry, however npm was told which", () => {
    const internal = "https://npm.internal.example/";
    expect(publishRefusal(publishRegistry({}, ours))).toMatch(/private registry only, not https:\/\/registry\.npmjs\.org\//);
    expect(publishRefusal(publishRegistry({ npm_config_registry: "https://registry.npmjs.org/" }, {}))).toBeDefined();
    expect(publishRefusal(publishRegistry({ npm_config_registry: internal }, {}))).toBeUndefined();
    expect(publishRefusal(publishRegistry({ NPM_CONFIG_REGISTRY: internal }, {}))).toBeUndefined();
    expect(publishRefusal(publishRegistry({}, { publishConfig: { registry: internal } }))).toBeUndefined();
    expect(publishRefusal("not a url")).toBe('registry "not a url" is not a URL');
  });

  it("gives inference-platform/testing its declarations also where TypeScript ignores exports (moduleResolution node)", () => {
    expect(ours.typesVersions?.["*"]?.testing).toEqual([ours.exports?.["./testing"]?.types.replace(/^\.\//, "")]);
  });

  it("makes the Pulumi packages peers, tested here as dev dependencies of the same range", () => {
    expect(Object.keys(ours.peerDependencies ?? {}).sort()).toEqual(PULUMI_PEERS);
    for (const peer of PULUMI_PEERS) {
      expect(ours.devDependencies?.[peer], peer).toBe(ours.peerDependencies?.[peer]);
      expect(ours.dependencies?.[peer], peer).toBeUndefined();
      // The lower bound of each range is the version the suite runs against.
      expect(minVersion(ours.peerDependencies![peer]!)?.version, peer).toBe(installed(peer).version);
    }
  });

  it("declares every package the built code loads, as a dependency or a peer", () => {
    expect(loaded.has("@pulumi/pulumi")).toBe(true);
    expect(undeclared(ours, loaded)).toEqual([]);
    const { zod: _, ...withoutZod } = ours.dependencies ?? {};
    expect(undeclared({ ...ours, dependencies: withoutZod }, loaded)).toEqual(["zod"]);
  });

  it("ships no runtime dependency the built code does not need", () => {
    expect(unneeded(ours, loaded)).toEqual([]);
    expect(unneeded({ ...ours, dependencies: { ...ours.dependencies, "@pulumi/policy": "^1.21.0" } }, loaded)).toEqual(["@pulumi/policy"]);
  });

  it("claims a Node.js range every dependency and peer supports", () => {
    const node = ours.engines?.node;
    expect(node).toBeDefined();
    for (const name of [...Object.keys(ours.dependencies ?? {}), ...PULUMI_PEERS]) {
      const theirs = installed(name).engines?.node;
      if (!theirs) continue;
      // Our lowest Node.js must be one they accept: a consumer on it gets working packages.
      expect(satisfies(minVersion(node!)!, theirs), `${name} needs node ${theirs}; we claim ${node}`).toBe(true);
      expect(intersects(node!, theirs)).toBe(true);
    }
  });

  it("refuses a claim lower than a peer's engine", () => {
    const pulumiEngine = installed("@pulumi/pulumi").engines!.node!;
    expect(satisfies(minVersion(">=20.19")!, pulumiEngine)).toBe(false);
  });
});
