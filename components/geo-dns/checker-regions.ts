/**
 * Where Route 53's health checkers probe a region's endpoint from. By default
 * from every checker region (Americas, Europe, Asia-Pacific); an endpoint in
 * China is probed only from the Asia-Pacific checkers, its nearest: a probe
 * from São Paulo or California crosses the border's filtering and long
 * international paths, so its failures say more about the path than about
 * the region, and a health check flaps. Pulumi-free.
 *
 * Source (read 2026-11-29): Route 53 API reference, HealthCheckConfig
 * `Regions` — the checker regions (HealthCheckRegion: us-east-1, us-west-1,
 * us-west-2, eu-west-1, ap-southeast-1, ap-southeast-2, ap-northeast-1,
 * sa-east-1) and "you must specify at least three regions":
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html
 */
import { partitionOf } from "../lib/partition";

/** Route 53's fewest checker regions for one health check. */
export const MIN_CHECKER_REGIONS = 3;

/** The Asia-Pacific checkers: Tokyo, Singapore, Sydney (the three nearest mainland China). */
const ASIA_PACIFIC_CHECKERS = ["ap-northeast-1", "ap-southeast-1", "ap-southeast-2"] as const;

/** Checker regions for an endpoint in `awsRegion`, or undefined for Route 53's default (all of them). */
export function checkerRegionsFor(awsRegion: string): string[] | undefined {
  return partitionOf(awsRegion) === "aws-cn" ? [...ASIA_PACIFIC_CHECKERS] : undefined;
}
