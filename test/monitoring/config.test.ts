import { describe, expect, it } from "vitest";
import { resolveThresholds } from "../../components/monitoring";
import { regionLoad } from "../../components/region";
import { parseStackFile as parseFile, refusalOfEditedProd as refusal, type RawConfig as Config } from "../support/config";
import { editedStackFile } from "../support/render";

const monitoringOf = (c: Config, i: number): Config => {
  const r = c["inference-platform:regions"][i];
  r.monitoring ??= {};
  return r.monitoring;
};

describe("monitoring config: good cases", () => {
  it("reads prod's HA settings and fills the rest with defaults", () => {
    const china = parseFile("prod").regions[0]!.monitoring;
    expect(china).toEqual({
      namespace: "monitoring", retention: "30d", storageGiB: 200, prometheusReplicas: 2, alertmanagerReplicas: 3,
      alerting: { sns: true, notifyEmails: [] },
      thresholds: {},
      metrics: {
        latencyHistogram: "vllm:e2e_request_latency_seconds",
        requestsWaiting: "vllm:num_requests_waiting",
        requestsRunning: "vllm:num_requests_running",
        requestSuccess: "vllm:request_success_total",
        httpRequests: "http_requests_total",
        httpStatusLabel: "status",
        cacheHits: "vllm:prefix_cache_hits_total",
        cacheQueries: "vllm:prefix_cache_queries_total",
      },
      runbookBaseUrl: "https://github.com/example-org/inference-platform/blob/main/docs/runbooks.md",
      installEbsCsiDriver: true,
    });
  });

  it("accepts the repository's own runbook URL per region", () => {
    const file = editedStackFile("prod", (c) => {
      monitoringOf(c, 0).runbookBaseUrl = "https://git.corp.example.cn/platform/inference-platform/-/blob/main/docs/runbooks.md";
    });
    const prod = parseFile("prod", file);
    expect(prod.regions[0]!.monitoring.runbookBaseUrl).toBe("https://git.corp.example.cn/platform/inference-platform/-/blob/main/docs/runbooks.md");
    expect(prod.regions[1]!.monitoring.runbookBaseUrl).toBe("https://github.com/example-org/inference-platform/blob/main/docs/runbooks.md");
  });

  it("gives dev the defaults", () => {
    const shanghai = parseFile("dev").regions[0]!.monitoring;
    expect([shanghai.retention, shanghai.storageGiB, shanghai.prometheusReplicas, shanghai.alertmanagerReplicas]).toEqual(["15d", 50, 1, 1]);
  });

  it("derives thresholds from each region's load, then applies overrides", () => {
    const resolved = (c: ReturnType<typeof parseFile>, i: number) => resolveThresholds(c.regions[i]!.monitoring.thresholds, regionLoad(c.regions[i]!.traffic, c));
    const prod = parseFile("prod");
    expect(resolved(prod, 0).kafkaConsumerLag).toBe(15000);
    expect(resolved(prod, 1).kafkaConsumerLag).toBe(9000);
    expect(resolved(prod, 1).gpuUtilHighPercent).toBe(77);
    const file = editedStackFile("prod", (c) => {
      monitoringOf(c, 1).thresholds = { latencyP99Seconds: 1.2, gpuUtilHighPercent: 85 };
      c["inference-platform:regions"][1].traffic.headroomPercent = 50;
    });
    const edited = parseFile("prod", file);
    const t = resolved(edited, 1);
    expect([t.latencyP99Seconds, t.gpuUtilHighPercent, t.gpuUtilLowPercent]).toEqual([1.2, 85, 17]);
  });

  it("accepts a webhook secret outside the project namespace and another server's metric names", () => {
    const file = editedStackFile("prod", (c) => {
      monitoringOf(c, 0).alerting = { sns: false, webhookUrlSecret: "alerting:chinaWebhookUrl", notifyEmails: ["oncall@example.com"] };
      monitoringOf(c, 0).metrics = { latencyHistogram: "tgi_request_duration", requestsWaiting: "tgi_queue_size" };
    });
    const china = parseFile("prod", file).regions[0]!.monitoring;
    expect(china.alerting).toEqual({ sns: false, webhookUrlSecret: "alerting:chinaWebhookUrl", notifyEmails: ["oncall@example.com"] });
    expect(china.metrics.latencyHistogram).toBe("tgi_request_duration");
    expect(china.metrics.requestSuccess).toBe("vllm:request_success_total");
  });
});

describe("monitoring config: thresholds under the region's headroom", () => {
  it("accepts a low-utilisation threshold below the high one the region's headroom gives", () => {
    const file = editedStackFile("prod", (c) => { monitoringOf(c, 0).thresholds = { gpuUtilLowPercent: 60 }; });
    expect(parseFile("prod", file).regions[0]!.monitoring.thresholds).toEqual({ gpuUtilLowPercent: 60 });
  });

  it("refuses the same threshold when the region's headroom lowers the high one", () => {
    const message = refusal((c) => {
      monitoringOf(c, 0).thresholds = { gpuUtilLowPercent: 60 };
      c["inference-platform:regions"][0].traffic.headroomPercent = 100;
    });
    expect(message).toContain("regions[0].monitoring.thresholds.gpuUtilLowPercent");
    expect(message).toContain("60 must be below gpuUtilHighPercent (50)");
  });
});

