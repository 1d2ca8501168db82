import { onlyTypes } from "../lib/applies";
import { containersOf, GPU_RESOURCE, GPU_TAINT, podSpecOf, selectsGpuNodes, toleratesGpuTaint, WORKLOAD_TYPES } from "../lib/kubernetes";
import type { PlatformResourceRule } from "../rule";

/**
 * GPU nodes carry the nvidia.com/gpu taint and the device plugin hands out
 * GPUs as the `nvidia.com/gpu` extended resource. A pod that asks for a GPU
 * but does not tolerate the taint stays Pending forever; one that tolerates it
 * (or selects GPU nodes) without asking for a GPU occupies a GPU node the
 * autoscaler bought for someone else. Node agents (DaemonSets such as the
 * device plugin and DCGM exporter) run on GPU nodes by design and are exempt
 * from the second check.
 */
export const k8sGpuWorkloads: PlatformResourceRule = {
  name: "k8s-gpu-workloads",
  description: `GPU workloads set ${GPU_RESOURCE} in limits and tolerate the GPU taint; only GPU workloads and node agents target GPU nodes.`,
  control: "platform",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(WORKLOAD_TYPES, (args, report) => {
    const spec = podSpecOf(args.type, args.props) ?? {};
    const containers = containersOf(spec);
    for (const c of containers) {
      if (c.requests[GPU_RESOURCE] !== undefined && c.limits[GPU_RESOURCE] === undefined) {
        report(`container ${c.name} requests ${GPU_RESOURCE} without a limit: extended resources are set in limits (requests follow).`);
      }
    }
    const usesGpu = containers.some((c) => c.limits[GPU_RESOURCE] !== undefined || c.requests[GPU_RESOURCE] !== undefined);
    if (usesGpu && !toleratesGpuTaint(spec)) {
      report(`asks for ${GPU_RESOURCE} but does not tolerate the taint ${GPU_TAINT.key}:${GPU_TAINT.effect}: it would never schedule.`);
    }
    const nodeAgent = args.type === "kubernetes:apps/v1:DaemonSet";
    if (!usesGpu && !nodeAgent && (toleratesGpuTaint(spec, true) || selectsGpuNodes(spec))) {
      report(`targets GPU nodes without asking for ${GPU_RESOURCE}: it would hold a GPU node's capacity without using a GPU.`);
    }
  }),
};
