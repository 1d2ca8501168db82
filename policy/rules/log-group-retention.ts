import { onlyTypes } from "../lib/applies";
import { configWithDefaults } from "../lib/config";
import { numeric } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

const defaults = { minimumDays: 7 };

/**
 * Log groups default to "never expire": audit and flow logs then grow (and
 * bill) forever and keep request data longer than we may hold it. Each group
 * states its retention; a floor keeps enough history to investigate an
 * incident. CloudWatch.16 checks a floor of 365 days by default; our dev
 * stacks keep two weeks, so the floor is config (prod can raise it).
 */
export const logGroupRetention: PlatformResourceRule = {
  name: "log-group-retention",
  description: "CloudWatch log groups set a retention of at least the configured number of days (never \"forever\" by omission).",
  control: "AWS Security Hub FSBP CloudWatch.16",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      minimumDays: { type: "integer", minimum: 1, default: defaults.minimumDays, description: "Shortest retentionInDays a log group may have." },
    },
  },
  validateResource: onlyTypes(["aws:cloudwatch/logGroup:LogGroup"], (args, report) => {
    const { minimumDays } = configWithDefaults(args, defaults);
    const days = numeric(args.props.retentionInDays) ?? 0;
    if (days === 0) report("retentionInDays is not set: logs would be kept forever; set a retention.");
    else if (days < minimumDays) report(`retentionInDays ${days} is below the ${minimumDays}-day floor: too little history to investigate an incident.`);
  }),
};
