// What a new user does (issue #12): install the packed package into a project of their own beside
// its peer dependencies, type-check examples/consumer against it, and run that program under the
// package's own mocks, reading the real prod stack's outputs through a StackReference.
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { parsePlatformOutputs } from "../../components/platform-outputs/contract";
import { renderRealStack, REPO_ROOT } from "../support/render";
import { valueOf, waitForRPCs } from "../support/components";
import { packedPackage, run, TSC } from "../support/package";

const EXAMPLE = path.join(REPO_ROOT, "examples", "consumer");
const PLATFORM_STACK = "org/inference-platform/prod";
// Not the example's defaults (frankfurt, no image), so each value is seen reaching its resource.
const REGION = "china";
const IMAGE = "mirror.example.cn/apps/summarizer:1.4.2";
const PROFILE = "china-platform";

const peers = Object.keys((JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { peerDependencies: Record<string, string> }).peerDependencies);
let registered: pulumi.runtime.MockResourceArgs[] = [];
let project: string;
let program: Record<string, pulumi.Output<unknown>>;
let outputs: Record<string, unknown>;


beforeAll(async () => {
  const tarball = await packedPackage();
  project = fs.mkdtempSync(path.join(os.tmpdir(), "consumer-"));
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer-under-test", private: true }));
  const npmInstall = (...specs: string[]) => run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", ...specs], project);
  // The peers first, as the versions this repository tests with (linked: same files, no download);
  // in one step with the tarball npm's tree builder fails on the links.
  await npmInstall(...peers.map((p) => `file:${path.join(REPO_ROOT, "node_modules", p)}`));
  await npmInstall(tarball);
  for (const file of ["index.ts", "mocks.ts", "tsconfig.json", "Pulumi.yaml"]) fs.copyFileSync(path.join(EXAMPLE, file), path.join(project, file));
  // Type-checks and compiles; on any error every test fails with tsc's own words (nothing below can run without it).
  await run(process.execPath, [TSC, "-p", project], project);

  outputs = structuredClone((await renderRealStack("prod")).outputs);
  const consumerRequire = createRequire(path.join(project, "package.json"));
  // The example's own way to run itself under inference-platform/testing, loaded from where npm put it.
  type RunUnderMocks = (stack: string, recorded: Record<string, unknown>, config: Record<string, string>) => Promise<{ registered: pulumi.runtime.MockResourceArgs[]; exports: typeof program }>;
  const { runUnderMocks } = consumerRequire(path.join(project, "bin", "mocks.js")) as { runUnderMocks: RunUnderMocks };
  ({ registered, exports: program } = await runUnderMocks(PLATFORM_STACK, outputs, { image: IMAGE, region: REGION, awsProfile: PROFILE }));
  await waitForRPCs();
}, 120_000);

