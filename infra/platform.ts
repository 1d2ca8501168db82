// The stack: one RegionalPlatform per region of the stack file, and the global DNS in front of them.
import * as pulumi from "@pulumi/pulumi";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import { GeoDns, ROUTE53_METRICS_REGION } from "../components/geo-dns";
import { RegionalPlatform, type RegionOutputs } from "../components/region";
import { ENVIRONMENT_TAG, type Tags } from "../components/lib/tags";
import { PROJECT, type RegionConfig, type StackConfig } from "./config";

/** The required tags of every AWS resource deployed through a provider of `awsRegion`. */
function stackTags(cfg: StackConfig, awsRegion: string): Tags {
  return { project: PROJECT, stack: pulumi.getStack(), region: awsRegion, owner: cfg.owner, [ENVIRONMENT_TAG]: cfg.environment };
}

/** An AWS provider for one account: China is a separate partition with its own account and credentials. */
function accountProvider(name: string, awsRegion: string, account: { profile?: string; assumeRoleArn?: string }, sessionSuffix: string, tags: Tags): AwsProvider {
  return new AwsProvider(name, {
    region: awsRegion,
    profile: account.profile,
    assumeRoles: account.assumeRoleArn ? [{ roleArn: account.assumeRoleArn, sessionName: `${PROJECT}-${pulumi.getStack()}${sessionSuffix}` }] : undefined,
    // Tags are also set per resource; default tags make sure nothing escapes.
    defaultTags: { tags },
  });
}

/** One region of the stack, through its own account's provider. */
function buildRegion(cfg: StackConfig, region: RegionConfig): RegionalPlatform {
  const tags = stackTags(cfg, region.awsRegion);
  return new RegionalPlatform(region.name, {
    settings: region,
    kubernetesVersion: cfg.kubernetesVersion,
    planning: cfg,
    environment: cfg.environment,
    tags,
    // The front door answers the path the Route 53 health checks probe, from the model servers.
    healthPath: cfg.dns?.healthCheck.path,
  }, { providers: { aws: accountProvider(`${region.name}-aws`, region.awsRegion, region, "", tags) } });
}

/**
 * The stack-level DNS, outside any region. Route 53 is global and its zones
 * live in the global partition's account, so the DNS gets its own provider
 * (profile or role from `dns`), in us-east-1 where Route 53 publishes
 * health-check metrics for the alarms.
 */
function buildDns(cfg: StackConfig, regions: RegionalPlatform[]): GeoDns | undefined {
  if (!cfg.dns) return undefined;
  const { profile, assumeRoleArn, ...settings } = cfg.dns;
  const tags = stackTags(cfg, ROUTE53_METRICS_REGION);
  return new GeoDns("dns", {
    ...settings,
    endpoints: Object.fromEntries(cfg.regions.map((r, i) => [r.name, { hostname: regions[i]!.hostname, awsRegion: r.awsRegion }])),
    protectStateful: cfg.environment === "prod",
    tags,
  }, { providers: { aws: accountProvider("dns-aws", ROUTE53_METRICS_REGION, { profile, assumeRoleArn }, "-dns", tags) } });
}

/** Builds every region and the DNS, and returns the stack outputs. */
export function buildPlatform(cfg: StackConfig): { environment: string; dnsName?: string; regions: Record<string, RegionOutputs>; dns: unknown } {
  const regions = cfg.regions.map((region) => buildRegion(cfg, region));
  const dns = buildDns(cfg, regions);
  return {
    environment: cfg.environment,
    // The platform's public name, top level so consumers (components/platform-outputs) need not know the DNS section.
    ...(dns ? { dnsName: dns.recordName } : {}),
    regions: Object.fromEntries(cfg.regions.map((r, i) => [r.name, regions[i]!.outputs])),
    dns: dns?.outputs ?? {},
  };
}
