// Global setup of the suite, run once per `vitest run` in vitest's own process:
// one folder for the run, removed by the teardown. TMPDIR points into it for
// the test processes and whatever they start, so no temp file outlives the
// run; the real stacks rendered once per run (test/support/render.ts) and the
// plan commands run once (test/support/plan-cli.ts) are shared through it.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ProvidedContext } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** This run's temp folder (TMPDIR of the test processes). */
    runDir: string;
    /** Where the real stacks' renders are shared: `<stack>.v8`, or `<stack>.error`. */
    realStacksDir: string;
    /**
     * TMPDIR before the run: tests that start `npm run plan` pass it on so that
     * tsx's transform cache (kept in the temp folder) lasts across runs.
     */
    systemTmpDir: string;
  }
}

/**
 * Waits for the real stacks' render process to end (it writes render.done as
 * it exits): a run whose files needed one stack can end before it renders the
 * other, and removing the folder under it would make it fail noisily.
 */
async function renderEnded(realStacksDir: string): Promise<void> {
  const lock = path.join(realStacksDir, "render.lock");
  if (!fs.existsSync(lock)) return;
  const pid = Number(fs.readFileSync(lock, "utf8"));
  const running = () => {
    if (fs.existsSync(path.join(realStacksDir, "render.done")) || !(pid > 0)) return false;
    try {
      process.kill(pid, 0); // a probe: sends nothing
      return true;
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 1500 && running(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** What the setup uses of vitest's TestProject (whose types, from vitest/node, cost the type-check time). */
interface SetupProject {
  provide<K extends keyof ProvidedContext>(key: K, value: ProvidedContext[K]): void;
}

export default function setup(project: SetupProject): () => Promise<void> {
  const systemTmpDir = os.tmpdir();
  const runDir = fs.mkdtempSync(path.join(systemTmpDir, "vitest-run-"));
  const realStacksDir = path.join(runDir, "real-stacks");
  fs.mkdirSync(realStacksDir);
  const tmpdirBefore = process.env.TMPDIR;
  process.env.TMPDIR = runDir;
  project.provide("runDir", runDir);
  project.provide("realStacksDir", realStacksDir);
  project.provide("systemTmpDir", systemTmpDir);

  return async () => {
    await renderEnded(realStacksDir);
    if (tmpdirBefore === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdirBefore;
    fs.rmSync(runDir, { recursive: true, force: true });
  };
}
