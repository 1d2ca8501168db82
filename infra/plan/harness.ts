/**
 * Runs the real stack program in-process under Pulumi's mock runtime and
 * captures every registration as the engine would receive it: inputs (secrets
 * masked), parent, provider and resource options. Used by `npm run plan`, the
 * benchmark and the tests. Mocks stand in for the cloud: ids and ARNs are
 * placeholders and nothing is deployed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml, parseDocument } from "yaml";
import type { RegisteredOptions, RenderedResource, RenderedStack } from "../../policy/plan";
import { platformMocks } from "./mocks";
import { stackFilePath } from "./stack-file";
import { aliasUrns, urnOf, type WireAlias } from "./urn";

export type { RenderedResource, RenderedStack } from "../../policy/plan";

/** Where to find the project and which stack to render. */
export interface RenderOptions {
  /** Folder holding Pulumi.yaml. @default the repository root */
  projectDir?: string;
  /** Stack name (`dev`, `prod`). */
  stack: string;
  /** Stack file to read instead of `Pulumi.<stack>.yaml` (e.g. a modified copy in a test). */
  stackFile?: string;
  /** Give up after this long. @default 60000 */
  timeoutMs?: number;
}

/** Marker the engine's wire format uses for secrets and other special values. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Replaces secrets by "[secret]", unknowns by "[unknown]", resource references by their URN. */
export function maskWireValue(v: unknown): unknown {
  if (v === UNKNOWN) return "[unknown]";
  if (Array.isArray(v)) return v.map(maskWireValue);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o[SIG_KEY] === SECRET_SIG) return "[secret]";
    if (o[SIG_KEY] === RESOURCE_SIG) return o.urn;
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, maskWireValue(x)]));
  }
  return v;
}

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Config declarations of Pulumi.yaml: key → default, as the CLI applies them. */
function projectDefaults(projectDoc: Record<string, unknown>): Record<string, unknown> {
  const decls = (projectDoc.config ?? {}) as Record<string, { default?: unknown } | string | number | boolean>;
  const out: Record<string, unknown> = {};
  for (const [key, decl] of Object.entries(decls)) {
    if (decl !== null && typeof decl === "object" && "default" in decl) out[key] = decl.default;
  }
  return out;
}

// JSON has no NaN or Infinity: YAML's spelling (.nan, .inf) keeps them as written, for a refusal to show.
const yamlSpelling = (v: number): string => (Number.isNaN(v) ? ".nan" : v > 0 ? ".inf" : "-.inf");
const yamlNumber = (_: string, v: unknown): unknown => (typeof v === "number" && !Number.isFinite(v) ? yamlSpelling(v) : v);
/** A config value as the CLI hands it over: text as written, a number as its JSON (1.30 → "1.3"), structures as JSON. */
const configText = (v: unknown): string =>
  typeof v === "string" ? v : typeof v === "number" && !Number.isFinite(v) ? yamlSpelling(v) : JSON.stringify(v, yamlNumber);

/** The `config` map of a stack file; a YAML syntax error names `shownAs` and the line. */
function stackFileConfig(text: string, shownAs: string): Record<string, unknown> {
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    throw new Error(`${shownAs}${at ? `:${at.line}:${at.col}` : ""}: YAML syntax error: ${error.message.split(" at line ")[0]}`);
  }
  return ((doc.toJS() ?? {}) as { config?: Record<string, unknown> }).config ?? {};
}

/**
 * Reads Pulumi.yaml and the stack file into Pulumi's flat config map, like
 * the CLI. `file` names the stack file as refusals show it: `stackFile` as
 * given, else Pulumi.<stack>.yaml.
 */
