import { onlyTypes } from "../lib/applies";
import { flag, texts } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/**
 * An alarm nobody hears is no alarm: every CloudWatch alarm of the platform
 * notifies (the region's alarm topic) when it fires, with actions enabled.
 */
export const cloudwatchAlarmHasAction: PlatformResourceRule = {
  name: "cloudwatch-alarm-has-action",
  description: "CloudWatch metric alarms have actions enabled and at least one alarm action.",
  control: "AWS Security Hub FSBP CloudWatch.15",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["aws:cloudwatch/metricAlarm:MetricAlarm"], (args, report) => {
    if (flag(args.props.actionsEnabled) === false) report("actionsEnabled is false: the alarm changes state without telling anyone.");
    if (texts(args.props.alarmActions).length === 0) report("no alarmActions: point the alarm at the region's alarm topic.");
  }),
};
