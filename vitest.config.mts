import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file gets its own process: Pulumi's runtime state is global.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The JSON report is what .ci/run turns into its "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" },
  },
});
