// The region's front door: Envoy Gateway in front of the model servers, behind the region's NLB.
import { FrontDoor, PROXY_READINESS, type TierBackends } from "../front-door";
import { publicNlbAnnotations } from "../ingress";
import { serverNames } from "../model-server/contract";
import type { PlannedServer } from "./serving-plan";
import type { DataPlaneHandles, FrontDoorHandles, IngressHandles, MonitoringHandles, RegionContext } from "./handles";

/**
 * The server a client tier is sent to: premium clients to the premium server,
 * everyone else to the batch one; a region without one of them sends both
 * tiers to what it has (standard next), so a one-server region still serves.
 */
function tierServers(servers: readonly PlannedServer[]): { premium?: PlannedServer; free?: PlannedServer } {
  const ofTier = (tier: string) => servers.find((s) => s.placement.tier === tier);
  return {
    premium: ofTier("premium") ?? ofTier("standard") ?? ofTier("batch"),
    free: ofTier("batch") ?? ofTier("standard") ?? ofTier("premium"),
  };
}

const backendsOf = (s: PlannedServer): TierBackends => {
  const { stable, canary } = serverNames(s.placement.modelName, s.placement.tier);
  return { stable, canary, canaryWeightPercent: s.placement.canary?.weightPercent ?? 0, canaryRunning: s.placement.canary !== undefined };
};

/** Adds the region's front door under the region; its NLB hostname is what geo-DNS routes to. */
export function buildFrontDoor(ctx: RegionContext, deps: { dataPlane: DataPlaneHandles; ingress: IngressHandles; monitoring: MonitoringHandles; healthPath: string }): FrontDoorHandles {
  const region = ctx.config;
  const { premium, free } = tierServers(ctx.servers);
  const redis = deps.dataPlane.redis;
  // A region has at least one model server (its schema) and always its Redis (the data plane).
  if (!premium || !free || !redis) throw new Error(`${ctx.name}: the front door needs a model server and the region's Redis`);
  const freeQpsCeiling = free.replicas.ok && free.pool ? free.replicas.max * free.placement.tensorParallelSize * free.pool.qpsPerGpu : 1;

  const frontDoor = new FrontDoor(`${ctx.name}-front-door`, {
    ...region.frontDoor,
    namespace: ctx.appNamespace,
    backends: { premium: backendsOf(premium), free: backendsOf(free) },
    freeQpsCeiling,
    healthPath: deps.healthPath,
    loadBalancer: {
      annotations: publicNlbAnnotations({ certificateArn: region.ingress.certificateArn, healthCheck: PROXY_READINESS, tags: ctx.tags }),
      sourceRanges: region.ingress.allowedSourceCidrs,
    },
    redis,
    prometheusRelease: deps.monitoring.prometheusRelease,
    imageMirror: ctx.imageMirror,
    chartMirror: ctx.chartMirror,
    // The controller and proxies need nodes; the NLB needs the load balancer controller running.
    installAfter: [ctx.cluster.systemNodeGroup, deps.ingress.controller],
    monitoringCrds: [deps.monitoring.operatorRelease],
  }, { parent: ctx.parent, providers: { kubernetes: ctx.kubernetesProvider } });

  return {
    hostname: frontDoor.hostname,
    outputs: {
      frontDoor: {
        hostname: frontDoor.hostname,
        envoyGateway: frontDoor.chartVersion,
        routes: frontDoor.routes,
        healthPath: deps.healthPath,
        tiers: { premium: backendsOf(premium), free: backendsOf(free) },
        freeQpsCeiling,
        perClientPerMinute: frontDoor.perClientPerMinute,
        timeouts: region.frontDoor.timeouts,
      },
    },
  };
}
