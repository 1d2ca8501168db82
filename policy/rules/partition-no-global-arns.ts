import { partitionOfRegion, regionOf } from "../lib/region";
import { eachString } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

const GLOBAL_ARN = "arn:aws:";

/**
 * China is a separate partition: an `arn:aws:` ARN there names nothing, so a
 * policy, trust relationship or role reference written for the global
 * partition fails at apply time (or, in an IAM policy, silently grants
 * nothing). Every ARN in a China resource comes from the partition helpers.
 * The whole input tree is searched, including JSON policy documents.
 */
export const partitionNoGlobalArns: PlatformResourceRule = {
  name: "partition-no-global-arns",
  description: "No `arn:aws:` ARN in the inputs of a resource deployed to the aws-cn partition.",
  control: "platform",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (partitionOfRegion(regionOf(args)) !== "aws-cn") args.notApplicable("not in the aws-cn partition");
    const hits: string[] = [];
    eachString(args.props, (path, value) => {
      if (value.includes(GLOBAL_ARN)) hits.push(path);
    });
    if (hits.length > 0) report(`inputs ${hits.join(", ")} contain "${GLOBAL_ARN}" in the aws-cn partition; derive ARNs with the partition helpers (arn:aws-cn:).`);
  },
};
