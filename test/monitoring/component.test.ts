// The Monitoring component on its own, with data-plane handles given by hand:
// every Redis node and MSK broker alarmed, the MSK open-monitoring scrape, and refused inputs.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { platformMocks } from "../../infra/plan/mocks";
import { Monitoring, type MonitoringArgs } from "../../components/monitoring";

interface Registered { type: string; name: string; inputs: Record<string, any> }
const registered: Registered[] = [];

const suffix = "orders.a1b2c3.c2.kafka.eu-central-1.amazonaws.com";
const args: MonitoringArgs = {
  region: "eu-central-1",
  clusterName: "test-eks",
  identity: { kind: "pod-identity", clusterName: "test-eks" },
  appNamespace: "inference",
  managedServices: { redis: { replicationGroupId: "test-redis", nodeCount: 3 }, kafka: { clusterName: "test-kafka", brokerCount: 3 } },
  // Two of three brokers in the bootstrap string, as MSK may return.
  kafkaBootstrapBrokers: `b-1.${suffix}:9098,b-2.${suffix}:9098`,
  alerting: { webhookUrlSecret: "alerting:testWebhookUrl" },
  requestTopic: "inference-requests",
  // Off the front door's defaults (300 s, 800 ms), so the alert shows these came through.
  frontDoor: { timeouts: { generationSeconds: 120, apiMilliseconds: 1500 } },
  tags: { project: "inference-platform", stack: "test", region: "eu-central-1", owner: "platform-team" },
};

beforeAll(async () => {
  pulumi.runtime.setAllConfig({ "alerting:testWebhookUrl": "https://hooks.example.com/T000/B000/very-secret" }, ["alerting:testWebhookUrl"]);
  const base = platformMocks(() => "eu-central-1");
  await pulumi.runtime.setMocks({
    newResource: (a) => {
      registered.push({ type: a.type, name: a.name, inputs: a.inputs });
      return base.newResource(a);
    },
    call: (a) => base.call(a),
  }, "inference-platform", "test", false);
  new Monitoring("test", args);
  // No data plane and no front door: no MSK scrape, no Redis, no route rules.
  new Monitoring("bare", { ...args, managedServices: undefined, kafkaBootstrapBrokers: undefined, frontDoor: undefined });
  new Monitoring("renamed", { ...args, kafkaBootstrapBrokers: undefined, redisConnection: { configMapName: "cache-endpoint", secretName: "cache-token" } });
  // A busier region: 50 % headroom moves the GPU thresholds, an override sets the latency one.
  // The app namespace as the region gives it: the Namespace's output.
  new Monitoring("loaded", { ...args, load: { headroomPercent: 50, peakQps: 5 }, thresholds: { latencyP99Seconds: 1.2 }, appNamespace: pulumi.output("serving") });
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
});

/** Children of the "test" component (the others are there for the data-plane cases). */
const ofType = (type: string) => registered.filter((r) => r.type === type && r.name.startsWith("test-"));

