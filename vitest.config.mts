import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/*
 * Every test file shares the workers, one file after another, and the modules
 * a worker loaded: a fresh worker per file cost about 1.3 s of imports each,
 * and a second group of workers loaded everything twice. Pulumi's runtime is
 * global to a worker, so each file that drives it sets its own mocks
 * (setMocks replaces the monitor and the stack) and config before it
 * registers anything, and test/setup/pulumi-drain.ts waits after each file
 * until nothing it registered is still in flight.
 */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The run's temp folder, where the real stacks are rendered once for all files.
    globalSetup: ["test/setup/global.ts"],
    // pulumi-traces keeps Pulumi's per-resource stack traces from being source-mapped.
    setupFiles: ["test/setup/pulumi-traces.ts", "test/setup/pulumi-drain.ts"],
    // Threads start faster than forks; Pulumi's runtime state lives in module variables and on
    // globalThis, per V8 isolate, and it loads no native addon.
    pool: "threads",
    isolate: false,
    // One worker per core: vitest's default leaves one of two cores idle.
    maxWorkers: availableParallelism(),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The JSON report is what .ci/run turns into its "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" },
  },
});
