// Scheduling marks of GPU nodes, kept free of Pulumi imports so the policy pack
// (policy/) can share them without loading the AWS SDK into the analyzer.

/** Taint every GPU node carries so only pods that tolerate it (and ask for GPUs) land there. */
export const GPU_TAINT = { key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" } as const;

/** Label the device plugin and DCGM exporter select GPU nodes by. */
export const GPU_NODE_LABEL = { key: "nvidia.com/gpu.present", value: "true" } as const;
