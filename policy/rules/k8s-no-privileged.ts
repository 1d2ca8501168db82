import { onlyTypes } from "../lib/applies";
import { configWithDefaults } from "../lib/config";
import { imagesInValues, isImageOf, privilegedPathsInValues } from "../lib/images";
import { containersOf, HELM_TYPES, podSpecOf, WORKLOAD_TYPES } from "../lib/kubernetes";
import { regionOf } from "../lib/region";
import type { PlatformResourceRule } from "../rule";

const defaults = { allowedImages: ["nvcr.io/nvidia/k8s-device-plugin", "nvcr.io/nvidia/k8s/dcgm-exporter"] };

/**
 * A privileged container is root on the node: it sees every GPU, every other
 * pod's memory and the node's credentials. Only NVIDIA's node agents need
 * device access (the device plugin registers GPUs, DCGM reads their
 * counters); the allow-list names their repositories with the registry that
 * publishes them, and a mirrored copy counts only from the cluster region's
 * ECR in the mirror layout (`isImageOf`): the same path on another registry
 * is someone else's image. Helm values are searched for `privileged: true`
 * too, and then every image the values name must be on the list.
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
        description: "Image repositories (registry host and path, no tag) that may run privileged; their mirrors in the cluster region's ECR count too.",
      },
    },
  },
  validateResource: onlyTypes([...WORKLOAD_TYPES, ...HELM_TYPES], (args, report) => {
    const { allowedImages } = configWithDefaults(args, defaults);
    const isAllowed = (image: string): boolean => isImageOf(image, allowedImages, () => regionOf(args));
    const allowedText = allowedImages.join(", ");
    if (HELM_TYPES.includes(args.type)) {
      const privileged = privilegedPathsInValues(args.props.values);
      if (privileged.length === 0) return;
      const images = imagesInValues(args.props.values);
      if (images.length === 0) report(`values set ${privileged.join(", ")} but name no image to hold against the allow-list (${allowedText}).`);
      for (const i of images.filter((x) => !isAllowed(x.image))) {
        report(`values set ${privileged.join(", ")} and run ${i.image} (${i.path}), which is not allowed to be privileged; allowed: ${allowedText}.`);
      }
      return;
    }
    for (const c of containersOf(podSpecOf(args.type, args.props) ?? {})) {
      if (c.privileged && !isAllowed(c.image ?? "")) {
        report(`container ${c.name} (${c.image ?? "no image"}) is privileged; only ${allowedText} may be.`);
      }
    }
  }),
};
