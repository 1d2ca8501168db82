// The Monitoring contract on its own: defaults, field rules, cross-field rules, and the
// thresholds that follow a region's load.
import { describe, expect, it } from "vitest";
import { parseSettings } from "../../components/lib/contract";
import { monitoringSettingsSchema, resolveThresholds, thresholdProblems } from "../../components/monitoring";
import { VLLM_METRICS } from "../../components/monitoring/metric-names";
import { DEFAULT_THRESHOLDS } from "../../components/monitoring/thresholds";

const parse = (input: unknown) => parseSettings(monitoringSettingsSchema, input);
const problemsOf = (input: unknown) => {
  const parsed = parse(input);
  return parsed.ok ? [] : parsed.problems.map((p) => ({ path: p.path.join("."), message: p.message }));
};

describe("Monitoring settings: accepted", () => {
  it("fills every default from nothing", () => {
    expect(parse({})).toEqual({
      ok: true,
      value: {
        namespace: "monitoring", retention: "15d", storageGiB: 50, prometheusReplicas: 1, alertmanagerReplicas: 1,
        alerting: { sns: true, notifyEmails: [] },
        thresholds: {},
        metrics: VLLM_METRICS,
        runbookBaseUrl: "https://github.com/example-org/inference-platform/blob/main/docs/runbooks.md",
        installEbsCsiDriver: true,
      },
    });
  });

  it("takes canary tolerances of its own, from 1 × stable's p99 and 0 points of 5xx", () => {
    const parsed = parse({ thresholds: { canaryLatencyP99Ratio: 1, canaryErrorMarginPercent: 0 } });
    expect(parsed.ok && parsed.value.thresholds).toEqual({ canaryLatencyP99Ratio: 1, canaryErrorMarginPercent: 0 });
  });

  it("takes a webhook instead of SNS, emails, another server's names and threshold overrides", () => {
    const parsed = parse({
      alerting: { sns: false, webhookUrlSecret: "alerting:chinaWebhookUrl", notifyEmails: ["oncall@example.com"] },
      metrics: { latencyHistogram: "tgi_request_duration" },
      thresholds: { latencyP99Seconds: 1.2, redisMemoryPercent: 100 },
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.alerting).toEqual({ sns: false, webhookUrlSecret: "alerting:chinaWebhookUrl", notifyEmails: ["oncall@example.com"] });
    expect(parsed.value.metrics).toEqual({ ...VLLM_METRICS, latencyHistogram: "tgi_request_duration" });
    expect(parsed.value.thresholds).toEqual({ latencyP99Seconds: 1.2, redisMemoryPercent: 100 });
  });
});

describe("Monitoring settings: refused", () => {
  it("refuses a configured metric name that is not one", () => {
    expect(problemsOf({ metrics: { requestsWaiting: "vllm:num requests waiting" } })).toEqual([
      { path: "metrics.requestsWaiting", message: "a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)" },
    ]);
  });

  it("refuses alerts that reach no one", () => {
    expect(problemsOf({ alerting: { sns: false } })).toEqual([
      { path: "alerting.sns", message: "alerts would reach no one: keep sns true or set alerting.webhookUrlSecret" },
    ]);
  });

  it("refuses names that are names one by one but break a rule (an HTTP counter called inf reads as a number)", () => {
    expect(problemsOf({ metrics: { httpRequests: "inf" } })).toEqual([
      { path: "metrics", message: expect.stringMatching(/^recording track:model_server_http_5xx:ratio would not parse \(syntax error at \d+ near ".+"\); fix the metric names$/) },
      { path: "metrics", message: expect.stringMatching(/^alert InferenceErrorRatioHigh would not parse \(syntax error at \d+ near ".+"\); fix the metric names$/) },
    ]);
  });

  it("refuses canary tolerances that make no sense: a p99 ratio below 1, a 5xx margin outside 0–100 points", () => {
    expect(problemsOf({ thresholds: { canaryLatencyP99Ratio: 0.9, canaryErrorMarginPercent: 120 } })).toEqual([
      { path: "thresholds.canaryLatencyP99Ratio", message: "at least 1: below it a canary faster than stable would count as worse" },
      { path: "thresholds.canaryErrorMarginPercent", message: "a percentage: at most 100" },
    ]);
    expect(problemsOf({ thresholds: { canaryErrorMarginPercent: -1 } })).toEqual([{ path: "thresholds.canaryErrorMarginPercent", message: "must be ≥ 0" }]);
  });

  it("collects every problem at once, and checks the rules' syntax only once the fields are sound", () => {
    const problems = problemsOf({
      retention: "two weeks", storageGiB: 5, alerting: { sns: false, webhookUrlSecret: "webhook", notifyEmails: ["nobody"] },
      thresholds: { redisMemoryPercent: 120, latencyP99Seconds: 0 }, metrics: { httpStatusLabel: "status-code", httpRequests: "inf" },
      requestTopic: "bad topic!", runbookBaseUrl: "docs/runbooks.md", retentionDays: 30,
    });
    expect(problems.map((p) => p.path)).toEqual([
      "retention", "storageGiB", "alerting.webhookUrlSecret", "alerting.notifyEmails.0",
      "thresholds.latencyP99Seconds", "thresholds.redisMemoryPercent", "metrics.httpStatusLabel", "requestTopic", "runbookBaseUrl", "retentionDays",
    ]);
    expect(problems.find((p) => p.path === "runbookBaseUrl")!.message).toContain("is not an absolute URL");
    expect(problems.find((p) => p.path === "retentionDays")!.message).toBe("unknown key (misspelt?)");
    // A receiver problem comes with the field problems too.
    expect(problemsOf({ retention: "two weeks", alerting: { sns: false } }).map((p) => p.path)).toEqual(["retention", "alerting.sns"]);
  });
});

describe("thresholds under a region's load", () => {
  it("derive unset thresholds from the load (the seed's example without one) and keep the overrides", () => {
    expect(resolveThresholds({})).toEqual(DEFAULT_THRESHOLDS);
    const t = resolveThresholds({ latencyP99Seconds: 1.2 }, { headroomPercent: 50, peakQps: 5 });
    expect([t.latencyP99Seconds, t.gpuUtilHighPercent, t.gpuUtilLowPercent, t.kafkaConsumerLag]).toEqual([1.2, 67, 17, 150]);
  });

  it("accept a low GPU threshold below the high one", () => {
    expect(thresholdProblems(resolveThresholds({ gpuUtilLowPercent: 76 }))).toEqual([]);
  });

  it("refuse a low GPU threshold at or above the high one, which the load may move", () => {
    expect(thresholdProblems(resolveThresholds({ gpuUtilLowPercent: 77 }))).toEqual([
      { path: ["thresholds", "gpuUtilLowPercent"], message: "77 must be below gpuUtilHighPercent (77)" },
    ]);
    // 60 is below the seed example's 77 but not below 100 / (1 + 100 %) = 50.
    expect(thresholdProblems(resolveThresholds({ gpuUtilLowPercent: 60 }, { headroomPercent: 100, peakQps: 500 }))).toEqual([
      { path: ["thresholds", "gpuUtilLowPercent"], message: "60 must be below gpuUtilHighPercent (50)" },
    ]);
  });
});
