import { onlyTypes } from "../lib/applies";
import { record, text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/** Brokers serve only pods in the VPC; a public endpoint exposes them to the internet. */
export const mskPublicAccessDisabled: PlatformResourceRule = {
  name: "msk-public-access-disabled",
  description: "MSK clusters have public access disabled.",
  control: "AWS Security Hub FSBP MSK.4",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["aws:msk/cluster:Cluster"], (args, report) => {
    const type = text(record(record(record(args.props.brokerNodeGroupInfo)?.connectivityInfo)?.publicAccess)?.type) ?? "DISABLED";
    if (type !== "DISABLED") report(`brokerNodeGroupInfo.connectivityInfo.publicAccess.type is ${type}: brokers get public addresses; set it to DISABLED.`);
  }),
};
