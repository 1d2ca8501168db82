// The region's public ingress: the load balancer controller that turns the front door's Service into the NLB.
import { RegionalIngress } from "../ingress";
import type { IngressHandles, RegionContext } from "./handles";

/** Adds the region's load balancer controller under the region. */
export function buildIngress(ctx: RegionContext): IngressHandles {
  const region = ctx.config;
  const ingress = new RegionalIngress(`${ctx.name}-ingress`, {
    ...region.ingress,
    region: region.awsRegion,
    clusterName: ctx.cluster.clusterName,
    identity: ctx.cluster.workloadIdentity,
    vpcId: ctx.network.vpcId,
    imageMirror: region.imageMirror,
    chartMirror: region.chartMirror,
    // The controller pods need the system nodes; the IAM role and its binding do not.
    installAfter: [ctx.cluster.systemNodeGroup],
    tags: ctx.tags,
  }, { parent: ctx.parent, providers: { kubernetes: ctx.kubernetesProvider } });
  return {
    controller: ingress.release,
    outputs: {
      ingress: {
        tls: region.ingress.certificateArn ? "terminated at the NLB (ACM), re-encrypted to the proxies" : "passed through to the proxies (their own certificate)",
        allowedSourceCidrs: region.ingress.allowedSourceCidrs,
        controllerImage: ingress.controllerImage,
      },
    },
  };
}
