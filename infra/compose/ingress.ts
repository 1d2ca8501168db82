// Composes the region's public ingress: load balancer controller and the gateway's NLB.
import { RegionalIngress } from "../../components/ingress";
import type { IngressHandles, RegionContext } from "./types";

/** Adds the region's ingress under `ctx.platform`; its NLB hostname is what geo-DNS routes to. */
export function composeIngress(ctx: RegionContext): IngressHandles {
  const { region, platform } = ctx;
  const ingress = new RegionalIngress(`${region.name}-ingress`, {
    region: region.awsRegion,
    clusterName: platform.cluster.clusterName,
    identity: platform.cluster.workloadIdentity,
    vpcId: platform.network.vpcId,
    namespace: platform.appNamespace,
    certificateArn: region.ingress.certificateArn,
    healthCheckPath: region.ingress.healthCheckPath,
    allowedSourceCidrs: region.ingress.allowedSourceCidrs,
    imageMirror: region.imageMirror,
    chartMirror: region.chartMirror,
    chartRegistryAuth: ctx.chartRegistryAuth,
    // The controller pods need the system nodes; the IAM role and its binding do not.
    installAfter: [platform.cluster.systemNodeGroup],
    tags: ctx.tags,
  }, { parent: platform, providers: { kubernetes: platform.kubernetesProvider } });
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
