import { onlyTypes } from "../lib/applies";
import { configWithDefaults } from "../lib/config";
import { imagesInValues, privilegedPathsInValues, repositoryPath } from "../lib/images";
import { containersOf, HELM_TYPES, podSpecOf, WORKLOAD_TYPES } from "../lib/kubernetes";
import type { PlatformResourceRule } from "../rule";

const defaults = { allowedImages: ["nvidia/k8s-device-plugin", "nvidia/k8s/dcgm-exporter"] };

/** True when `image`'s repository is, or ends with, an allowed repository (mirrors prefix the path). */
function isAllowed(image: string, allowed: readonly string[]): boolean {
  const repo = repositoryPath(image);
  return allowed.some((a) => repo === a || repo.endsWith(`/${a}`));
}

/**
 * A privileged container is root on the node: it sees every GPU, every other
 * pod's memory and the node's credentials. Only NVIDIA's node agents need
 * device access (the device plugin registers GPUs, DCGM reads their
 * counters); the allow-list names their repositories, whatever mirror serves
 * them. Helm values are searched for `privileged: true` too, and then every
 * image the values name must be on the list.
 */
export const k8sNoPrivileged: PlatformResourceRule = {
  name: "k8s-no-privileged",
  description: "No privileged container except the allow-listed node agents (NVIDIA device plugin, DCGM exporter).",
  control: "CIS Amazon EKS Benchmark v1.7.0 4.2.1",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedImages: {
        type: "array", items: { type: "string" }, default: defaults.allowedImages,
        description: "Image repositories (path without registry or tag) that may run privileged.",
      },
    },
  },
  validateResource: onlyTypes([...WORKLOAD_TYPES, ...HELM_TYPES], (args, report) => {
    const { allowedImages } = configWithDefaults(args, defaults);
    const allowedText = allowedImages.join(", ");
    if (HELM_TYPES.includes(args.type)) {
      const privileged = privilegedPathsInValues(args.props.values);
      if (privileged.length === 0) return;
      const images = imagesInValues(args.props.values);
      if (images.length === 0) report(`values set ${privileged.join(", ")} but name no image to hold against the allow-list (${allowedText}).`);
      for (const i of images.filter((x) => !isAllowed(x.image, allowedImages))) {
        report(`values set ${privileged.join(", ")} and run ${i.image} (${i.path}), which is not allowed to be privileged; allowed: ${allowedText}.`);
      }
      return;
    }
    for (const c of containersOf(podSpecOf(args.type, args.props) ?? {})) {
      if (c.privileged && !isAllowed(c.image ?? "", allowedImages)) {
        report(`container ${c.name} (${c.image ?? "no image"}) is privileged; only ${allowedText} may be.`);
      }
    }
  }),
};
