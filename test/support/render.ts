import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as v8 from "node:v8";
import { beforeAll, inject } from "vitest";
import { parse, stringify } from "yaml";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import type { PolicyViolation } from "../../policy/runner";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** What test/setup/render-real-stacks.ts leaves of an unedited stack. */
interface RealStack {
  rendered: RenderedStack;
  /** The whole pack's violations with the default config. */
  violations: PolicyViolation[];
}

const REAL_STACKS = ["dev", "prod"] as const;
type RealStackName = (typeof REAL_STACKS)[number];

const loaded = new Map<RealStackName, Promise<RealStack>>();
const realViolations = new WeakMap<RenderedStack, readonly PolicyViolation[]>();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Starts the one process of the run that renders the real stacks (`first`
 * first), unless a file already did: the lock file holds its pid, and its
 * output goes to render.log.
 */
function startRender(dir: string, first: RealStackName): void {
  let lock: number;
  try {
    lock = fs.openSync(path.join(dir, "render.lock"), "wx");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return;
    throw e;
  }
  const log = fs.openSync(path.join(dir, "render.log"), "w");
  const stacks = [first, ...REAL_STACKS.filter((s) => s !== first)];
  // A process of its own: the asking worker may be one that files share, where
  // Pulumi's runtime must stay untouched. Not with the run's TMPDIR: tsx keeps
  // its transform cache in the temp folder.
  const child = spawn(process.execPath, ["--import", "tsx", path.join("test", "setup", "render-real-stacks.ts"), dir, ...stacks], {
    cwd: REPO_ROOT, env: { ...process.env, TMPDIR: inject("systemTmpDir") }, stdio: ["ignore", log, log],
  });
  fs.writeSync(lock, String(child.pid ?? ""));
  fs.closeSync(lock);
  fs.closeSync(log);
  child.unref();
}

/** A real stack as rendered once per run, once its render is there. */
async function realStack(stack: RealStackName): Promise<RealStack> {
  const dir = inject("realStacksDir");
  const file = path.join(dir, `${stack}.v8`);
  const failed = path.join(dir, `${stack}.error`);
  startRender(dir, stack);
  // Under the 60 s hook timeout, so that a render that never comes says why.
  for (const deadline = Date.now() + 50_000; ; await sleep(50)) {
    if (fs.existsSync(file)) return v8.deserialize(fs.readFileSync(file)) as RealStack;
    if (fs.existsSync(failed)) throw new Error(`the real ${stack} stack did not render:\n${fs.readFileSync(failed, "utf8")}`);
    const pid = Number(fs.readFileSync(path.join(dir, "render.lock"), "utf8"));
    const why = pid > 0 && !isAlive(pid) ? "its render process ended" : Date.now() > deadline ? "no render within 50 s" : undefined;
    // The result may have landed just before the render process ended.
    if (why && !fs.existsSync(file) && !fs.existsSync(failed)) throw new Error(`the real ${stack} stack did not render (${why}):\n${fs.readFileSync(path.join(dir, "render.log"), "utf8")}`);
  }
}

/**
 * A real stack file of the repository, rendered once per run and read once per
 * test file. The render is deep-frozen: every test shares it, so none may
 * change it (structuredClone gives a copy to edit).
 */
export async function renderRealStack(stack: RealStackName): Promise<RenderedStack> {
  let real = loaded.get(stack);
  if (!real) {
    real = realStack(stack).then((r) => {
      deepFreeze(r);
      realViolations.set(r.rendered, r.violations);
      return r;
    });
    loaded.set(stack, real);
  }
  return (await real).rendered;
}

/**
 * The whole pack's violations (default config) of a render renderRealStack
 * returned; undefined for any other stack. Frozen, so they still hold.
 */
export function realStackViolations(s: RenderedStack): readonly PolicyViolation[] | undefined {
  return realViolations.get(s);
}

/**
 * Writes a copy of a real stack file changed by `edit` (applied to its parsed
 * `config` map) to a temp folder and returns its path, for refused-case tests.
 * The folder lies in the run's temp folder, which the global teardown removes.
 */
export function editedStackFile(stack: RealStackName, edit: (config: Record<string, any>) => void): string {
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

/**
 * Both real stacks, for a test file's tests: filled before they run (a hook
 * of the calling file), read from the one render of the run.
 */
export function bothRealStacks(): Record<RealStackName, RenderedStack> {
  const stacks = {} as Record<RealStackName, RenderedStack>;
  beforeAll(async () => {
    stacks.prod = await renderRealStack("prod");
    stacks.dev = await renderRealStack("dev");
  });
  return stacks;
}
