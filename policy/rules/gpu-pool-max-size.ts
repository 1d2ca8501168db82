import { onlyTypes } from "../lib/applies";
import { configWithDefaults } from "../lib/config";
import { instanceTypesOf, isGpuType } from "../lib/instance-types";
import { numeric, record } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

const defaults = { maxNodes: 50 };

/**
 * The capacity plan sizes a pool's maximum for a 10× surge; a typo in the
 * traffic forecast can turn that into hundreds of GPU nodes the autoscaler may
 * buy. The cap is a budget decision, so it is config and the rule only warns.
 */
export const gpuPoolMaxSize: PlatformResourceRule = {
  name: "gpu-pool-max-size",
  description: "GPU node groups scale to at most a configured number of nodes (budget guard).",
  control: "platform",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      maxNodes: { type: "integer", minimum: 1, default: defaults.maxNodes, description: "Largest scalingConfig.maxSize a GPU node group may have." },
    },
  },
  validateResource: onlyTypes(["aws:eks/nodeGroup:NodeGroup"], (args, report) => {
    if (!instanceTypesOf(args.type, args.props).some(isGpuType)) args.notApplicable("not a GPU node group");
    const { maxNodes } = configWithDefaults(args, defaults);
    const maxSize = numeric(record(args.props.scalingConfig)?.maxSize);
    if (maxSize !== undefined && maxSize > maxNodes) {
      report(`scalingConfig.maxSize ${maxSize} exceeds the GPU pool cap of ${maxNodes} nodes; check the traffic forecast or raise maxNodes in the policy config.`);
    }
  }),
};