describe("Monitoring with a data plane", () => {
  it("alarms on every Redis node and every broker, all to the one topic", () => {
    const alarms = ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarms).toHaveLength(3 * 5 + 3 * 2 + 2);
    const topic = "arn:aws:sns:eu-central-1:123456789012:topic/test-alarms";
    expect(ofType("aws:sns/topic:Topic").map((t) => t.name)).toEqual(["test-alarms"]);
    for (const a of alarms) expect([a.inputs.alarmActions, a.inputs.okActions]).toEqual([[topic], [topic]]);
    const redisNodes = new Set(alarms.filter((a) => a.inputs.namespace === "AWS/ElastiCache").map((a) => a.inputs.dimensions.CacheClusterId));
    expect([...redisNodes].sort()).toEqual(["test-redis-001", "test-redis-002", "test-redis-003"]);
    const disk = alarms.filter((a) => a.inputs.metricName === "KafkaDataLogsDiskUsed").map((a) => a.inputs.dimensions);
    expect(disk).toEqual([1, 2, 3].map((b) => ({ "Cluster Name": "test-kafka", "Broker ID": String(b) })));
    const controller = alarms.find((a) => a.name === "test-kafka-active-controller")!;
    expect(controller.inputs.metricQueries).toEqual([
      { id: "m1", metric: { namespace: "AWS/Kafka", metricName: "ActiveControllerCount", dimensions: { "Cluster Name": "test-kafka" }, period: 60, stat: "Sum" }, returnData: false },
      { id: "e1", expression: "ABS(m1 - 1)", label: "MSK: active controller count is not 1", returnData: true },
    ]);
  });

  it("scrapes the JMX and node exporters of all three brokers, from a Secret of their own", () => {
    const secret = ofType("kubernetes:core/v1:Secret").find((r) => r.name === "test-msk-scrape")!;
    expect(secret.inputs.metadata).toMatchObject({ name: "msk-scrape-configs", namespace: "monitoring" });
    // The Kubernetes SDK makes every Secret's stringData a secret: the mocks see it wrapped.
    const jobs = parseYaml(secret.inputs.stringData.value["msk-scrape-configs.yaml"]) as Array<Record<string, any>>;
    expect(jobs.map((j) => [j.job_name, j.static_configs[0].targets])).toEqual([
      ["msk-jmx-exporter", [1, 2, 3].map((b) => `b-${b}.${suffix}:11001`)],
      ["msk-node-exporter", [1, 2, 3].map((b) => `b-${b}.${suffix}:11002`)],
    ]);
    expect(jobs[0]!.static_configs[0].labels).toEqual({ kafka_cluster: "test-kafka" });
  });

  it("has Prometheus read the scrape Secret by name, optionally, with no broker in the release's values", () => {
    const spec = ofType("kubernetes:helm.sh/v3:Release").find((r) => r.name === "test-kps")!.inputs.values.prometheus.prometheusSpec;
    expect(spec.additionalScrapeConfigs).toBeUndefined();
    expect(spec.additionalConfig).toEqual({ additionalScrapeConfigs: { name: "msk-scrape-configs", key: "msk-scrape-configs.yaml", optional: true } });
    expect(JSON.stringify(spec)).not.toContain(suffix);
  });

  it("without MSK: no scrape Secret and no reference to one", () => {
    expect(registered.filter((r) => r.name === "bare-msk-scrape")).toEqual([]);
    const spec = registered.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name === "bare-kps")!.inputs.values.prometheus.prometheusSpec;
    expect([spec.additionalScrapeConfigs, spec.additionalConfig]).toEqual([undefined, undefined]);
  });

  it("keeps the webhook URL in a Secret that Alertmanager reads from a file", () => {
    const secret = ofType("kubernetes:core/v1:Secret").find((s) => s.name === "test-alert-webhook")!;
    expect(secret.inputs.metadata).toMatchObject({ name: "alert-webhook", namespace: "monitoring" });
    const am = ofType("kubernetes:helm.sh/v3:Release").find((r) => r.name === "test-kps")!.inputs.values.alertmanager;
    expect(am.alertmanagerSpec.secrets).toEqual(["alert-webhook"]);
    const platform = am.config.receivers.find((r: { name: string }) => r.name === "platform");
    expect(platform.webhook_configs).toEqual([{ url_file: "/etc/alertmanager/secrets/alert-webhook/url", send_resolved: true }]);
    expect(JSON.stringify(ofType("kubernetes:helm.sh/v3:Release").map((r) => r.inputs))).not.toContain("hooks.example.com");
  });
});

