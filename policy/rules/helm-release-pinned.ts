import { onlyTypes } from "../lib/applies";
import { HELM_TYPES } from "../lib/kubernetes";
import { text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/**
 * Helm charts (kube-prometheus-stack, the DCGM exporter, the device plugin, …)
 * are pinned to an exact version: a range or a missing version installs
 * whatever is newest at `pulumi up`, so two regions (or a re-run) can differ
 * and an upgrade never shows up in a preview. Pinning is also what lets the
 * China chart mirror hold the one version the stack asks for.
 */
export const helmReleasePinned: PlatformResourceRule = {
  name: "helm-release-pinned",
  description: "Helm releases pin an exact chart version (no range, no latest).",
  control: "platform",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(HELM_TYPES, (args, report) => {
    const version = text(args.props.version) ?? "";
    if (!EXACT_VERSION.test(version)) {
      report(`chart ${text(args.props.chart) ?? "?"} has version "${version}": pin an exact version such as 1.2.3 so every install is the one previewed.`);
    }
  }),
};
