import { onlyTypes } from "../lib/applies";
import { flag, record } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/**
 * Broker logs are where failed IAM authorisations, ISR shrinks and controller
 * elections show up; without them an outage of the request queue cannot be
 * explained afterwards. MSK.5 covers only MSK Connect connectors, so this is
 * the platform's own rule for brokers.
 */
export const mskBrokerLogs: PlatformResourceRule = {
  name: "msk-broker-logs",
  description: "MSK clusters deliver broker logs (CloudWatch Logs, Firehose or S3).",
  control: "platform (FSBP MSK.5 covers connectors only)",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["aws:msk/cluster:Cluster"], (args, report) => {
    const brokerLogs = record(record(args.props.loggingInfo)?.brokerLogs);
    const enabled = ["cloudwatchLogs", "firehose", "s3"].some((d) => flag(record(brokerLogs?.[d])?.enabled) === true);
    if (!enabled) report("loggingInfo.brokerLogs delivers nowhere: enable cloudwatchLogs with a log group that has a retention.");
  }),
};