export function stackConfigMap(projectDir: string, stack: string, stackFile?: string): { project: string; file: string; config: Record<string, string> } {
  const projectDoc = parseYaml(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
  const project = String(projectDoc.name);
  const shownAs = stackFile ?? `Pulumi.${stack}.yaml`;
  const stackConfig = stackFileConfig(fs.readFileSync(stackFilePath(projectDir, stack, stackFile), "utf8"), shownAs);
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(projectDefaults(projectDoc))) config[`${project}:${key}`] = configText(value);
  for (const [key, value] of Object.entries(stackConfig)) config[key.includes(":") ? key : `${project}:${key}`] = configText(value);
  return { project, file: shownAs, config };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms (an unknown Output or a throwing mock?)`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

interface WireRequest {
  getType(): string; getName(): string; getParent(): string; getCustom(): boolean; getProvider(): string;
  getProtect(): boolean; getRetainondelete(): boolean; getDeletebeforereplace(): boolean;
  getDependenciesList(): string[]; getIgnorechangesList(): string[]; getAliasesList(): WireAlias[];
  getPropertydependenciesMap(): { forEach(visit: (deps: { getUrnsList(): string[] }, property: string) => void): void };
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
}
interface WireOutputsRequest { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined }
interface MonitorLike {
  newUrn(parent: string, type: string, name: string): string;
  registerResource(req: WireRequest, cb: (err: unknown, resp?: { getUrn(): string; getId(): string }) => void): void;
  registerResourceOutputs(req: WireOutputsRequest, cb: (err: unknown, resp?: unknown) => void): void;
}

const optionalTimeouts = (t: ReturnType<WireRequest["getCustomtimeouts"]>): RegisteredOptions["customTimeouts"] => {
  if (!t) return undefined;
  const out = { create: t.getCreate() || undefined, update: t.getUpdate() || undefined, delete: t.getDelete() || undefined };
  return out.create || out.update || out.delete ? out : undefined;
};

/**
 * Renders a stack under mocks. Throws the program's own error (for bad config,
 * the message listing every problem) when the program fails.
 */
export async function renderStack(opts: RenderOptions): Promise<RenderedStack> {
  const projectDir = opts.projectDir ?? REPO_ROOT;
  const { project, file, config } = stackConfigMap(projectDir, opts.stack, opts.stackFile);
  // Refusals name the file actually read (a --stack-file copy), not Pulumi.<stack>.yaml.
  (await import("../config")).readingStackFile(file);

  const providerRegions = new Map<string, string>();
  const resources: RenderedResource[] = [];
  let stackOutputs: Record<string, unknown> = {};
  let stackUrn = "";

  pulumi.runtime.setAllConfig(config, []);
  await pulumi.runtime.setMocks(
    platformMocks((ref) => (ref ? providerRegions.get(ref.slice(0, ref.lastIndexOf("::"))) ?? "" : "")),
    project,
    opts.stack,
    false,
  );

  // Wrap the mock monitor so we see each registration exactly as sent.
  const monitor = (pulumi.runtime as unknown as { getMonitor(): MonitorLike }).getMonitor();
  // The mock monitor prefixes a child's type with its parent's own type only; the engine (and
  // the SDK's createUrn) with the parent's whole qualified type. The plan keeps the engine's URNs.
  monitor.newUrn = (parent, type, name) => urnOf(type, name, parent || undefined, opts.stack, project);
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    register(req, (err, resp) => {
      if (!err && resp) {
        const type = req.getType();
        const raw = req.getObject()?.toJavaScript() ?? {};
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps, property) => {
          if (deps.getUrnsList().length > 0) propertyDependencies[property] = deps.getUrnsList();
        });
        const aliases = aliasUrns(req.getAliasesList(), { type, name: req.getName(), parentUrn: req.getParent() || undefined, stack: opts.stack, project });
        if (type === "pulumi:pulumi:Stack") stackUrn = resp.getUrn();
        if (type.startsWith("pulumi:providers:") && typeof raw.region === "string") providerRegions.set(resp.getUrn(), raw.region);
        resources.push({
          urn: resp.getUrn(),
          type,
          name: req.getName(),
          custom: req.getCustom(),
          parent: req.getParent() || undefined,
          provider: req.getProvider() || undefined,
          inputs: maskWireValue(raw) as Record<string, unknown>,
          options: {
            protect: req.getProtect(),
            retainOnDelete: req.getRetainondelete(),
            deleteBeforeReplace: req.getDeletebeforereplace(),
            dependencies: req.getDependenciesList(),
            // Which input waits for which resource: what a critical path or a reviewer can follow input by input.
            ...(Object.keys(propertyDependencies).length > 0 ? { propertyDependencies } : {}),
            ignoreChanges: req.getIgnorechangesList(),
            customTimeouts: optionalTimeouts(req.getCustomtimeouts()),
            // Only when there are any: the URNs the engine would follow to this resource's old state.
            ...(aliases.length > 0 ? { aliases } : {}),
          },
        });
      }
      cb(err, resp);
    });
  };
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, cb) => {
    if (req.getUrn() === stackUrn) stackOutputs = maskWireValue(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
    registerOutputs(req, cb);
  };

  const program = (await import("../index")).default as unknown as () => Promise<Record<string, unknown>>;
  // Pulumi takes a full stack trace per resource for its source position,
  // which a plan does not record; a test runner source-maps each trace, and
  // that made a render cost seconds. So traces carry no frames while the
  // program runs (errors keep their messages); PLAN_DEBUG=1 keeps them.
  const traceLimit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  if (!process.env.PLAN_DEBUG) {
    Error.stackTraceLimit = 0;
    // Pulumi lifts the limit for its own capture; formatting no frame keeps that one cheap too.
    Error.prepareStackTrace = (err: Error) => String(err);
  }
  try {
    const run = (async () => {
      await pulumi.runtime.runInPulumiStack(program);
      await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    })();
    await withTimeout(run, opts.timeoutMs ?? 60_000, `rendering stack ${opts.stack}`);
  } finally {
    Error.stackTraceLimit = traceLimit;
    Error.prepareStackTrace = prepare;
  }

  return { project, stack: opts.stack, stackFile: file, resources, outputs: stackOutputs };
}
