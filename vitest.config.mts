import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Test files that must run alone in a fresh process: those that touch Pulumi's
 * runtime (its state is global to the process), that is import a Pulumi SDK
 * or the plan harness or mocks or the component helpers, or set mocks, or
 * render a stack; and those that start processes (their time is the child's).
 * Type-only imports do not count.
 */
const RUNS_ALONE = /from "(@pulumi\/[^"]+|[^"]*infra\/plan\/(harness|mocks)|[^"]*support\/(components|plan-cli)|node:child_process)"|\b(setMocks|renderStack|runInPulumiStack)\b/;

const testFiles = (readdirSync("test", { recursive: true }) as string[])
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => `test/${f.split("\\").join("/")}`)
  .sort();
const runsAlone = (file: string) => RUNS_ALONE.test(readFileSync(file, "utf8").replace(/\bimport type\b[^;]*;/g, ""));

const maxWorkers = availableParallelism();
const project = (name: string, include: string[], isolate: boolean) => ({
  test: {
    name,
    include,
    // Keeps Pulumi's per-resource stack traces from being source-mapped.
    setupFiles: ["test/setup/pulumi-traces.ts"],
    pool: "forks" as const,
    isolate,
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
      project("alone", testFiles.filter(runsAlone), true),
      // The rest (settings, contracts, the pack over rendered stacks) share the
      // workers and the modules they loaded: a fresh process per file costs
      // more than most of these files' tests.
      project("shared", testFiles.filter((f) => !runsAlone(f)), false),
    ],
    // The JSON report is what .ci/run turns into its "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" },
  },
});