describe("monitoring config: canary tolerances", () => {
  it("accepts a region's own p99 ratio and 5xx margin", () => {
    const file = editedStackFile("prod", (c) => { monitoringOf(c, 1).thresholds = { canaryLatencyP99Ratio: 1.4, canaryErrorMarginPercent: 0.5 }; });
    const prod = parseFile("prod", file);
    expect(prod.regions[1]!.monitoring.thresholds).toEqual({ canaryLatencyP99Ratio: 1.4, canaryErrorMarginPercent: 0.5 });
    expect(resolveThresholds(prod.regions[0]!.monitoring.thresholds).canaryLatencyP99Ratio).toBe(1.2);
  });

  it("refuses a p99 ratio below 1, which would call a faster canary worse", () => {
    const message = refusal((c) => { monitoringOf(c, 0).thresholds = { canaryLatencyP99Ratio: 0.8 }; });
    expect(message).toContain("regions[0].monitoring.thresholds.canaryLatencyP99Ratio");
    expect(message).toContain("at least 1");
  });
});

describe("monitoring config: the EBS CSI add-on", () => {
  it("can be left to the cluster", () => {
    const file = editedStackFile("prod", (c) => { monitoringOf(c, 1).installEbsCsiDriver = false; });
    expect(parseFile("prod", file).regions[1]!.monitoring.installEbsCsiDriver).toBe(false);
  });

  it("refuses anything but true or false", () => {
    const message = refusal((c) => { monitoringOf(c, 1).installEbsCsiDriver = "no"; });
    expect(message).toContain("regions[1].monitoring.installEbsCsiDriver");
  });
});

describe("monitoring config: refused cases", () => {
  it("refuses exporter metric names: the deployed exporters fix them", () => {
    const message = refusal((c) => { monitoringOf(c, 0).metrics = { kafkaConsumerLag: "kafka_consumergroup_lag" }; });
    expect(message).toContain("inference-platform:regions[0].monitoring.metrics.kafkaConsumerLag");
    expect(message).toContain("unknown key");
  });

  it("refuses a metric name that is not one", () => {
    const message = refusal((c) => { monitoringOf(c, 0).metrics = { latencyHistogram: "vllm:e2e latency" }; });
    expect(message).toContain("Pulumi.prod.yaml inference-platform:regions[0].monitoring.metrics.latencyHistogram");
    expect(message).toContain('"vllm:e2e latency"');
    expect(message).toContain("a Prometheus metric name");
  });

  it("refuses alerts that reach no one", () => {
    const message = refusal((c) => { monitoringOf(c, 1).alerting = { sns: false }; });
    expect(message).toContain("inference-platform:regions[1].monitoring.alerting.sns");
    expect(message).toContain("alerts would reach no one");
  });

  it("refuses a webhook secret inside the project's own namespace", () => {
    const message = refusal((c) => { monitoringOf(c, 0).alerting = { webhookUrlSecret: "inference-platform:webhook" }; });
    expect(message).toContain("regions[0].monitoring.alerting.webhookUrlSecret");
    expect(message).toContain("outside the inference-platform namespace");
  });

  it("refuses a low-utilisation threshold above the high one", () => {
    const message = refusal((c) => { monitoringOf(c, 0).thresholds = { gpuUtilLowPercent: 80 }; });
    expect(message).toContain("regions[0].monitoring.thresholds.gpuUtilLowPercent");
    expect(message).toContain("80 must be below gpuUtilHighPercent (77)");
  });

  it("refuses a runbook link that is not an absolute http(s) URL", () => {
    const relative = refusal((c) => { monitoringOf(c, 1).runbookBaseUrl = "docs/runbooks.md"; });
    expect(relative).toContain('Pulumi.prod.yaml inference-platform:regions[1].monitoring.runbookBaseUrl (got "docs/runbooks.md")');
    expect(relative).toContain("is not an absolute URL: give an http(s) URL such as https://github.com/example-org/inference-platform/blob/main/docs/runbooks.md");
    const ftp = refusal((c) => { monitoringOf(c, 0).runbookBaseUrl = "ftp://docs.example.com/runbooks.md"; });
    expect(ftp).toContain("regions[0].monitoring.runbookBaseUrl");
    expect(ftp).toContain("is not an http(s) URL");
  });

  it("refuses a retention that is not a Prometheus duration, and unknown keys", () => {
    const message = refusal((c) => { Object.assign(monitoringOf(c, 1), { retention: "30 days", retentionDays: 30 }); });
    expect(message).toContain("regions[1].monitoring.retention");
    expect(message).toContain("a Prometheus duration");
    expect(message).toContain("regions[1].monitoring.retentionDays");
    expect(message).toContain("unknown key");
  });
});
