import { z } from "zod";
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
 * EKS Kubernetes versions in standard support, as of the date below (EKS
 * release calendar: 1.34 until 2026-12-02, 1.35 until 2027-03-27; 1.33 left
 * standard support on 2026-07-29). Extended-support versions cost extra per
 * cluster hour and are refused.
 */
export const SUPPORTED_KUBERNETES_VERSIONS = ["1.34", "1.35"] as const;
/** When SUPPORTED_KUBERNETES_VERSIONS was last checked against the EKS release calendar. */
export const KUBERNETES_VERSIONS_RECORDED = "2026-11-25";

/** A Kubernetes version in EKS standard support: the one rule, shared by the stack file and EksCluster. */
export const kubernetesVersionSchema = z.enum(SUPPORTED_KUBERNETES_VERSIONS, {
  error: `one of ${SUPPORTED_KUBERNETES_VERSIONS.join(", ")} (EKS standard support as of ${KUBERNETES_VERSIONS_RECORDED})`,
});
/** One of {@link SUPPORTED_KUBERNETES_VERSIONS}. */
export type KubernetesVersion = (typeof SUPPORTED_KUBERNETES_VERSIONS)[number];