describe("Monitoring's data-plane exporters and alerts", () => {
  const named = (type: string, name: string) => registered.find((r) => r.type === type && r.name === name);
  const alertsOf = (component: string) => (named("kubernetes:monitoring.coreos.com/v1:PrometheusRule", `${component}-rules`)!.inputs.spec.groups as Array<{ rules: Array<{ alert: string }> }>)
    .flatMap((g) => g.rules.map((r) => r.alert)).filter((a) => /^(Kafka|Redis)/.test(a));

  it("with Redis and MSK: a redis_exporter next to the cache's connection, and the lag and Redis alerts", () => {
    const deployment = named("kubernetes:apps/v1:Deployment", "test-redis-exporter")!;
    expect(deployment.inputs.metadata).toMatchObject({ name: "redis-exporter", namespace: "inference", annotations: { "inference.platform/redis-replication-group": "test-redis" } });
    expect(deployment.inputs.spec.template.spec.containers[0].image).toBe("docker.io/oliver006/redis_exporter:v1.88.0");
    expect(named("kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "test-redis-exporter")!.inputs.metadata).toEqual({
      name: "redis-exporter", namespace: "inference", labels: { release: "test-kps", "app.kubernetes.io/part-of": "inference-platform" },
    });
    expect(alertsOf("test")).toEqual(["KafkaRequestConsumerLagHigh", "RedisEvictions", "RedisMemoryHigh"]);
  });

  it("reads the connection under the names it is given", () => {
    const env = named("kubernetes:apps/v1:Deployment", "renamed-redis-exporter")!.inputs.spec.template.spec.containers[0].env as Array<Record<string, any>>;
    expect(env.filter((e) => e.valueFrom).map((e) => e.valueFrom)).toEqual([
      { configMapKeyRef: { name: "cache-endpoint", key: "REDIS_PRIMARY_HOST" } },
      { configMapKeyRef: { name: "cache-endpoint", key: "REDIS_PORT" } },
      { secretKeyRef: { name: "cache-token", key: "REDIS_AUTH_TOKEN" } },
    ]);
    // Redis without the MSK scrape: Redis alerts only.
    expect(alertsOf("renamed")).toEqual(["RedisEvictions", "RedisMemoryHigh"]);
  });

  it("without a data plane: no exporter, no Service or ServiceMonitor for it, and no alerts on metrics nothing would produce", () => {
    expect(registered.filter((r) => r.name.startsWith("bare-redis-exporter"))).toEqual([]);
    expect(alertsOf("bare")).toEqual([]);
  });
});

