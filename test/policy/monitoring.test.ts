// The monitoring rules of the policy pack: each passes our real resources and
// fires, alone among all rules of the pack, on a copy broken in its one way.
import { beforeAll, describe, expect, it } from "vitest";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { runPolicyPack } from "../../policy/runner";
import { renderRealStack } from "../support/render";

const TOPIC = "aws:sns/topic:Topic";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const RELEASE = "kubernetes:helm.sh/v3:Release";

let prod: RenderedStack;
beforeAll(async () => {
  prod = await renderRealStack("prod");
});

/** The stack reduced to `resource` (plus its provider), with `edit` applied to a copy of its inputs. */
function only(type: string, name: string, edit?: (inputs: Record<string, any>) => void): RenderedStack {
  const original = prod.resources.find((x) => x.type === type && x.name === name);
  expect(original, name).toBeDefined();
  const resource: RenderedResource = { ...original!, inputs: structuredClone(original!.inputs) };
  edit?.(resource.inputs);
  const provider = prod.resources.filter((x) => resource.provider?.startsWith(`${x.urn}::`));
  return { ...prod, resources: [...provider, resource] };
}

async function firing(stack: RenderedStack): Promise<string[]> {
  return (await runPolicyPack(stack, { stackRules: [] })).map((v) => `${v.policy}: ${v.message}`);
}

describe("sns-topic-kms-encrypted", () => {
  it("passes the China alarm topic", async () => {
    expect(await firing(only(TOPIC, "china-monitoring-alarms"))).toEqual([]);
  });
  it("fires on a topic without a key", async () => {
    expect(await firing(only(TOPIC, "china-monitoring-alarms", (i) => { delete i.kmsMasterKeyId; }))).toEqual([
      "sns-topic-kms-encrypted: kmsMasterKeyId is not set: encrypt the topic with a customer-managed KMS key.",
    ]);
  });
  it("fires on the AWS-managed SNS key", async () => {
    const [v, ...rest] = await firing(only(TOPIC, "frankfurt-monitoring-alarms", (i) => { i.kmsMasterKeyId = "alias/aws/sns"; }));
    expect(rest).toEqual([]);
    expect(v).toMatch(/^sns-topic-kms-encrypted: kmsMasterKeyId is the AWS-managed alias\/aws\/sns key/);
  });
});

describe("cloudwatch-alarm-has-action", () => {
  it("passes a real MSK alarm", async () => {
    expect(await firing(only(ALARM, "china-monitoring-kafka-offline-partitions"))).toEqual([]);
  });
  it("fires on an alarm without actions", async () => {
    expect(await firing(only(ALARM, "china-monitoring-kafka-offline-partitions", (i) => { i.alarmActions = []; i.actionsEnabled = false; }))).toEqual([
      "cloudwatch-alarm-has-action: actionsEnabled is false: the alarm changes state without telling anyone.",
      "cloudwatch-alarm-has-action: no alarmActions: point the alarm at the region's alarm topic.",
    ]);
  });
});

describe("helm-release-pinned", () => {
  it("passes the kube-prometheus-stack and DCGM releases", async () => {
    expect(await firing(only(RELEASE, "china-monitoring-kps"))).toEqual([]);
    expect(await firing(only(RELEASE, "frankfurt-monitoring-dcgm"))).toEqual([]);
  });
  it("fires on a version range and on a missing version", async () => {
    expect(await firing(only(RELEASE, "frankfurt-monitoring-kps", (i) => { i.version = "^82.0.0"; }))).toEqual([
      'helm-release-pinned: chart kube-prometheus-stack has version "^82.0.0": pin an exact version such as 1.2.3 so every install is the one previewed.',
    ]);
    expect(await firing(only(RELEASE, "frankfurt-monitoring-dcgm", (i) => { delete i.version; }))).toEqual([
      'helm-release-pinned: chart dcgm-exporter has version "": pin an exact version such as 1.2.3 so every install is the one previewed.',
    ]);
  });
});
