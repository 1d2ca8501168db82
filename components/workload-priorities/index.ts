import * as pulumi from "@pulumi/pulumi";
import { PriorityClass } from "@pulumi/kubernetes/scheduling/v1/priorityClass";
import { settingsOrRefuse } from "../lib/problems";
import { workloadPrioritiesSettingsSchema, type PriorityTier, type WorkloadPrioritiesSettings } from "./contract";

export { PRIORITY_TIERS, type PriorityTier, type WorkloadPrioritiesSettings } from "./contract";

export { workloadPrioritiesSettingsSchema };

/** Inputs of {@link WorkloadPriorities}: its settings alone (contract.ts); PriorityClasses are cluster-wide. */
export type WorkloadPrioritiesArgs = WorkloadPrioritiesSettings;

/** Who each tier may preempt, and why. */
const TIER_POLICY: Readonly<Record<PriorityTier, { preemptionPolicy: "PreemptLowerPriority" | "Never"; description: string }>> = {
  premium: { preemptionPolicy: "PreemptLowerPriority", description: "Interactive and paid inference: scheduled first; preempts standard, batch and headroom pods when GPUs run out." },
  standard: { preemptionPolicy: "PreemptLowerPriority", description: "Standard inference: below premium; preempts batch and headroom pods when GPUs run out." },
  // Preempting lower priority only ever reaches the headroom placeholders (the only pods below batch): a batch
  // replica takes a warm GPU at once instead of waiting for a node, and can never evict premium or standard.
  batch: { preemptionPolicy: "PreemptLowerPriority", description: "Async and free inference: preemptible by premium and standard; preempts only the headroom placeholders." },
};

/**
 * The serving tiers' PriorityClasses, once per cluster: `premium` (interactive
 * and paid), `standard` and `batch` (async or free), ordered premium >
 * standard > batch > the GPU headroom placeholders. When GPUs run out a
 * premium pod may preempt batch ones, never the reverse: batch never preempts.
 * None is the global default. Needs the caller's Kubernetes provider.
 */
export class WorkloadPriorities extends pulumi.ComponentResource {
  /** PriorityClass name per tier, resolved once the class exists (a pod naming a missing class is refused). */
  readonly classNames: Readonly<Record<PriorityTier, pulumi.Output<string>>>;

  constructor(name: string, args: WorkloadPrioritiesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:serving:WorkloadPriorities", name, {}, opts);
    const settings = settingsOrRefuse("WorkloadPriorities", name, workloadPrioritiesSettingsSchema, args, undefined, { settingsOnly: true });
    const classOf = (tier: PriorityTier): pulumi.Output<string> => new PriorityClass(`${name}-${tier}`, {
      metadata: { name: settings[tier].name, labels: { "inference.platform/tier": tier } },
      value: settings[tier].value,
      globalDefault: false,
      preemptionPolicy: TIER_POLICY[tier].preemptionPolicy,
      description: TIER_POLICY[tier].description,
    }, { parent: this }).metadata.name;
    this.classNames = { premium: classOf("premium"), standard: classOf("standard"), batch: classOf("batch") };
    this.registerOutputs({ classNames: this.classNames });
  }
}
