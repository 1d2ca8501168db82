import * as pulumi from "@pulumi/pulumi";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import { RegionalPlatform } from "../components/region";
import { KNOWN_REGIONS } from "./config/regions";
import { planRegionPools, PROJECT, type RegionConfig, type StackConfig } from "./config";
import { chartRegistryAuth } from "./compose/chart-registry";
import { composeDataPlane } from "./compose/data-plane";
import { composeGlobalTraffic, type RegionEndpoint } from "./compose/global-traffic";
import { composeIngress } from "./compose/ingress";
import { composeMonitoring } from "./compose/monitoring";

/** What the stack exports for one region. */
export interface RegionOutputs {
  [step: string]: unknown;
  awsRegion: string;
  partition: string;
  clusterName: pulumi.Output<string>;
  natGateways: number;
  systemPool: { instanceType: string; minNodes: number; maxNodes: number };
  gpuPools: Record<string, { instanceTypes: string[]; capacityType: string; minNodes: number; desiredNodes: number; maxNodes: number; spareGpus: number; explanation: string }>;
}

/** The AWS provider of one region: its own account (profile or role) since China is a separate partition. */
function regionProvider(region: RegionConfig, tags: Record<string, string>): AwsProvider {
  return new AwsProvider(`${region.name}-aws`, {
    region: region.awsRegion,
    profile: region.profile,
    assumeRoles: region.assumeRoleArn ? [{ roleArn: region.assumeRoleArn, sessionName: `${PROJECT}-${pulumi.getStack()}` }] : undefined,
    // Tags are also set per resource (see tags below); default tags make sure nothing escapes.
    defaultTags: { tags },
  });
}

/** The required tags of every AWS resource in a region. */
export function regionTags(cfg: StackConfig, region: RegionConfig): Record<string, string> {
  return { project: PROJECT, stack: pulumi.getStack(), region: region.awsRegion, owner: cfg.owner };
}

/** Builds every region of the stack and returns the stack outputs. */
export function composePlatform(cfg: StackConfig): { environment: string; regions: Record<string, RegionOutputs>; dns: unknown } {
  const regions: Record<string, RegionOutputs> = {};
  const endpoints: RegionEndpoint[] = [];
  for (const region of cfg.regions) {
    const tags = regionTags(cfg, region);
    const protectStateful = cfg.environment === "prod";
    const provider = regionProvider(region, tags);
    const planned = planRegionPools(cfg, region);
    const chartAuth = chartRegistryAuth(region.chartMirror, region.awsRegion, provider);
    const platform = new RegionalPlatform(region.name, {
      region: region.awsRegion,
      network: {
        cidrBlock: region.vpcCidr,
        availabilityZones: [...KNOWN_REGIONS[region.awsRegion]!.zones],
        natGateways: region.natGateways,
        flowLogRetentionDays: region.cluster.logRetentionDays,
      },
      cluster: {
        version: cfg.kubernetesVersion,
        publicAccessCidrs: region.cluster.publicAccessCidrs,
        adminPrincipalArns: region.cluster.adminPrincipalArns,
        systemInstanceType: region.cluster.systemInstanceType,
        systemMinNodes: region.cluster.systemMinNodes,
        systemMaxNodes: region.cluster.systemMaxNodes,
        logRetentionDays: region.cluster.logRetentionDays,
        protectStateful,
        kubeconfigProfile: region.profile,
        kubeconfigRoleArn: region.assumeRoleArn,
      },
      gpuPools: planned.map(({ pool, plan }) => ({
        name: pool.name,
        instanceTypes: pool.instanceTypes,
        capacityType: pool.capacityType,
        amiFamily: pool.amiFamily,
        rootVolumeGiB: pool.rootVolumeGiB,
        scaling: plan,
        spareGpus: plan.spareGpus,
      })),
      imageMirror: region.imageMirror,
      chartMirror: region.chartMirror,
      chartRegistryAuth: chartAuth,
      tags,
    }, { providers: { aws: provider } });

    const ctx = { cfg, region, platform, awsProvider: provider, tags, protectStateful, chartRegistryAuth: chartAuth };
    const dataPlane = composeDataPlane(ctx);
    const ingress = composeIngress(ctx);
    const monitoring = composeMonitoring(ctx, dataPlane, ingress);
    endpoints.push({ name: region.name, awsRegion: region.awsRegion, partition: region.partition, ingress });

    regions[region.name] = {
      awsRegion: region.awsRegion,
      partition: region.partition,
      clusterName: platform.cluster.clusterName,
      natGateways: platform.network.natGatewayCount,
      systemPool: { instanceType: region.cluster.systemInstanceType, minNodes: region.cluster.systemMinNodes, maxNodes: region.cluster.systemMaxNodes },
      gpuPools: Object.fromEntries(planned.map(({ pool, plan }) => [pool.name, {
        instanceTypes: pool.instanceTypes,
        capacityType: pool.capacityType,
        minNodes: plan.minNodes,
        desiredNodes: plan.desiredNodes,
        maxNodes: plan.maxNodes,
        spareGpus: plan.spareGpus,
        explanation: plan.explanation,
      }])),
      ...dataPlane.outputs,
      ...ingress.outputs,
      ...monitoring.outputs,
    };
  }
  return { environment: cfg.environment, regions, dns: composeGlobalTraffic(cfg, endpoints) };
}
