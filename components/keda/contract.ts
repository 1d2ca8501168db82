/**
 * The contract of Keda: its settings, their defaults and their rules, defined
 * once. Pulumi-free.
 */
import { z } from "zod";
import type { SettingsProblem } from "../lib/contract";

/** More replicas add nothing: one operator leads, the others only stand by. */
const MAX_REPLICAS = 3;
/** Replicas prod keeps of each KEDA Deployment. */
const PROD_MIN_REPLICAS = 2;

const CPU = /^(\d+m|\d+(\.\d+)?)$/;
const MEMORY = /^\d+(Mi|Gi)$/;

/** CPU cores of a quantity such as `100m` or `1`. */
function cpuCores(quantity: string): number {
  return quantity.endsWith("m") ? Number(quantity.slice(0, -1)) / 1000 : Number(quantity);
}

/** MiB of a quantity such as `256Mi` or `1Gi`. */
function memoryMiB(quantity: string): number {
  return Number(quantity.slice(0, -2)) * (quantity.endsWith("Gi") ? 1024 : 1);
}

const cpu = z.string().regex(CPU, "a CPU quantity such as 100m or 1");
const memory = z.string().regex(MEMORY, "a memory quantity such as 256Mi or 1Gi");

/**
 * Requests and limits of one KEDA pod. The defaults are KEDA's own figures for
 * a production setup (keda.sh/docs/2.20/operate/cluster, "Cluster Capacity"),
 * the same for all three Deployments.
 */
const podResources = z.strictObject({
  /** @default 100m */
  cpuRequest: cpu.default("100m"),
  /** @default 100Mi */
  memoryRequest: memory.default("100Mi"),
  /** @default 1 */
  cpuLimit: cpu.default("1"),
  /** @default 1000Mi */
  memoryLimit: memory.default("1000Mi"),
}).superRefine((r, ctx) => {
  // Unparsable quantities are already reported by their field.
  if (CPU.test(r.cpuRequest) && CPU.test(r.cpuLimit) && cpuCores(r.cpuRequest) > cpuCores(r.cpuLimit)) {
    ctx.addIssue({ code: "custom", path: ["cpuRequest"], message: `${r.cpuRequest} is above cpuLimit ${r.cpuLimit}: a request must not exceed its limit` });
  }
  if (MEMORY.test(r.memoryRequest) && MEMORY.test(r.memoryLimit) && memoryMiB(r.memoryRequest) > memoryMiB(r.memoryLimit)) {
    ctx.addIssue({ code: "custom", path: ["memoryRequest"], message: `${r.memoryRequest} is above memoryLimit ${r.memoryLimit}: a request must not exceed its limit` });
  }
}).prefault({});

/** Settings of the KEDA release. */
export const kedaSettingsSchema = z.strictObject({
  /** Namespace of the release (created with it). @default keda */
  namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "a Kubernetes namespace name").max(63, "at most 63 characters").default("keda"),
  /**
   * Replicas of each Deployment: the operator (one leads, the rest take over
   * within a lease), the metrics API server that the HPA reads, and the
   * admission webhooks; prod needs ≥ 2. @default 2
   */
  replicas: z.number().int("a whole number").min(1, `from 1 to ${MAX_REPLICAS}`).max(MAX_REPLICAS, `from 1 to ${MAX_REPLICAS} (one operator leads, more only stand by)`).default(2),
  /** Requests and limits per Deployment. */
  resources: z.strictObject({
    operator: podResources,
    metricsApiServer: podResources,
    webhooks: podResources,
  }).prefault({}),
});

/** What a caller may set (defaulted keys optional). */
export type KedaSettings = z.input<typeof kedaSettingsSchema>;
/** Settings with every default applied. */
export type ResolvedKedaSettings = z.output<typeof kedaSettingsSchema>;
/** Requests and limits of one KEDA Deployment, resolved. */
export type KedaPodResources = ResolvedKedaSettings["resources"]["operator"];

/** What prod adds to the rules: a second replica of each Deployment. */
export function kedaProdProblems(s: ResolvedKedaSettings): SettingsProblem[] {
  if (s.replicas >= PROD_MIN_REPLICAS) return [];
  return [{
    path: ["replicas"],
    message: `prod runs at least ${PROD_MIN_REPLICAS} replicas: with one, a node drain or crash stops every ScaledObject and the HPA's external metrics until the pod is back (allowed: ${PROD_MIN_REPLICAS} to ${MAX_REPLICAS})`,
  }];
}
