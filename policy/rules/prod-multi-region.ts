import { configWithDefaults } from "../lib/config";
import { PROD_STACKS_SCHEMA, servingRegions, stackNameOf, taggedProduction } from "../lib/stack";
import type { PlatformStackRule } from "../rule";

const defaults = { prodStacks: ["prod"], minimumRegions: 2 };

/**
 * More than 99.9 % availability cannot rest on one region: a regional outage
 * alone exceeds the yearly budget of 8.8 hours. Production serves from at least
 * two regions so geo-DNS has somewhere to fail over to. Production: a stack
 * prodStacks names, or one with any resource tagged environment=prod.
 */
export const prodMultiRegion: PlatformStackRule = {
  name: "prod-multi-region",
  description: "Production stacks serve from at least two regions.",
  control: "platform",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      prodStacks: PROD_STACKS_SCHEMA,
      minimumRegions: { type: "integer", minimum: 1, default: defaults.minimumRegions, description: "Fewest serving regions a production stack may have." },
    },
  },
  validateStack: (args, report) => {
    const { prodStacks, minimumRegions } = configWithDefaults(args, defaults);
    const stack = args.resources[0] ? stackNameOf(args.resources[0].urn) : "";
    if (!prodStacks.includes(stack) && !args.resources.some((r) => taggedProduction(r.props))) args.notApplicable("not a production stack");
    const regions = [...servingRegions(args.resources, []).keys()];
    if (regions.length < minimumRegions) {
      report(`production stack ${stack} serves from ${regions.length} region(s) (${regions.join(", ") || "none"}); it needs at least ${minimumRegions} so DNS can fail over.`);
    }
  },
};
