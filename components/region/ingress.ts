// The region's public ingress: load balancer controller and the gateway's NLB.
import { RegionalIngress } from "../ingress";
import type { IngressHandles, RegionContext } from "./handles";

/** Adds the region's ingress under the region; its NLB hostname is what geo-DNS routes to. */
export function buildIngress(ctx: RegionContext): IngressHandles {
  const region = ctx.config;
  const ingress = new RegionalIngress(`${ctx.name}-ingress`, {
    ...region.ingress,
    region: region.awsRegion,
    clusterName: ctx.cluster.clusterName,
    identity: ctx.cluster.workloadIdentity,
    vpcId: ctx.network.vpcId,
    namespace: ctx.appNamespace,
    imageMirror: region.imageMirror,
    chartMirror: region.chartMirror,
    chartRegistryAuth: ctx.chartRegistryAuth,
    // The controller pods need the system nodes; the IAM role and its binding do not.
    installAfter: [ctx.cluster.systemNodeGroup],
    tags: ctx.tags,
  }, { parent: ctx.parent, providers: { kubernetes: ctx.kubernetesProvider } });
  return {
    hostname: ingress.hostname,
    outputs: {
      ingress: {
        hostname: ingress.hostname,
        tls: region.ingress.certificateArn ? "terminated at the NLB (ACM), re-encrypted to the pods" : "passed through to the gateway pods",
        allowedSourceCidrs: region.ingress.allowedSourceCidrs,
        controllerImage: ingress.controllerImage,
      },
    },
  };
}
