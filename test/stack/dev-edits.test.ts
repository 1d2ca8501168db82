// Config changes on a copy of the dev stack file, rendered once: each edit touches its own region and
// section, so one render shows every one reaching its resources.
import { beforeAll, describe, expect, it } from "vitest";
import { renderStack } from "../../infra/plan/harness";
import type { RenderedResource, RenderedStack } from "../../policy/plan";
import { editedStackFile, renderRealStack } from "../support/render";

const WEBHOOK_URL = "https://hooks.example.com/services/T000/B000/dev-secret-token";

let real: RenderedStack;
let edited: RenderedStack;

beforeAll(async () => {
  real = await renderRealStack("dev");
  const file = editedStackFile("dev", (c) => {
    const regions = c["inference-platform:regions"];
    // Frankfurt: another Kafka client identity.
    regions[1].kafka.clients = { serviceAccountName: "batch-kafka-client", consumerGroupPrefix: "batch." };
    // Shanghai: one more topic, and a webhook receiver from secret config.
    regions[0].kafka.topics.push({ name: "inference-audit", partitions: 3, retentionHours: 720 });
    regions[0].monitoring = { alerting: { webhookUrlSecret: "alerting:shanghaiWebhookUrl" } };
    c["alerting:shanghaiWebhookUrl"] = WEBHOOK_URL;
  });
  edited = await renderStack({ stack: "dev", stackFile: file });
});

/** The only resource of `type` named `name`. */
function named(r: RenderedStack, type: string, name: string): RenderedResource {
  const found = r.resources.filter((x) => x.type === type && x.name === name);
  expect(found, `${type} ${name}`).toHaveLength(1);
  return found[0]!;
}

describe("stack config of the Kafka client identity", () => {
  it("renders another account name and group prefix from the stack file", () => {
    expect(named(edited, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "frankfurt-kafka-client-identity").inputs.serviceAccount).toBe("batch-kafka-client");
    expect(named(edited, "kubernetes:core/v1:ConfigMap", "frankfurt-kafka-connection").inputs.data).toMatchObject({ KAFKA_CLIENT_SERVICE_ACCOUNT: "batch-kafka-client", KAFKA_CONSUMER_GROUP_PREFIX: "batch." });
    const policy = String(named(edited, "aws:iam/rolePolicy:RolePolicy", "frankfurt-kafka-client").inputs.policy);
    expect(policy).toMatch(/:group\/dev-frankfurt-kafka\/[^/"]+\/batch\.\*"/);
    expect(policy).not.toContain("inference-*");
  });
});

describe("topic list changes", () => {
  it("run a new topics Job when a topic is added", () => {
    const before = named(real, "kubernetes:batch/v1:Job", "shanghai-kafka-topics");
    const after = named(edited, "kubernetes:batch/v1:Job", "shanghai-kafka-topics");
    const nameOf = (job: RenderedResource) => (job.inputs.metadata as { name: string }).name;
    expect(nameOf(after)).not.toBe(nameOf(before));
    const env = (after.inputs.spec as { template: { spec: { containers: Array<{ env: Array<{ name: string; value: string }> }> } } }).template.spec.containers[0]!.env;
    expect(env.find((e) => e.name === "TOPIC_SPEC")!.value).toContain("\ninference-audit 3 3 2592000000 2");
  });
});

describe("webhook receiver", () => {
  it("puts the URL from a secret config key into a Secret Alertmanager reads by file", () => {
    const secret = named(edited, "kubernetes:core/v1:Secret", "shanghai-monitoring-alert-webhook");
    expect(secret.inputs.metadata).toMatchObject({ name: "alert-webhook", namespace: "monitoring" });
    expect(secret.inputs.stringData).toBe("[secret]");
    const values = named(edited, "kubernetes:helm.sh/v3:Release", "shanghai-monitoring-kps").inputs.values as Record<string, any>;
    expect(values.alertmanager.alertmanagerSpec.secrets).toEqual(["alert-webhook"]);
    const platform = values.alertmanager.config.receivers.find((x: { name: string }) => x.name === "platform");
    expect(platform.webhook_configs).toEqual([{ url_file: "/etc/alertmanager/secrets/alert-webhook/url", send_resolved: true }]);
    expect(platform.sns_configs).toHaveLength(1);
    expect(JSON.stringify(edited)).not.toContain("dev-secret-token");
    // Frankfurt keeps SNS only.
    expect(edited.resources.some((x) => x.name === "frankfurt-monitoring-alert-webhook")).toBe(false);
  });
});
