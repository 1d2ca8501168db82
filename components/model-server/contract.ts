/**
 * The contract of ModelServer: the settings of one vLLM server (a model at
 * one tier), their defaults and their rules, defined once. Pulumi-free.
 * Rules on the wiring (the pool's GPUs per node, the replica bounds) are in
 * index.ts, where the wiring is known.
 */
import { z } from "zod";
import { WAITING_REQUESTS_PER_REPLICA } from "../lib/seed";
import { PRIORITY_TIERS, type PriorityTier } from "../workload-priorities/contract";

const wholeNumber = z.number().int("a whole number");

/** Tiers a model server is placed at: WorkloadPriorities' (premium, standard, batch), so every tier has a class. */
export const MODEL_TIERS = PRIORITY_TIERS;
/** One of {@link MODEL_TIERS}. */
export type ModelTier = PriorityTier;

/** Suffix of the objects of a server's canary track. */
const CANARY_SUFFIX = "-canary";

/** Names of a server's objects: `<modelName>-<tier>` for its stable track, with `-canary` for its canary track. */
export function serverNames(modelName: string, tier: ModelTier): { stable: string; canary: string } {
  const stable = `${modelName}-${tier}`;
  return { stable, canary: `${stable}${CANARY_SUFFIX}` };
}

/** Longest tier name, so `<modelName>-<tier>-canary` always fits a 63-character DNS label (Service and label values). */
const LONGEST_TIER = Math.max(...MODEL_TIERS.map((t) => t.length));
const MAX_MODEL_NAME = 63 - 1 - LONGEST_TIER - CANARY_SUFFIX.length;

/**
 * Seconds vLLM may need after its drain ends to stop its engine processes
 * (SIGTERM → exit) before the kubelet's SIGKILL. The drain gets the rest.
 */
const EXIT_MARGIN_SECONDS = 5;

/**
 * vLLM flags this component sets itself (from settings or wiring): extra
 * arguments may not set them again. `--trust-remote-code` would run Python
 * shipped with the weights; `--download-dir` and `--api-key` belong to other
 * layers (the S3 loader, the gateway).
 */
const OWNED_VLLM_FLAGS = [
  "--model", "--host", "--port", "--served-model-name", "--tensor-parallel-size", "--load-format",
  "--max-model-len", "--shutdown-timeout", "--download-dir", "--trust-remote-code", "--api-key",
] as const;

/** A long flag with an optional `=value`, no whitespace: one argv entry, never a shell line. */
const EXTRA_ARG = /^--[a-z][a-z0-9-]*(=\S+)?$/;

/** A Kubernetes CPU quantity: cores (`4`, `3.5`) or millicores (`3500m`). */
const CPU_QUANTITY = /^(\d+(\.\d+)?|\d+m)$/;
/** A Kubernetes memory quantity in Mi or Gi (`12Gi`, `49152Mi`). */
const MEMORY_QUANTITY = /^(\d+)(Mi|Gi)$/;

/** GiB in a memory quantity {@link MEMORY_QUANTITY} accepts; NaN for anything else. */
export function memoryGiB(quantity: string): number {
  const m = MEMORY_QUANTITY.exec(quantity);
  if (!m) return Number.NaN;
  return m[2] === "Gi" ? Number(m[1]) : Number(m[1]) / 1024;
}

