/**
 * Alertmanager routing: every alert goes to one `platform` receiver that
 * publishes to the region's SNS topic and/or a webhook. The webhook URL is a
 * credential, so the config only names the file Alertmanager reads it from (a
 * Kubernetes Secret mounted by the operator), never the URL itself.
 */
import type * as pulumi from "@pulumi/pulumi";

/** Where the operator mounts `alertmanagerSpec.secrets`. */
const ALERTMANAGER_SECRETS_DIR = "/etc/alertmanager/secrets";
/** Key of the webhook URL inside its Secret. */
export const WEBHOOK_URL_KEY = "url";
/** Name of the receiver every platform alert goes to. */
const PLATFORM_RECEIVER = "platform";

/** Where alerts go. At least one must be set. */
export interface AlertReceivers {
  /** SNS topic (published to with SigV4 and the pod's IAM role). */
  sns?: { topicArn: pulumi.Input<string>; region: string };
  /** Secret in Alertmanager's namespace holding the webhook URL under `url`. */
  webhookSecretName?: string;
}

/** The Alertmanager configuration for the chart's `alertmanager.config`. */
export function alertmanagerConfig(receivers: AlertReceivers): Record<string, unknown> {
  const platform: Record<string, unknown> = { name: PLATFORM_RECEIVER };
  if (receivers.sns) {
    platform.sns_configs = [{
      topic_arn: receivers.sns.topicArn,
      sigv4: { region: receivers.sns.region },
      subject: "[{{ .Status | toUpper }}] {{ .GroupLabels.alertname }}",
      send_resolved: true,
    }];
  }
  if (receivers.webhookSecretName) {
    platform.webhook_configs = [{
      url_file: `${ALERTMANAGER_SECRETS_DIR}/${receivers.webhookSecretName}/${WEBHOOK_URL_KEY}`,
      send_resolved: true,
    }];
  }
  return {
    global: { resolve_timeout: "5m" },
    route: {
      receiver: PLATFORM_RECEIVER,
      group_by: ["alertname", "severity"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: [
        // The chart's always-firing heartbeat proves the pipeline works; it must not page.
        { receiver: "null", matchers: ['alertname = "Watchdog"'] },
        { receiver: PLATFORM_RECEIVER, matchers: ['severity = "critical"'], repeat_interval: "1h" },
      ],
    },
    // A critical alert silences the warnings of the same name (e.g. a latency page hides its own warning).
    inhibit_rules: [{ source_matchers: ['severity = "critical"'], target_matchers: ['severity =~ "warning|info"'], equal: ["alertname"] }],
    receivers: [{ name: "null" }, platform],
    templates: ["/etc/alertmanager/config/*.tmpl"],
  };
}