describe("examples/consumer against the packed package", () => {
  it("installs beside its peers with exactly one @pulumi/pulumi, which the package and every provider load", () => {
    const copies: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (!entry.isDirectory()) continue; // the linked peers are symlinks: their files are the repository's, counted below
        const full = path.join(dir, entry.name);
        if (full.endsWith(path.join("@pulumi", "pulumi"))) copies.push(full);
        walk(full);
      }
    };
    walk(path.join(project, "node_modules"));
    expect(copies).toEqual([]);
    // Where each package that loads the SDK finds it, from its real location: one file.
    const fromPackage = (name: string) => createRequire(fs.realpathSync(path.join(project, "node_modules", name, "package.json"))).resolve("@pulumi/pulumi");
    const loaders = ["inference-platform", "@pulumi/tls", ...peers.filter((p) => p !== "@pulumi/pulumi")];
    const resolved = new Set([createRequire(path.join(project, "package.json")).resolve("@pulumi/pulumi"), ...loaders.map(fromPackage)]);
    expect([...resolved]).toEqual([createRequire(path.join(REPO_ROOT, "package.json")).resolve("@pulumi/pulumi")]);
  });

  it("installs only the built library: declarations, JavaScript with source maps that carry their sources", () => {
    const installed = path.join(project, "node_modules", "inference-platform");
    const files = fs.readdirSync(installed, { recursive: true, encoding: "utf8" });
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    const maps = files.filter((f) => f.endsWith(".js.map"));
    expect(maps.length).toBeGreaterThan(50);
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(fs.readFileSync(path.join(installed, map), "utf8")) as { sources: string[]; sourcesContent?: string[] };
      expect(sourcesContent?.length, map).toBe(sources.length);
    }
  });

  it("type-checks examples/consumer against the installed package, which compiles it", () => {
    expect(fs.readdirSync(path.join(project, "bin")).filter((f) => f.endsWith(".js")).sort()).toEqual(["index.js", "mocks.js"]);
  });

  it("deploys a Deployment into the platform's application namespace, with its Redis and Kafka connection objects", () => {
    const platform = parsePlatformOutputs(outputs).regions[REGION]!;
    const deployments = registered.filter((r) => r.type === "kubernetes:apps/v1:Deployment");
    expect(deployments.map((d) => d.name)).toEqual(["summarizer"]);
    const { metadata, spec } = deployments[0]!.inputs as { metadata: { namespace: string }; spec: { template: { spec: Record<string, any> } } };
    expect(metadata.namespace).toBe(platform.appNamespace);
    const pod = spec.template.spec;
    expect(pod.serviceAccountName).toBe(platform.kafka.connection.serviceAccount);
    const [container] = pod.containers as Array<Record<string, any>>;
    expect(container!.image).toBe(IMAGE);
    expect(container!.envFrom).toEqual([
      { configMapRef: { name: platform.redis.connection.configMap } },
      { secretRef: { name: platform.redis.connection.secret } },
      { configMapRef: { name: platform.kafka.connection.configMap } },
    ]);
    expect(container!.env).toEqual([{ name: "MODEL_ENDPOINT", value: platform.modelEndpoint }]);
  });

  it("reaches the region's cluster through a provider whose kubeconfig gets a token, not a stored credential", () => {
    const platform = parsePlatformOutputs(outputs).regions[REGION]!;
    const provider = registered.find((r) => r.type === "pulumi:providers:kubernetes" && r.name === "platform");
    const kubeconfig = JSON.parse(String(provider?.inputs.kubeconfig)) as { clusters: Array<{ cluster: Record<string, string> }>; users: Array<{ user: { exec: { command: string; args: string[]; env?: unknown } } }> };
    expect(kubeconfig.clusters[0]!.cluster).toEqual({ server: platform.cluster.endpoint, "certificate-authority-data": platform.cluster.certificateAuthority });
    const { exec } = kubeconfig.users[0]!.user;
    expect(exec.command).toBe("aws");
    expect(exec.args).toEqual(expect.arrayContaining(["get-token", "--cluster-name", platform.cluster.name, "--region", platform.awsRegion]));
    // China's account is reached through its own profile.
    expect(exec.env).toEqual([{ name: "AWS_PROFILE", value: PROFILE }]);
    const deployment = registered.find((r) => r.type === "kubernetes:apps/v1:Deployment");
    expect(deployment?.provider).toMatch(/::pulumi:providers:kubernetes::platform::/);
  });

  it("exports what it read, the platform's public hostname included, and not as secrets", async () => {
    const platform = parsePlatformOutputs(outputs).regions[REGION]!;
    expect(await valueOf(program.namespace!)).toBe(platform.appNamespace);
    expect(await valueOf(program.publicHostname!)).toBe(platform.hostname);
    // The reference's outputs are secret as a whole (the Redis token is in them); what the contract keeps is not.
    expect(registered.find((r) => r.type === "pulumi:pulumi:StackReference")).toBeDefined();
    expect(await pulumi.isSecret(program.publicHostname!)).toBe(false);
  });

  it("is the program and the mocks the README shows", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toContain(fs.readFileSync(path.join(EXAMPLE, "index.ts"), "utf8"));
    expect(blocks).toContain(fs.readFileSync(path.join(EXAMPLE, "mocks.ts"), "utf8"));
  });
});
