import { z } from "zod";
import {
  allowedKubernetesVersions,
  KNOWN_KUBERNETES_VERSIONS,
  kubernetesVersionRefusal,
  kubernetesVersionsInStandardSupport,
  KUBERNETES_VERSIONS_RECORDED,
  type KubernetesVersion,
} from "./kubernetes-versions";
import type { Partition } from "./partition";

/**
 * Regions this platform knows, with their partition and the three availability
 * zones it spreads over. AZs are listed, not looked up, so a plan is the same on
 * every machine; cn-north-1 has no "c" zone.
 */
export const KNOWN_REGIONS: Readonly<Record<string, { partition: Partition; zones: readonly string[] }>> = {
  "cn-north-1": { partition: "aws-cn", zones: ["cn-north-1a", "cn-north-1b", "cn-north-1d"] },
  "cn-northwest-1": { partition: "aws-cn", zones: ["cn-northwest-1a", "cn-northwest-1b", "cn-northwest-1c"] },
  "ap-east-1": { partition: "aws", zones: ["ap-east-1a", "ap-east-1b", "ap-east-1c"] },
  "eu-central-1": { partition: "aws", zones: ["eu-central-1a", "eu-central-1b", "eu-central-1c"] },
  "eu-west-1": { partition: "aws", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] },
  "us-east-1": { partition: "aws", zones: ["us-east-1a", "us-east-1b", "us-east-1c"] },
  "us-west-2": { partition: "aws", zones: ["us-west-2a", "us-west-2b", "us-west-2c"] },
  "ap-northeast-1": { partition: "aws", zones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"] },
  "ap-southeast-1": { partition: "aws", zones: ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"] },
};

/**
 * The Kubernetes version rule, shared by the stack file, EksCluster,
 * RegionalPlatform and ClusterAutoscaler: a version of the EKS table
 * (`kubernetes-versions.ts`) still in standard support on `today`.
 * {@link kubernetesVersionSchema} applies it on the day the program runs.
 */
export function kubernetesVersionSchemaOn(today: Date) {
  return z
    .enum(KNOWN_KUBERNETES_VERSIONS, { error: () => allowedKubernetesVersions(today) })
    .check((ctx) => {
      const refusal = kubernetesVersionRefusal(ctx.value, today);
      if (refusal) ctx.issues.push({ code: "custom", message: refusal, input: ctx.value });
    });
}

/** The Kubernetes version rule on the day the program runs. */
export const kubernetesVersionSchema = kubernetesVersionSchemaOn(new Date());

/**
 * Versions in standard support on the day the table was recorded: the policy
 * pack's default list (its messages name that date).
 */
export const SUPPORTED_KUBERNETES_VERSIONS: readonly KubernetesVersion[] = kubernetesVersionsInStandardSupport(new Date(`${KUBERNETES_VERSIONS_RECORDED}T00:00:00Z`));
export { KUBERNETES_VERSIONS_RECORDED, type KubernetesVersion };
