import { onlyTypes } from "../lib/applies";
import { configWithDefaults } from "../lib/config";
import { containersOf, podSpecOf, WORKLOAD_TYPES } from "../lib/kubernetes";
import type { PlatformResourceRule } from "../rule";

const defaults = { requiredRequests: ["cpu", "memory"], requiredLimits: ["memory"] };

/**
 * Requests are what the scheduler places pods by and what the autoscaler's CPU
 * and memory targets are percentages of: a pod without them packs nodes blind
 * and scales on noise. A memory limit stops a leaking process before the
 * kernel kills its neighbours. CPU limits are not required by default: CFS
 * throttling adds tail latency to a latency-bound server; add "cpu" to
 * `requiredLimits` to require them. Helm charts are not inspected here: their
 * pod specs live in the chart, not in our inputs.
 */
export const k8sRequestsLimits: PlatformResourceRule = {
  name: "k8s-requests-limits",
  description: "Every container of our Kubernetes workloads sets resource requests and limits.",
  control: "platform",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      requiredRequests: { type: "array", items: { type: "string" }, default: defaults.requiredRequests, description: "Resources every container must request." },
      requiredLimits: { type: "array", items: { type: "string" }, default: defaults.requiredLimits, description: "Resources every container must limit." },
    },
  },
  validateResource: onlyTypes(WORKLOAD_TYPES, (args, report) => {
    const { requiredRequests, requiredLimits } = configWithDefaults(args, defaults);
    for (const c of containersOf(podSpecOf(args.type, args.props) ?? {})) {
      const missing = [
        ...requiredRequests.filter((r) => c.requests[r] === undefined).map((r) => `requests.${r}`),
        ...requiredLimits.filter((r) => c.limits[r] === undefined).map((r) => `limits.${r}`),
      ];
      if (missing.length > 0) report(`container ${c.name} sets no ${missing.join(", ")}.`);
    }
  }),
};