describe("Monitoring's canary and front-door rules", () => {
  type Rule = { alert?: string; record?: string; expr: string; labels?: Record<string, string> };
  const groupsOf = (component: string) => registered.find((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule" && r.name === `${component}-rules`)!
    .inputs.spec.groups as Array<{ name: string; rules: Rule[] }>;
  const group = (component: string, name: string) => groupsOf(component).find((g) => g.name === `inference-platform.${name}`);

  it("record each route's p90 from the routes in the app namespace, and alert on the timeouts the front door was given", () => {
    const frontDoor = group("test", "front-door")!.rules;
    expect(frontDoor.filter((r) => r.record === "route:envoy_upstream_latency_seconds:p90").map((r) => r.expr.match(/envoy_cluster_name=~"([^"]+)"/)![1])).toEqual([
      "httproute/inference/generation/rule/.*", "httproute/inference/api/rule/.*",
    ]);
    expect(frontDoor.find((r) => r.alert === "RouteTimeoutBelowSuggested")!.expr).toBe(
      'route:front_door_timeout_seconds:suggested{route="generation"} > 120 or route:front_door_timeout_seconds:suggested{route="api"} > 1.5',
    );
  });

  it("take the app namespace from an output, as the region gives it", () => {
    expect(group("loaded", "front-door")!.rules[0]!.expr).toContain('envoy_cluster_name=~"httproute/serving/generation/rule/.*"');
  });

  it("without a front door: the canary rules only, no route recordings and no timeout alert", () => {
    expect(group("bare", "front-door")).toBeUndefined();
    expect(group("bare", "canary")!.rules.map((r) => r.record ?? r.alert)).toEqual([
      "track:model_server_latency_seconds:p99", "track:model_server_http_5xx:ratio", "track:model_server_http_requests:rate5m",
      "CanaryLatencyWorseThanStable", "CanaryErrorsWorseThanStable",
    ]);
  });
});

describe("Monitoring runbook links", () => {
  it("point alerts and alarms at the absolute placeholder URL when none is given", () => {
    const base = "https://github.com/example-org/inference-platform/blob/main/docs/runbooks.md";
    const rule = ofType("kubernetes:monitoring.coreos.com/v1:PrometheusRule").find((r) => r.name === "test-rules")!;
    const pending = (rule.inputs.spec.groups as Array<{ rules: Array<Record<string, any>> }>).flatMap((g) => g.rules).find((r) => r.alert === "GpuPodsPending")!;
    expect(pending.annotations.runbook_url).toBe(`${base}#gpupodspending`);
    const alarm = ofType("aws:cloudwatch/metricAlarm:MetricAlarm").find((a) => a.name === "test-kafka-offline-partitions")!;
    expect(alarm.inputs.alarmDescription).toBe(`MSK: partitions offline (no leader). Runbook: ${base}#mskofflinepartitions`);
  });
});

describe("Monitoring thresholds follow the region's load", () => {
  const rule = (component: string, alert: string) => (registered.find((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule" && r.name === `${component}-rules`)!
    .inputs.spec.groups as Array<{ rules: Array<{ alert: string; expr: string }> }>).flatMap((g) => g.rules).find((r) => r.alert === alert)!.expr;

  it("derives from the seed's example region without a load", () => {
    expect(rule("test", "GpuUtilisationHigh")).toBe("avg(DCGM_FI_DEV_GPU_UTIL) > 77");
    expect(rule("test", "InferenceLatencyP99High")).toMatch(/ > 0\.8$/);
  });

  it("derives from the load given, under the overrides", () => {
    expect(rule("loaded", "GpuUtilisationHigh")).toBe("avg(DCGM_FI_DEV_GPU_UTIL) > 67");
    expect(rule("loaded", "KafkaRequestConsumerLagHigh")).toMatch(/ > 150$/);
    expect(rule("loaded", "InferenceLatencyP99High")).toMatch(/ > 1\.2$/);
  });
});

describe("Monitoring refuses bad inputs before creating anything", () => {
  it("names every bad input in one error", async () => {
    const before = registered.length;
    expect(() => new Monitoring("bad", {
      ...args,
      alerting: { sns: false },
      metrics: { requestsWaiting: "vllm:num requests waiting" },
      runbookBaseUrl: "docs/runbooks.md",
    })).toThrow(/Monitoring "bad": 3 invalid input\(s\):[\s\S]*metrics\.requestsWaiting: a Prometheus metric name[\s\S]*runbookBaseUrl: "docs\/runbooks\.md" is not an absolute URL[\s\S]*alerting\.sns: alerts would reach no one/);
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    // Only the component itself reached the engine, none of its children.
    expect(registered.slice(before).map((r) => r.type)).toEqual(["inference:monitoring:Monitoring"]);
  });

  it("then names every problem that needs the load or the wiring, in one error", async () => {
    const before = registered.length;
    expect(() => new Monitoring("bad-wiring", {
      ...args,
      // 70 is below the seed example's 77 but not below this load's 67.
      thresholds: { gpuUtilLowPercent: 70 },
      load: { headroomPercent: 50, peakQps: 500 },
      alerting: { webhookUrlSecret: "alerting:unsetWebhookUrl" },
      managedServices: { redis: { replicationGroupId: "test-redis", nodeCount: 0 } },
      frontDoor: { timeouts: { generationSeconds: 0, apiMilliseconds: Number.NaN } },
    })).toThrow(new RegExp([
      'Monitoring "bad-wiring": 5 invalid input\\(s\\):', "thresholds\\.gpuUtilLowPercent: 70 must be below gpuUtilHighPercent \\(67\\)",
      "managedServices\\.redis\\.nodeCount: a whole number ≥ 1", "frontDoor\\.timeouts\\.generationSeconds: a timeout > 0",
      "frontDoor\\.timeouts\\.apiMilliseconds: a timeout > 0", "alerting\\.webhookUrlSecret: config key alerting:unsetWebhookUrl is not set",
    ].join("[\\s\\S]*")));
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    expect(registered.slice(before).map((r) => r.type)).toEqual(["inference:monitoring:Monitoring"]);
  });
});
