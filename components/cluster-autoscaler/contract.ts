/**
 * The contract of ClusterAutoscaler: its settings, defaults and rules, defined once. Pulumi-free.
 */
import { z } from "zod";
import { kubernetesVersionSchema } from "../lib/regions";

/** Settings of the autoscaler release. */
export const clusterAutoscalerSettingsSchema = z.strictObject({
  /** Kubernetes minor version of the cluster: the autoscaler image is the release made for it. */
  kubernetesVersion: kubernetesVersionSchema,
  /** Time a node must be unneeded before removal; GPU nodes are slow to return. @default 10m */
  scaleDownUnneededTime: z.string().regex(/^\d+(s|m|h)$/, "a duration such as 10m").default("10m"),
});

/** What a caller may set (defaulted keys optional). */
export type ClusterAutoscalerSettings = z.input<typeof clusterAutoscalerSettingsSchema>;
