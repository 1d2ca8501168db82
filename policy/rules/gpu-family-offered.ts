import { onlyTypes } from "../lib/applies";
import { allowedGpuFamilies, instanceFamily, instanceTypesOf, isGpuType } from "../lib/instance-types";
import { regionOf } from "../lib/region";
import type { PlatformResourceRule } from "../rule";

/**
 * A GPU family the region does not offer fails only at `pulumi up`, after the
 * cluster took its 15 minutes, and China's partition offers far fewer families
 * (g4dn, g5, p3) than the global one. The region comes from the resource's
 * provider, the allowed families from the platform's offerings table
 * (components/gpu-node-pool/offerings.ts, with its source and date).
 */
export const gpuFamilyOffered: PlatformResourceRule = {
  name: "gpu-family-offered",
  description: "GPU instance families of node groups and launch templates are offered in the provider's region and partition.",
  control: "platform",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["aws:eks/nodeGroup:NodeGroup", "aws:ec2/launchTemplate:LaunchTemplate"], (args, report) => {
    const gpuTypes = instanceTypesOf(args.type, args.props).filter(isGpuType);
    const region = regionOf(args);
    if (gpuTypes.length === 0 || !region) args.notApplicable("no GPU instance type, or no provider region");
    const { families, scope } = allowedGpuFamilies(region!);
    for (const t of gpuTypes) {
      if (!families.includes(instanceFamily(t))) report(`${t} is not offered in ${scope}; allowed GPU families there: ${families.join(", ")}.`);
    }
  }),
};
