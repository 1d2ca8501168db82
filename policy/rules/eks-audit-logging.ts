import { onlyTypes } from "../lib/applies";
import { configWithDefaults } from "../lib/config";
import { texts } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

const defaults = { requiredLogTypes: ["api", "audit", "authenticator"] };

/**
 * The audit log is the only record of who read a Secret or exec'd into a pod;
 * without it an incident cannot be reconstructed. api and authenticator logs
 * tie requests to IAM identities. CIS 2.1.1 asks for all five types; the
 * scheduler and controller-manager logs cost more than they tell us, so they
 * are the user's choice (add them to `requiredLogTypes`).
 */
export const eksAuditLogging: PlatformResourceRule = {
  name: "eks-audit-logging",
  description: "EKS clusters send the audit log (and the other required control-plane logs) to CloudWatch Logs.",
  control: "AWS Security Hub FSBP EKS.8; CIS Amazon EKS Benchmark v1.7.0 2.1.1",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      requiredLogTypes: {
        type: "array",
        items: { type: "string", enum: ["api", "audit", "authenticator", "controllerManager", "scheduler"] },
        default: defaults.requiredLogTypes,
        description: "Control-plane log types every cluster must enable; audit is always required.",
      },
    },
  },
  validateResource: onlyTypes(["aws:eks/cluster:Cluster"], (args, report) => {
    const { requiredLogTypes } = configWithDefaults(args, defaults);
    const enabled = texts(args.props.enabledClusterLogTypes);
    const missing = [...new Set(["audit", ...requiredLogTypes])].filter((t) => !enabled.includes(t));
    if (missing.length > 0) {
      report(`enabledClusterLogTypes lacks ${missing.join(", ")} (has ${enabled.join(", ") || "none"}): control-plane activity would go unrecorded.`);
    }
  }),
};
