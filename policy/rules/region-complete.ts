import { configWithDefaults } from "../lib/config";
import { servingRegions } from "../lib/stack";
import type { PlatformStackRule } from "../rule";

const defaults = { monitoringCharts: ["kube-prometheus-stack"] };

/**
 * A region that serves traffic without its own cluster, GPU pool or
 * monitoring is a region that fails silently: geo-DNS keeps sending users
 * there and no alert fires. Each region is checked on its own because China
 * cannot use managed Prometheus or reach another region's. A region is one a
 * VPC, cluster or node group deploys to (the provider's region).
 */
export const regionComplete: PlatformStackRule = {
  name: "region-complete",
  description: "Every serving region has an EKS cluster, a GPU node group and its own monitoring (Prometheus release).",
  control: "platform",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      monitoringCharts: {
        type: "array", items: { type: "string" }, default: defaults.monitoringCharts,
        description: "Helm charts that count as a region's monitoring (matched at the end of the chart reference).",
      },
    },
  },
  validateStack: (args, report) => {
    const { monitoringCharts } = configWithDefaults(args, defaults);
    const regions = servingRegions(args.resources, monitoringCharts);
    if (regions.size === 0) args.notApplicable("the stack serves from no region");
    for (const [region, inventory] of regions) {
      const missing = [
        inventory.clusters.length === 0 ? "an EKS cluster" : "",
        inventory.gpuPools.length === 0 ? "a GPU node group" : "",
        inventory.monitoring.length === 0 ? `monitoring (a ${monitoringCharts.join(" or ")} release)` : "",
      ].filter(Boolean);
      if (missing.length > 0) report(`region ${region} serves without ${missing.join(", ")}: add them or stop deploying there.`, inventory.clusters[0]?.urn);
    }
  },
};
