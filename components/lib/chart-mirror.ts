// Which chart mirrors are private ECR registries (China's), and whether a region can read them. Pulumi-free.
import { partitionOf } from "./partition";

/** The ECR registry an `oci://` chart mirror lives in. */
export interface EcrRegistry {
  /** Account id, the registry's name. */
  registryId: string;
  /** AWS region of the registry. */
  region: string;
}

const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(\.cn)?$/;

/**
 * The ECR registry of an `oci://<account>.dkr.ecr.<region>.amazonaws.com(.cn)/…`
 * chart mirror; undefined for any other mirror (https repositories, other
 * registries), which this platform pulls from anonymously.
 */
export function ecrRegistryOf(chartMirror: string): EcrRegistry | undefined {
  if (!chartMirror.startsWith("oci://")) return undefined;
  const host = chartMirror.slice("oci://".length).split("/")[0] ?? "";
  const match = ECR_HOST.exec(host);
  if (!match) return undefined;
  const [, registryId, region, china] = match;
  // The host suffix must agree with the region's partition: .com.cn is China's alone.
  if ((china !== undefined) !== (partitionOf(region!) === "aws-cn")) return undefined;
  return { registryId: registryId!, region: region! };
}

/**
 * Why the region's account cannot get credentials for its ECR chart mirror
 * (the registry sits in the other partition), or undefined when it can.
 */
export function chartMirrorPartitionProblem(chartMirror: string, awsRegion: string): string | undefined {
  const registry = ecrRegistryOf(chartMirror);
  if (!registry || partitionOf(registry.region) === partitionOf(awsRegion)) return undefined;
  return `chartMirror ${chartMirror} is an ECR registry in ${registry.region}, another partition than ${awsRegion}: `
    + `the region's account cannot get its pull token; mirror the charts into an ECR registry of ${partitionOf(awsRegion)}`;
}
