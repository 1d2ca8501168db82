// What a stack exports for one region: where it runs, its cluster, its sizing, and what each child adds.
import type * as pulumi from "@pulumi/pulumi";
import type { ChildOutputs, RegionContext } from "./context";

/** The stack outputs of one region. */
export interface RegionOutputs {
  [child: string]: unknown;
  awsRegion: string;
  partition: string;
  clusterName: pulumi.Output<string>;
  /** What another stack needs to reach the region: components/platform-outputs reads these. */
  vpc: { id: pulumi.Output<string>; publicSubnetIds: pulumi.Output<string>[]; privateSubnetIds: pulumi.Output<string>[] };
  cluster: { name: pulumi.Output<string>; endpoint: pulumi.Output<string>; certificateAuthority: pulumi.Output<string>; oidcIssuer: pulumi.Output<string> };
  appNamespace: pulumi.Output<string>;
  /** In-cluster URL of the server the front door sends premium clients to. */
  modelEndpoint: pulumi.Input<string>;
  /** Public hostname of the region (the front door's NLB), what geo-DNS routes to. */
  hostname: pulumi.Input<string>;
  natGateways: number;
  systemPool: { instanceType: string; minNodes: number; maxNodes: number };
  gpuPools: Record<string, { instanceTypes: string[]; capacityType: string; minNodes: number; desiredNodes: number; maxNodes: number; spareGpus: number; explanation: string; surge?: string }>;
}

// The shapes the serving and front-door children export (components/region/serving.ts, front-door.ts).
interface ServingSection { models: Array<{ name: string; url: pulumi.Input<string> }> }
interface FrontDoorSection { hostname: pulumi.Input<string>; tiers: { premium: { stable: string } } }

/** The model endpoint and hostname, read from the children so they match what serving and the front door built. */
function servingEndpoints(regionName: string, merged: Record<string, unknown>): { modelEndpoint: pulumi.Input<string>; hostname: pulumi.Input<string> } {
  const frontDoor = merged.frontDoor as FrontDoorSection | undefined;
  const serving = merged.serving as ServingSection | undefined;
  const premium = serving?.models.find((m) => m.name === frontDoor?.tiers.premium.stable);
  // A region always has both children (RegionalPlatform builds them); missing ones are a programming error.
  if (!frontDoor || !premium) throw new Error(`${regionName}: region outputs need the serving and front-door children`);
  return { modelEndpoint: premium.url, hostname: frontDoor.hostname };
}

/** The region's outputs: its own facts, then each child's (data plane, ingress, monitoring). */
export function regionOutputs(ctx: RegionContext, children: ChildOutputs[]): RegionOutputs {
  const { config, network, cluster } = ctx;
  const merged: Record<string, unknown> = Object.assign({}, ...children);
  return {
    awsRegion: config.awsRegion,
    partition: config.partition,
    clusterName: cluster.clusterName,
    vpc: { id: network.vpcId, publicSubnetIds: network.publicSubnetIds, privateSubnetIds: network.privateSubnetIds },
    cluster: {
      name: cluster.clusterName,
      endpoint: cluster.endpoint,
      certificateAuthority: cluster.cluster.certificateAuthority.apply((ca) => ca.data),
      // Every EKS cluster has an OIDC issuer; IRSA clusters (China) also register it as an IAM provider.
      oidcIssuer: cluster.cluster.identities.apply((ids) => ids[0]?.oidcs?.[0]?.issuer ?? ""),
    },
    appNamespace: ctx.appNamespace,
    ...servingEndpoints(ctx.name, merged),
    natGateways: network.natGatewayCount,
    systemPool: { instanceType: config.cluster.systemInstanceType, minNodes: config.cluster.systemMinNodes, maxNodes: config.cluster.systemMaxNodes },
    gpuPools: Object.fromEntries(ctx.capacity.map(({ pool, plan }) => [pool.name, {
      instanceTypes: pool.instanceTypes,
      capacityType: pool.capacityType,
      minNodes: plan.minNodes,
      desiredNodes: plan.desiredNodes,
      maxNodes: plan.maxNodes,
      spareGpus: plan.spareGpus,
      explanation: plan.explanation,
      ...(ctx.surges[pool.name] ? { surge: ctx.surges[pool.name]!.explanation } : {}),
    }])),
    ...merged,
  };
}
