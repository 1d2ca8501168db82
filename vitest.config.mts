import { existsSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/*
 * Two groups of test files. "pulumi": a file that drives Pulumi's runtime,
 * whose state is global to the worker (it sets mocks or config or renders a
 * stack, itself or through a test module it imports), and a file that starts
 * processes (its time is the children's). Type-only imports do not count.
 * These files share workers too, one after another: each sets its own mocks
 * (setMocks replaces the monitor and the stack) and config before it
 * registers anything, and test/setup/pulumi-drain.ts waits after each file
 * until nothing it registered is still in flight. A fresh worker per file
 * cost about 1.3 s of imports each (about 20 s of a run on two cores).
 * "shared": everything else.
 */
const RUNTIME_CALL = /\b(setMocks|setConfig|setAllConfig|renderStack|runInPulumiStack)\(|\bpulumi\.runtime\b/;
const ALONE_IMPORT = /from "(node:child_process|[^"]*\/support\/plan-cli)"/;

const source = (file: string) => readFileSync(path.join(ROOT, file), "utf8").replace(/\bimport type\b[^;]*;/g, "");
/** The test/ modules `file` imports (not the code under test). */
const testModulesOf = (file: string): string[] =>
  [...source(file).matchAll(/from "(\.{1,2}\/[^"]+)"/g)]
    .map((m) => path.posix.join(path.posix.dirname(file), m[1]!))
    .flatMap((p) => [`${p}.ts`, `${p}/index.ts`].filter((f) => f.startsWith("test/") && existsSync(path.join(ROOT, f))).slice(0, 1));

const callsRuntime = (file: string, seen = new Set<string>()): boolean => {
  if (seen.has(file)) return false;
  seen.add(file);
  return RUNTIME_CALL.test(source(file)) || testModulesOf(file).some((f) => callsRuntime(f, seen));
};
const drivesPulumi = (file: string) => ALONE_IMPORT.test(source(file)) || callsRuntime(file);

const testFiles = (readdirSync(path.join(ROOT, "test"), { recursive: true }) as string[])
  .map((f) => `test/${f.split(path.sep).join("/")}`)
  .filter((f) => f.endsWith(".test.ts"))
  .sort();

const maxWorkers = availableParallelism();
const project = (name: string, include: string[], setupFiles: string[]) => ({
  test: {
    name,
    include,
    // pulumi-traces keeps Pulumi's per-resource stack traces from being source-mapped.
    setupFiles: ["test/setup/pulumi-traces.ts", ...setupFiles],
    // A worker thread per file is as isolated as a process for Pulumi: its
    // runtime state lives in module variables and on globalThis, both per V8
    // isolate, and it loads no native addon. Threads start faster than forks.
    pool: "threads" as const,
    // Files share a worker and the modules it loaded: a fresh one per file costs more than most files' tests.
    isolate: false,
    // One worker per core: vitest's default leaves one of two cores idle.
    maxWorkers,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    // The run's temp folder, where the real stacks are rendered once for all files.
    globalSetup: ["test/setup/global.ts"],
    maxWorkers,
    projects: [
      project("pulumi", testFiles.filter(drivesPulumi), ["test/setup/pulumi-drain.ts"]),
      project("shared", testFiles.filter((f) => !drivesPulumi(f)), []),
    ],
    // The JSON report is what .ci/run turns into its "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" },
  },
});
