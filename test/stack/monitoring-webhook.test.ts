// A webhook receiver from secret config: the URL reaches only a Kubernetes Secret.
import { describe, expect, it } from "vitest";
import { renderStack } from "../../infra/plan/harness";
import { editedStackFile } from "../support/render";

const URL = "https://hooks.example.com/services/T000/B000/dev-secret-token";

describe("webhook receiver", () => {
  it("puts the URL from a secret config key into a Secret Alertmanager reads by file", async () => {
    const stackFile = editedStackFile("dev", (c) => {
      c["inference-platform:regions"][0].monitoring = { alerting: { webhookUrlSecret: "alerting:shanghaiWebhookUrl" } };
      c["alerting:shanghaiWebhookUrl"] = URL;
    });
    const r = await renderStack({ stack: "dev", stackFile });
    const secret = r.resources.find((x) => x.type === "kubernetes:core/v1:Secret" && x.name === "shanghai-monitoring-alert-webhook");
    expect(secret?.inputs.metadata).toMatchObject({ name: "alert-webhook", namespace: "monitoring" });
    expect(secret?.inputs.stringData).toBe("[secret]");
    const values = r.resources.find((x) => x.name === "shanghai-monitoring-kps")!.inputs.values as Record<string, any>;
    expect(values.alertmanager.alertmanagerSpec.secrets).toEqual(["alert-webhook"]);
    const platform = values.alertmanager.config.receivers.find((x: { name: string }) => x.name === "platform");
    expect(platform.webhook_configs).toEqual([{ url_file: "/etc/alertmanager/secrets/alert-webhook/url", send_resolved: true }]);
    expect(platform.sns_configs).toHaveLength(1);
    expect(JSON.stringify(r)).not.toContain("dev-secret-token");
    // Frankfurt keeps SNS only.
    expect(r.resources.some((x) => x.name === "frankfurt-monitoring-alert-webhook")).toBe(false);
  });
});
