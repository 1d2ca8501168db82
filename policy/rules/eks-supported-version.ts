import { KUBERNETES_VERSIONS_RECORDED, SUPPORTED_KUBERNETES_VERSIONS } from "../../components/lib/regions";
import { onlyTypes } from "../lib/applies";
import { configWithDefaults } from "../lib/config";
import { text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

const defaults = { supportedVersions: [...SUPPORTED_KUBERNETES_VERSIONS] as string[], recordedOn: KUBERNETES_VERSIONS_RECORDED };

/**
 * A version past standard support gets no security patches and, on EKS, costs
 * extended-support fees until AWS upgrades it for us at a time we did not pick.
 * The list changes with the EKS calendar, so it is config with the date it was
 * read; an unpinned version lets EKS choose, which a plan cannot review.
 */
export const eksSupportedVersion: PlatformResourceRule = {
  name: "eks-supported-version",
  description: "EKS clusters pin a Kubernetes version in standard support.",
  control: "AWS Security Hub FSBP EKS.2",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      supportedVersions: {
        type: "array", items: { type: "string", pattern: "^1\\.\\d+$" }, default: defaults.supportedVersions,
        description: "Kubernetes minor versions in EKS standard support.",
      },
      recordedOn: {
        type: "string", default: defaults.recordedOn,
        description: "Date supportedVersions was checked against the EKS release calendar (shown in messages).",
      },
    },
  },
  validateResource: onlyTypes(["aws:eks/cluster:Cluster"], (args, report) => {
    const { supportedVersions, recordedOn } = configWithDefaults(args, defaults);
    const version = text(args.props.version);
    const allowed = `${supportedVersions.join(", ")} (standard support as of ${recordedOn})`;
    if (!version) report(`no Kubernetes version pinned: EKS would pick one; pin one of ${allowed}.`);
    else if (!supportedVersions.includes(version)) report(`Kubernetes ${version} is not in standard support; use one of ${allowed}.`);
  }),
};
