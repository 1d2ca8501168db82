import { onlyTypes } from "../lib/applies";
import { instanceTypesOf, isGpuType } from "../lib/instance-types";
import { GPU_TAINT } from "../lib/kubernetes";
import { list, record, text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/** The effect as the EKS node-group API spells NoSchedule. */
const NODE_GROUP_EFFECT = "NO_SCHEDULE";
/** The taint as the kubelet flag writes it (`key=value:NoSchedule`). */
const KUBELET_TAINT = `${GPU_TAINT.key}=${GPU_TAINT.value}:${GPU_TAINT.effect}`;

/**
 * An untainted GPU node takes any pod: CoreDNS or a log shipper lands on a
 * $30/h instance and the inference pod that needs the GPU waits. The taint
 * keeps GPU nodes for pods that tolerate it (and ask for `nvidia.com/gpu`).
 * A managed node group carries it as `taints`; a launch template naming a GPU
 * type can also launch nodes outside a node group, so it must register the
 * taint itself through the kubelet in its user data. Key, value and effect
 * are the pack's own literals (lib/kubernetes.ts), never the component's
 * constant: PreferNoSchedule lets any pod in when the cluster is short, a
 * different value no longer matches the workloads' tolerations, and a check
 * that imported the constant would follow either change silently.
 */
export const gpuNodesTainted: PlatformResourceRule = {
  name: "gpu-nodes-tainted",
  description: `Node groups and launch templates with a GPU instance type carry the taint ${KUBELET_TAINT}.`,
  control: "platform",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["aws:eks/nodeGroup:NodeGroup", "aws:ec2/launchTemplate:LaunchTemplate"], (args, report) => {
    const gpuTypes = instanceTypesOf(args.type, args.props).filter(isGpuType);
    if (gpuTypes.length === 0) args.notApplicable("no GPU instance type");
    if (args.type === "aws:eks/nodeGroup:NodeGroup") {
      const tainted = list(args.props.taints).some((t) => {
        const taint = record(t) ?? {};
        return text(taint.key) === GPU_TAINT.key && text(taint.value) === GPU_TAINT.value && text(taint.effect) === NODE_GROUP_EFFECT;
      });
      if (!tainted) report(`GPU node group (${gpuTypes.join(", ")}) lacks the taint ${GPU_TAINT.key}=${GPU_TAINT.value} with effect ${NODE_GROUP_EFFECT}: any pod could take its GPUs' nodes.`);
      return;
    }
    const userData = text(args.props.userData);
    const decoded = userData ? Buffer.from(userData, "base64").toString("utf8") : "";
    if (!decoded.includes(KUBELET_TAINT)) {
      report(`launch template for ${gpuTypes.join(", ")} does not register the taint ${KUBELET_TAINT} in its user data: nodes it launches outside a tainted node group would take any pod.`);
    }
  }),
};
