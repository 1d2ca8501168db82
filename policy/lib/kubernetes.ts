// Where Kubernetes workloads keep their pod spec, and what the scheduler reads
// from it. Used by the Kubernetes rules of the pack.
import { list, record, text, type PropertyMap } from "./values";

/**
 * The taint GPU nodes carry, written here rather than imported from the
 * component that sets it: the pack states what the platform requires, so a
 * change to the component's constant shows up as a violation instead of
 * moving the check along with it.
 */
export const GPU_TAINT = { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" } as const;

/** Label the GPU node agents select GPU nodes by (set by the node pool, read by the device plugin and DCGM). */
const GPU_NODE_LABEL_KEY = "nvidia.com/gpu.present";

/** Workload type → path of its pod spec. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  "kubernetes:core/v1:Pod": ["spec"],
  "kubernetes:core/v1:ReplicationController": ["spec", "template", "spec"],
  "kubernetes:apps/v1:Deployment": ["spec", "template", "spec"],
  "kubernetes:apps/v1:StatefulSet": ["spec", "template", "spec"],
  "kubernetes:apps/v1:DaemonSet": ["spec", "template", "spec"],
  "kubernetes:apps/v1:ReplicaSet": ["spec", "template", "spec"],
  "kubernetes:batch/v1:Job": ["spec", "template", "spec"],
  "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
};

/** Every workload type whose pod spec the pack reads. */
export const WORKLOAD_TYPES: readonly string[] = Object.keys(POD_SPEC_PATHS);

/** Helm resource types: their workloads live inside the chart, only the values are visible. */
export const HELM_TYPES: readonly string[] = ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"];

/** The pod spec of a workload, or undefined for other types. */
export function podSpecOf(type: string, props: PropertyMap): PropertyMap | undefined {
  const path = POD_SPEC_PATHS[type];
  if (!path) return undefined;
  let at: PropertyMap | undefined = props;
  for (const key of path) at = record(at?.[key]);
  return at;
}

/** One container of a pod spec (init containers included). */
export interface ContainerView {
  name: string;
  image?: string;
  requests: PropertyMap;
  limits: PropertyMap;
  privileged: boolean;
}

/** Containers and init containers of a pod spec. */
export function containersOf(spec: PropertyMap): ContainerView[] {
  return [...list(spec.initContainers), ...list(spec.containers)].map((c, i) => {
    const obj = record(c) ?? {};
    const resources = record(obj.resources) ?? {};
    return {
      name: text(obj.name) ?? `#${i}`,
      image: text(obj.image),
      requests: record(resources.requests) ?? {},
      limits: record(resources.limits) ?? {},
      privileged: record(obj.securityContext)?.privileged === true,
    };
  });
}

/** The extended resource a GPU workload asks for (the NVIDIA device plugin's). */
export const GPU_RESOURCE = "nvidia.com/gpu";

/**
 * True when a toleration lets the pod onto GPU nodes: key nvidia.com/gpu with
 * Exists or value "true", effect NoSchedule or any. With `explicitOnly` a
 * tolerate-everything toleration (no key, Exists) does not count.
 */
export function toleratesGpuTaint(spec: PropertyMap, explicitOnly = false): boolean {
  return list(spec.tolerations).some((t) => {
    const tol = record(t) ?? {};
    const key = text(tol.key);
    const operator = text(tol.operator) ?? "Equal";
    const effect = text(tol.effect);
    const keyMatches = key === GPU_TAINT.key || (!explicitOnly && key === undefined && operator === "Exists");
    const valueMatches = operator === "Exists" || text(tol.value) === GPU_TAINT.value;
    return keyMatches && valueMatches && (effect === undefined || effect === "" || effect === GPU_TAINT.effect);
  });
}

/** True when the pod selects GPU nodes by their label. */
export function selectsGpuNodes(spec: PropertyMap): boolean {
  return text(record(spec.nodeSelector)?.[GPU_NODE_LABEL_KEY]) !== undefined;
}
