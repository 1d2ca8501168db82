/**
 * The contract of NvidiaDevicePlugin: its settings and defaults, defined once. Pulumi-free.
 */
import { z } from "zod";

/** Settings of the device plugin release. */
export const nvidiaDevicePluginSettingsSchema = z.strictObject({
  /** Namespace of the DaemonSet. @default kube-system */
  namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "a Kubernetes namespace name").default("kube-system"),
});

/** What a caller may set (defaulted keys optional). */
export type NvidiaDevicePluginSettings = z.input<typeof nvidiaDevicePluginSettingsSchema>;