/** Settings of one model server. */
export const modelServerSettingsSchema = z.strictObject({
  /** Model name: a DNS label; with the tier it names the Deployment, Service, PDB and ScaledObject (`<modelName>-<tier>`). */
  modelName: z.string().regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, "a DNS-1123 label: lower-case letters, digits and '-', starting with a letter, not ending with '-'")
    .max(MAX_MODEL_NAME, `at most ${MAX_MODEL_NAME} characters, so <modelName>-<tier>-canary stays a 63-character DNS label`),
  /** The name clients send in the OpenAI `model` field (vLLM's `--served-model-name`). */
  servedModelName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, "letters, digits and . _ : / -, starting with a letter or digit").max(128, "at most 128 characters"),
  /** Priority tier of this placement: premium, standard or batch. */
  tier: z.enum(MODEL_TIERS, { error: `one of ${MODEL_TIERS.join(", ")}` }),
  /** GPUs per replica (vLLM's `--tensor-parallel-size`); at most the pool's GPUs per node. @default 1 */
  tensorParallelSize: wholeNumber.min(1, "at least 1 GPU").default(1),
  /** CPU request per replica (no CPU limit: throttling would add to every token's latency). @default "3" */
  cpu: z.string().refine((q) => CPU_QUANTITY.test(q) && parseFloat(q) > 0, "a CPU quantity above 0 such as \"3\", \"3.5\" or \"3500m\"").default("3"),
  /** Memory request and limit per replica, /dev/shm included (it is memory-backed). @default "12Gi" */
  memory: z.string().regex(MEMORY_QUANTITY, "a memory quantity in Mi or Gi such as \"12Gi\"").default("12Gi"),
  /** Size of the memory-backed /dev/shm (PyTorch and NCCL share tensors through it under tensor parallelism). @default 2 */
  shmSizeGiB: z.number().positive("must be > 0").default(2),
  /** Context length (vLLM's `--max-model-len`). @default the model's own */
  maxModelLen: wholeNumber.positive("must be > 0").optional(),
  /** Further vLLM flags, one `--flag` or `--flag=value` per entry; flags the component sets are refused. @default [] */
  extraArgs: z.array(z.string()
    .regex(EXTRA_ARG, "one flag per entry: --flag or --flag=value, no spaces")
    .refine((a) => !(OWNED_VLLM_FLAGS as readonly string[]).includes(a.split("=")[0]!), { message: `set by the component (or not allowed): ${OWNED_VLLM_FLAGS.join(", ")}` }))
    .default([]),
  /** Requests waiting per replica KEDA aims for. @default 20 (the seed's batch of 10, doubled: the queue alert's figure) */
  queueTarget: z.number().positive("must be > 0").default(WAITING_REQUESTS_PER_REPLICA),
  /** Seconds the queue must stay low before replicas are removed (minutes: a replica takes minutes to come back). @default 600 */
  scaleDownStabilizationSeconds: wholeNumber.min(60, "at least 60 seconds: a replica takes minutes to come back")
    .max(3600, "at most 3600 seconds (the HPA's limit)").default(600),
  /** Seconds between KEDA's reads of the queue. @default 15 (Prometheus's scrape interval) */
  pollingIntervalSeconds: wholeNumber.min(5, "at least 5 seconds").max(300, "at most 300 seconds").default(15),
  /** Longest model load (engine start, weights from S3, compile, CUDA graphs) before the startup probe gives up. @default 600 */
  startupSeconds: wholeNumber.min(60, "at least 60 seconds: no model loads faster").max(3600, "at most 3600 seconds").default(600),
  /** Seconds the routers take to stop sending to a terminating pod; preStop sleeps this long before vLLM drains. @default 15 */
  deregistrationDelaySeconds: wholeNumber.min(1, "at least 1 second: endpoint changes take time to reach the routers").max(120, "at most 120 seconds").default(15),
  /** Grace before SIGKILL: deregistration, then the longest generation drains, then exit. @default 180 */
  terminationGracePeriodSeconds: wholeNumber.min(1, "must be ≥ 1").max(3600, "at most 3600 seconds").default(180),
  /** Replicas while Prometheus cannot be read. @default the minimum replicas (wiring) */
  fallbackReplicas: wholeNumber.min(1, "at least 1").optional(),
}).superRefine((s, ctx) => {
  const memory = memoryGiB(s.memory);
  // An unreadable memory quantity is reported at its own key.
  if (Number.isFinite(memory) && !(s.shmSizeGiB < memory)) {
    ctx.addIssue({ code: "custom", path: ["shmSizeGiB"], message: `${s.shmSizeGiB} GiB is not below memory (${s.memory}): /dev/shm is memory-backed and counts against the memory limit` });
  }
  const minimum = s.deregistrationDelaySeconds + EXIT_MARGIN_SECONDS + 1;
  if (s.terminationGracePeriodSeconds < minimum) {
    ctx.addIssue({
      code: "custom", path: ["terminationGracePeriodSeconds"],
      message: `at least ${minimum} (deregistrationDelaySeconds ${s.deregistrationDelaySeconds} + ${EXIT_MARGIN_SECONDS} s to exit + ≥ 1 s to drain generations)`,
    });
  }
});

/** What a caller may set (defaulted keys optional). */
export type ModelServerSettings = z.input<typeof modelServerSettingsSchema>;
/** Settings with every default applied. */
export type ResolvedModelServerSettings = z.output<typeof modelServerSettingsSchema>;

/** Seconds vLLM drains in-flight generations after SIGTERM (`--shutdown-timeout`): the grace less deregistration and exit. */
export function drainSeconds(s: Pick<ResolvedModelServerSettings, "terminationGracePeriodSeconds" | "deregistrationDelaySeconds">): number {
  return s.terminationGracePeriodSeconds - s.deregistrationDelaySeconds - EXIT_MARGIN_SECONDS;
}
