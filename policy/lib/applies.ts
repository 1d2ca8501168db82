import type { ResourceValidation } from "@pulumi/policy";

/**
 * Runs `validate` only for resources of `types`; for any other resource it
 * reports the policy not applicable, as `validateResourceOfType` does. We match
 * type tokens instead of SDK classes so the pack never loads @pulumi/aws.
 */
export function onlyTypes(types: readonly string[], validate: ResourceValidation): ResourceValidation {
  return (args, report) => {
    if (!types.includes(args.type)) args.notApplicable(`applies to ${types.join(", ")}`);
    return validate(args, report);
  };
}
