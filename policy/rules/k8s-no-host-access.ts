import { onlyTypes } from "../lib/applies";
import { accessText, grants, hostAccessInValues, hostAccessOfPod, type HostAccess } from "../lib/host-access";
import { imagesInValues, isImageOf } from "../lib/images";
import { HELM_TYPES, podSpecOf, WORKLOAD_TYPES } from "../lib/kubernetes";
import { regionOf } from "../lib/region";
import type { PlatformResourceRule } from "../rule";

/** A system add-on that needs host access, what it may take, and why. */
interface HostAccessException {
  /** Image repository: registry host and path (its mirror in the cluster region's ECR counts too). */
  image: string;
  grants: readonly HostAccess[];
  reason: string;
}

/**
 * The written list of add-ons allowed past the Baseline, each with its need.
 * Only what the charts' own manifests take: the stacks install both by Helm
 * (components/nvidia-device-plugin, components/monitoring), whose defaults the
 * pack cannot see, so the list matters when values or a typed workload ask
 * for the access. Nothing the stacks declare needs hostNetwork, hostPID or
 * hostIPC.
 */
const HOST_ACCESS_EXCEPTIONS: readonly HostAccessException[] = [
  {
    image: "nvcr.io/nvidia/k8s-device-plugin",
    grants: [{ kind: "hostPath", path: "/var/lib/kubelet/device-plugins" }],
    reason: "registers the node's GPUs with the kubelet through a socket in the kubelet's device-plugin directory",
  },
  {
    image: "nvcr.io/nvidia/k8s/dcgm-exporter",
    grants: [{ kind: "capability", name: "SYS_ADMIN" }, { kind: "hostPath", path: "/var/lib/kubelet/pod-resources" }],
    reason: "DCGM's profiling counters need SYS_ADMIN; the kubelet's pod-resources socket maps each GPU to its pod",
  },
];

const allowedText = HOST_ACCESS_EXCEPTIONS.map((e) => `${e.image} (${e.grants.map(accessText).join(", ")})`).join("; ");

/**
 * Privilege without `privileged: true`: SYS_ADMIN alone mounts filesystems
 * and escapes most container confinement, NET_ADMIN rewrites the node's
 * routes and firewall, ALL is both; hostNetwork sees every pod's traffic and
 * the node's loopback services, hostPID lets a process signal or trace the
 * node's, hostIPC shares its memory segments, and a hostPath volume reads or
 * writes the node's disk (kubelet credentials, container sockets). The pack
 * holds every workload to the Pod Security Standards' Baseline on these
 * points, outside the written list of add-ons above; a pod-wide access needs
 * every container of the pod to be allowed it. Helm values asking for any of
 * them are held against every image the values name, as for `privileged`.
 */
export const k8sNoHostAccess: PlatformResourceRule = {
  name: "k8s-no-host-access",
  description: "No host namespaces, hostPath volumes or capabilities beyond the Baseline set, except the listed NVIDIA node agents' needs.",
  control: "CIS Amazon EKS Benchmark 4.2.2, 4.2.3, 4.2.4, 4.2.8; Kubernetes Pod Security Standards (Baseline)",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes([...WORKLOAD_TYPES, ...HELM_TYPES], (args, report) => {
    const granted = (image: string): readonly HostAccess[] =>
      HOST_ACCESS_EXCEPTIONS.filter((e) => isImageOf(image, [e.image], () => regionOf(args))).flatMap((e) => e.grants);
    if (HELM_TYPES.includes(args.type)) {
      const asked = hostAccessInValues(args.props.values);
      if (asked.length === 0) return;
      const images = imagesInValues(args.props.values);
      if (images.length === 0) report(`values ask for ${asked.map((a) => `${accessText(a.access)} (${a.path})`).join(", ")} but name no image to hold against the add-ons allowed it (${allowedText}).`);
      for (const a of asked) {
        for (const i of images.filter((x) => !grants(granted(x.image), a.access))) {
          report(`values ask for ${accessText(a.access)} (${a.path}) and run ${i.image} (${i.path}), which may not take it; allowed: ${allowedText}.`);
        }
      }
      return;
    }
    const refuse = (who: string, access: HostAccess): void => report(`${who} ${accessText(access)}, which only these add-ons may: ${allowedText}.`);
    const { pod, containers } = hostAccessOfPod(podSpecOf(args.type, args.props) ?? {});
    for (const access of pod) {
      const denied = containers.filter((c) => !grants(granted(c.image), access));
      if (denied.length > 0) refuse(`the pod (containers ${denied.map((c) => `${c.name} ${c.image}`).join(", ")}) takes`, access);
    }
    for (const c of containers) {
      for (const access of c.capabilities.filter((a) => !grants(granted(c.image), a))) refuse(`container ${c.name} (${c.image}) adds`, access);
    }
  }),
};
