// What a stack exports for one region: where it runs, its cluster, its sizing, and what each child adds.
import type * as pulumi from "@pulumi/pulumi";
import type { ChildOutputs, RegionContext } from "./context";

/** The stack outputs of one region. */
export interface RegionOutputs {
  [child: string]: unknown;
  awsRegion: string;
  partition: string;
  clusterName: pulumi.Output<string>;
  natGateways: number;
  systemPool: { instanceType: string; minNodes: number; maxNodes: number };
  gpuPools: Record<string, { instanceTypes: string[]; capacityType: string; minNodes: number; desiredNodes: number; maxNodes: number; spareGpus: number; explanation: string; surge?: string }>;
}

/** The region's outputs: its own facts, then each child's (data plane, ingress, monitoring). */
export function regionOutputs(ctx: RegionContext, children: ChildOutputs[]): RegionOutputs {
  const { config } = ctx;
  return {
    awsRegion: config.awsRegion,
    partition: config.partition,
    clusterName: ctx.cluster.clusterName,
    natGateways: ctx.network.natGatewayCount,
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
    ...Object.assign({}, ...children),
  };
}
