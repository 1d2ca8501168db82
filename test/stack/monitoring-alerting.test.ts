// Monitoring of both real stacks: where it shows and sends what it finds, Grafana dashboards, Alertmanager, CloudWatch alarms and their topic.
import { describe, expect, it } from "vitest";
import type { RenderedStack } from "../../infra/plan/harness";
import { dashboardQueries } from "../../components/monitoring/dashboards";
import { parsePromQL } from "../../components/monitoring/promql";
import { bothRealStacks } from "../support/render";
import { type Json, mskCluster, regionMonitoring, REGIONS, RUNBOOKS } from "./monitoring-shared";

const stacks: Record<string, RenderedStack> = bothRealStacks();

describe.each(["prod", "dev"] as const)("stack %s monitoring", (stack) => {
  const get = () => stacks[stack]!;

  it.each(REGIONS[stack])("%s: dashboards load from labelled ConfigMaps, valid JSON with parsing queries", (region) => {
    const maps = regionMonitoring(get(), region).ofType("kubernetes:core/v1:ConfigMap");
    expect(maps.map((x) => x.inputs.metadata.name).sort()).toEqual(["dashboard-capacity", "dashboard-gpu", "dashboard-inference"]);
    for (const map of maps) {
      expect(map.inputs.metadata.labels).toEqual({ grafana_dashboard: "1" });
      const [[key, text]] = Object.entries(map.inputs.data as Record<string, string>);
      expect(key).toBe(`${String(map.inputs.metadata.name).replace("dashboard-", "")}.json`);
      for (const q of dashboardQueries(JSON.parse(text!))) expect(parsePromQL(q.expr).ok, q.expr).toBe(true);
    }
    const release = regionMonitoring(get(), region).one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`);
    expect(release.inputs.values.grafana.sidecar.dashboards).toMatchObject({ enabled: true, label: "grafana_dashboard", labelValue: "1" });
  });

  it.each(REGIONS[stack])("%s: Grafana's admin password is random, secret and referenced through existingSecret", (region) => {
    const m = regionMonitoring(get(), region);
    expect(m.one("random:index/randomPassword:RandomPassword", `${region}-monitoring-grafana-admin`).inputs.length).toBe(32);
    const secret = m.one("kubernetes:core/v1:Secret", `${region}-monitoring-grafana-admin`);
    // The password makes the whole stringData secret.
    expect(secret.inputs.stringData).toBe("[secret]");
    expect(JSON.stringify(get().resources.map((x) => x.inputs))).not.toContain("mock-password-");
    const grafana = m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`).inputs.values.grafana;
    expect(grafana.admin).toEqual({ existingSecret: secret.inputs.metadata.name, userKey: "admin-user", passwordKey: "admin-password" });
    expect(grafana.adminPassword).toBeUndefined();
    expect((get().outputs.regions as Json)[region].monitoring.grafanaAdminPassword).toBe("[secret]");
  });

  it.each(REGIONS[stack])("%s: Alertmanager publishes to the alarm topic, and only there", (region) => {
    const m = regionMonitoring(get(), region);
    const topic = m.one("aws:sns/topic:Topic", `${region}-monitoring-alarms`);
    const am = m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`).inputs.values.alertmanager;
    const platform = (am.config.receivers as Json[]).find((r) => r.name === "platform")!;
    expect(am.config.route.receiver).toBe("platform");
    expect(platform.sns_configs).toEqual([expect.objectContaining({ topic_arn: expect.stringContaining(`:sns:`), sigv4: { region: expect.any(String) } })]);
    expect(platform.webhook_configs).toBeUndefined();
    expect(am.serviceAccount).toMatchObject({ create: true, name: "alertmanager" });
    const policy = JSON.parse(m.one("aws:iam/rolePolicy:RolePolicy", `${region}-monitoring-alertmanager`).inputs.policy);
    expect(policy.Statement[0]).toEqual({ Effect: "Allow", Action: "sns:Publish", Resource: platform.sns_configs[0].topic_arn });
    expect(topic.inputs.kmsMasterKeyId).toBeTruthy();
  });

  it.each(REGIONS[stack])("%s: every managed-service alarm goes to the region's one KMS-encrypted topic", (region) => {
    const m = regionMonitoring(get(), region);
    const topics = m.ofType("aws:sns/topic:Topic");
    expect(topics).toHaveLength(1);
    const key = m.one("aws:kms/key:Key", `${region}-monitoring-alarms`);
    expect(key.inputs.enableKeyRotation).toBe(true);
    expect([key.options.protect, key.options.retainOnDelete]).toEqual(stack === "prod" ? [true, true] : [false, false]);
    expect(topics[0]!.inputs.kmsMasterKeyId).toMatch(/:kms:.*:key\//);
    const keyPolicy = JSON.parse(key.inputs.policy);
    expect(keyPolicy.Statement[1]).toMatchObject({ Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"] });
    const topicPolicy = JSON.parse(m.one("aws:sns/topicPolicy:TopicPolicy", `${region}-monitoring-alarms`).inputs.policy);
    expect(topicPolicy.Statement[0]).toMatchObject({ Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish" });

    const alarms = m.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    const dataPlane = get().resources.some((x) => x.type === "aws:msk/cluster:Cluster");
    if (dataPlane) expect(alarms.length).toBeGreaterThan(0);
    const topicArn = alarms[0]?.inputs.alarmActions[0];
    for (const alarm of alarms) {
      expect(alarm.inputs.alarmActions).toEqual([topicArn]);
      expect(alarm.inputs.okActions).toEqual([topicArn]);
      expect(alarm.inputs.actionsEnabled).toBe(true);
      expect(alarm.inputs.alarmDescription).toContain(`Runbook: ${RUNBOOKS}#`);
    }
    const metrics = new Set(alarms.map((a) => a.inputs.metricName ?? a.inputs.metricQueries?.[0]?.metric?.metricName));
    if (dataPlane) {
      for (const name of ["CPUUtilization", "EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "Evictions", "ReplicationLag",
        "KafkaDataLogsDiskUsed", "UnderReplicatedPartitions", "OfflinePartitionsCount", "ActiveControllerCount"]) expect(metrics, name).toContain(name);
    }
  });

  it.each(REGIONS[stack])("%s: scrapes MSK open monitoring from a Secret that alone waits for the cluster, and alarms on every Redis node", (region) => {
    const outputs = (get().outputs.regions as Json)[region];
    if (!outputs.kafka) return; // no data plane in this render: component.test.ts covers it
    const m = regionMonitoring(get(), region);
    const secret = m.one("kubernetes:core/v1:Secret", `${region}-monitoring-msk-scrape`);
    expect(secret.inputs.metadata).toMatchObject({ name: "msk-scrape-configs", namespace: "monitoring" });
    // The jobs (every broker, component.test.ts) are in stringData, which the Kubernetes SDK keeps secret.
    expect(secret.inputs.stringData).toBe("[secret]");
    expect(secret.options.dependencies).toContain(mskCluster(get(), region).urn);
    expect(secret.options.dependencies).toContain(m.one("kubernetes:core/v1:Namespace", `${region}-monitoring-ns`).urn);
    const spec = m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`).inputs.values.prometheus.prometheusSpec;
    expect(spec.additionalConfig).toEqual({ additionalScrapeConfigs: { name: "msk-scrape-configs", key: "msk-scrape-configs.yaml", optional: true } });
    expect(spec.additionalScrapeConfigs).toBeUndefined();
    const redisAlarms = m.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.inputs.namespace === "AWS/ElastiCache");
    expect(new Set(redisAlarms.map((a) => a.inputs.dimensions.CacheClusterId)).size).toBe(outputs.redis.nodes);
    expect(redisAlarms).toHaveLength(outputs.redis.nodes * 5);
  });
});
