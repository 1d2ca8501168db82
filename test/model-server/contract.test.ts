// The ModelServer contract on its own: every default once, every rule both ways.
import { describe, expect, it } from "vitest";
import { parseSettings, propertyPath } from "../../components/lib/contract";
import { drainSeconds, memoryGiB, modelServerSettingsSchema } from "../../components/model-server/contract";
import { seedDerivedThresholds } from "../../components/monitoring/thresholds";

const required = { modelName: "qwen3-8b", servedModelName: "Qwen/Qwen3-8B", tier: "premium" } as const;

const parsed = (input: Record<string, unknown>) => {
  const result = parseSettings(modelServerSettingsSchema, { ...required, ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
};
const problems = (input: Record<string, unknown>) => {
  const result = parseSettings(modelServerSettingsSchema, { ...required, ...input });
  if (result.ok) throw new Error("accepted");
  return result.problems.map((p) => `${propertyPath(p.path)}: ${p.message}`);
};

describe("ModelServer settings", () => {
  it("defaults every optional setting once", () => {
    expect(parsed({})).toEqual({
      ...required,
      tensorParallelSize: 1, cpu: "3", memory: "12Gi", shmSizeGiB: 2, extraArgs: [],
      queueTarget: 20, scaleDownStabilizationSeconds: 600, pollingIntervalSeconds: 15, startupSeconds: 600,
      deregistrationDelaySeconds: 15, terminationGracePeriodSeconds: 180,
    });
  });

  it("aims the queue at the queue alert's figure: the seed's batch of 10, doubled", () => {
    expect(parsed({}).queueTarget).toBe(seedDerivedThresholds({ headroomPercent: 30, peakQps: 500 }).queueDepthPerServer);
  });

  it("accepts names, tiers and sizes within the rules", () => {
    expect(parsed({ modelName: "a".repeat(47), tier: "batch", tensorParallelSize: 8, cpu: "3500m", memory: "49152Mi", shmSizeGiB: 40 })).toMatchObject({ tier: "batch", memory: "49152Mi" });
    expect(parsed({ queueTarget: 0.5, maxModelLen: 8192, fallbackReplicas: 3 })).toMatchObject({ queueTarget: 0.5, maxModelLen: 8192, fallbackReplicas: 3 });
    expect(parsed({ extraArgs: ["--enable-prefix-caching", "--gpu-memory-utilization=0.92", "--kv-cache-dtype=fp8"] }).extraArgs).toHaveLength(3);
  });

  it("refuses names that are no DNS label or too long for <modelName>-<tier>-canary", () => {
    expect(problems({ modelName: "Qwen_8B", servedModelName: "has space" })).toEqual([
      "modelName: a DNS-1123 label: lower-case letters, digits and '-', starting with a letter, not ending with '-'",
      "servedModelName: letters, digits and . _ : / -, starting with a letter or digit",
    ]);
    expect(problems({ modelName: "a".repeat(48) })).toEqual(["modelName: at most 47 characters, so <modelName>-<tier>-canary stays a 63-character DNS label"]);
  });

  it("refuses an unknown tier and an unknown key", () => {
    expect(problems({ tier: "gold", replicaCount: 3 })).toEqual(["tier: one of premium, standard, batch", "replicaCount: unknown key (misspelt?)"]);
  });

  it("refuses GPUs, CPU and memory out of shape", () => {
    expect(problems({ tensorParallelSize: 0, cpu: "lots", memory: "12GB" })).toEqual([
      "tensorParallelSize: at least 1 GPU",
      "cpu: a CPU quantity above 0 such as \"3\", \"3.5\" or \"3500m\"",
      "memory: a memory quantity in Mi or Gi such as \"12Gi\"",
    ]);
    expect(problems({ cpu: "0" })).toEqual(["cpu: a CPU quantity above 0 such as \"3\", \"3.5\" or \"3500m\""]);
  });

  it("refuses a /dev/shm that leaves no memory (it counts against the limit)", () => {
    expect(problems({ memory: "12Gi", shmSizeGiB: 12 })).toEqual([
      "shmSizeGiB: 12 GiB is not below memory (12Gi): /dev/shm is memory-backed and counts against the memory limit",
    ]);
  });

  it("refuses extra arguments that are not single flags or that the component sets", () => {
    expect(problems({ extraArgs: ["--port=9000", "--trust-remote-code", "--dtype half", "-q", "--enable-prefix-caching"] })).toEqual([
      "extraArgs[0]: set by the component (or not allowed): --model, --host, --port, --served-model-name, --tensor-parallel-size, --load-format, --max-model-len, --shutdown-timeout, --download-dir, --trust-remote-code, --api-key",
      "extraArgs[1]: set by the component (or not allowed): --model, --host, --port, --served-model-name, --tensor-parallel-size, --load-format, --max-model-len, --shutdown-timeout, --download-dir, --trust-remote-code, --api-key",
      "extraArgs[2]: one flag per entry: --flag or --flag=value, no spaces",
      "extraArgs[3]: one flag per entry: --flag or --flag=value, no spaces",
    ]);
  });

  it("refuses a queue target ≤ 0", () => {
    expect(problems({ queueTarget: 0 })).toEqual(["queueTarget: must be > 0"]);
    expect(problems({ queueTarget: -5 })).toEqual(["queueTarget: must be > 0"]);
  });

  it("refuses autoscaling and probe timings out of range", () => {
    expect(problems({ scaleDownStabilizationSeconds: 30, pollingIntervalSeconds: 1, startupSeconds: 30, fallbackReplicas: 0 })).toEqual([
      "scaleDownStabilizationSeconds: at least 60 seconds: a replica takes minutes to come back",
      "pollingIntervalSeconds: at least 5 seconds",
      "startupSeconds: at least 60 seconds: no model loads faster",
      "fallbackReplicas: at least 1",
    ]);
    expect(problems({ scaleDownStabilizationSeconds: 7200 })).toEqual(["scaleDownStabilizationSeconds: at most 3600 seconds (the HPA's limit)"]);
  });

  it("refuses a grace period with no time left to drain generations", () => {
    expect(parsed({ deregistrationDelaySeconds: 15, terminationGracePeriodSeconds: 21 }).terminationGracePeriodSeconds).toBe(21);
    expect(problems({ deregistrationDelaySeconds: 15, terminationGracePeriodSeconds: 20 })).toEqual([
      "terminationGracePeriodSeconds: at least 21 (deregistrationDelaySeconds 15 + 5 s to exit + ≥ 1 s to drain generations)",
    ]);
    expect(problems({ deregistrationDelaySeconds: 0 })).toEqual(["deregistrationDelaySeconds: at least 1 second: endpoint changes take time to reach the routers"]);
  });

  it("drains for the grace less deregistration and exit", () => {
    expect(drainSeconds(parsed({}))).toBe(160);
    expect(drainSeconds(parsed({ deregistrationDelaySeconds: 20, terminationGracePeriodSeconds: 300 }))).toBe(275);
  });

  it("reads memory quantities in GiB", () => {
    expect([memoryGiB("12Gi"), memoryGiB("512Mi"), memoryGiB("12G")]).toEqual([12, 0.5, Number.NaN]);
  });
});
