import { beforeAll, describe, expect, it } from "vitest";
import { formatPlan } from "../../infra/plan/format";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { dashboardQueries } from "../../components/monitoring/dashboards";
import { parsePromQL } from "../../components/monitoring/promql";
import { labelsMatchSelector, type LabelSelector } from "../../components/monitoring/selectors";
import { renderRealStack } from "../support/render";

type Json = Record<string, any>;

const ALERTS = [
  "InferenceLatencyP99High", "InferenceErrorRatioHigh", "InferenceQueueDepthHigh",
  "GpuUtilisationHigh", "GpuUtilisationLow", "GpuXidError", "GpuPodsPending",
  "NodeNotReady", "KafkaRequestConsumerLagHigh", "RedisEvictions", "RedisMemoryHigh",
];
const CHINA_MIRROR_HOST = "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn";

const stacks: Record<string, RenderedStack> = {};
beforeAll(async () => {
  stacks.prod = await renderRealStack("prod");
  stacks.dev = await renderRealStack("dev");
});

/** The resources of one region's Monitoring component, by type. */
function regionMonitoring(r: RenderedStack, region: string) {
  const component = r.resources.find((x) => x.type === "inference:monitoring:Monitoring" && x.name === `${region}-monitoring`);
  expect(component, `${region}-monitoring`).toBeDefined();
  const byUrn = new Map(r.resources.map((x) => [x.urn, x]));
  const under = (x: RenderedResource): boolean => {
    for (let p = x.parent; p; p = byUrn.get(p)?.parent) if (p === component!.urn) return true;
    return false;
  };
  // Inputs are the JSON the engine got; tests read into them freely.
  const mine = r.resources.filter(under) as Array<RenderedResource & { inputs: Json }>;
  const ofType = (type: string) => mine.filter((x) => x.type === type);
  const one = (type: string, name: string) => {
    const found = mine.find((x) => x.type === type && x.name === name);
    expect(found, `${type} ${name}`).toBeDefined();
    return found!;
  };
  return { mine, ofType, one };
}

/** Every `{registry, repository}` image value in Helm values, with its path. */
function imageValues(v: unknown, path = ""): Array<{ path: string; registry?: string; repository: string }> {
  if (v === null || typeof v !== "object") return [];
  const o = v as Json;
  const here = typeof o.repository === "string" ? [{ path, registry: o.registry as string | undefined, repository: o.repository as string }] : [];
  return [...here, ...Object.entries(o).flatMap(([k, x]) => imageValues(x, path ? `${path}.${k}` : k))];
}

const REGIONS = { prod: ["china", "frankfurt"], dev: ["shanghai", "frankfurt"] } as const;

describe.each(["prod", "dev"] as const)("stack %s monitoring", (stack) => {
  const get = () => stacks[stack]!;

  it.each(REGIONS[stack])("%s: one pinned kube-prometheus-stack release with encrypted persistent storage", (region) => {
    const m = regionMonitoring(get(), region);
    const release = m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`);
    expect(release.inputs.version).toBe("82.10.1");
    expect(release.inputs.atomic).toBe(true);
    const spec = release.inputs.values.prometheus.prometheusSpec;
    expect(spec.retention).toBe(stack === "prod" ? "30d" : "15d");
    expect(spec.replicas).toBe(stack === "prod" ? 2 : 1);
    expect(spec.storageSpec.volumeClaimTemplate.spec).toEqual({
      storageClassName: "gp3-encrypted", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: stack === "prod" ? "200Gi" : "50Gi" } },
    });
    const sc = m.one("kubernetes:storage.k8s.io/v1:StorageClass", `${region}-monitoring-gp3`);
    expect(sc.inputs.metadata.name).toBe("gp3-encrypted");
    expect(sc.inputs.parameters).toEqual({ type: "gp3", encrypted: "true", fsType: "ext4" });
    expect(sc.inputs.reclaimPolicy).toBe(stack === "prod" ? "Retain" : "Delete");
    expect(m.one("aws:eks/addon:Addon", `${region}-monitoring-ebs-csi`).inputs.addonName).toBe("aws-ebs-csi-driver");
    expect(release.options.dependencies).toContain(sc.urn);
    // node-exporter also covers the tainted GPU nodes.
    expect(release.inputs.values["prometheus-node-exporter"].tolerations).toEqual([{ operator: "Exists", effect: "NoSchedule" }]);
  });

  it.each(REGIONS[stack])("%s: the DCGM exporter runs on GPU nodes only, tolerating their taint, with a ServiceMonitor", (region) => {
    const m = regionMonitoring(get(), region);
    const dcgm = m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-dcgm`);
    expect(dcgm.inputs.version).toBe("4.8.2");
    expect(dcgm.inputs.values.nodeSelector).toEqual({ "nvidia.com/gpu.present": "true" });
    expect(dcgm.inputs.values.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    expect(dcgm.inputs.values.serviceMonitor).toMatchObject({ enabled: true, additionalLabels: { release: `${region}-monitoring-kps` } });
    expect(dcgm.inputs.values.image.tag).toBe("4.5.3-4.8.2-distroless");
  });

  it.each(REGIONS[stack])("%s: rules carry every alert with severity, summary and runbook", (region) => {
    const rule = regionMonitoring(get(), region).one("kubernetes:monitoring.coreos.com/v1:PrometheusRule", `${region}-monitoring-rules`);
    const rules = (rule.inputs.spec.groups as Json[]).flatMap((g) => g.rules as Json[]);
    expect(rules.map((r) => r.alert)).toEqual(ALERTS);
    for (const r of rules) {
      expect(["critical", "warning", "info"]).toContain(r.labels.severity);
      expect(r.annotations.summary).toBeTruthy();
      expect(r.annotations.runbook_url).toBe(`docs/runbooks.md#${String(r.alert).toLowerCase()}`);
      expect(parsePromQL(r.expr).ok, r.expr).toBe(true);
    }
  });

  it.each(REGIONS[stack])("%s: our PrometheusRule, PodMonitor and the DCGM ServiceMonitor match this Prometheus's selectors", (region) => {
    const m = regionMonitoring(get(), region);
    const spec = m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`).inputs.values.prometheus.prometheusSpec;
    for (const flag of ["ruleSelectorNilUsesHelmValues", "serviceMonitorSelectorNilUsesHelmValues", "podMonitorSelectorNilUsesHelmValues"]) expect(spec[flag]).toBe(false);
    for (const ns of ["ruleNamespaceSelector", "serviceMonitorNamespaceSelector", "podMonitorNamespaceSelector"]) expect(spec[ns]).toEqual({});

    const rule = m.one("kubernetes:monitoring.coreos.com/v1:PrometheusRule", `${region}-monitoring-rules`);
    const podMonitor = m.one("kubernetes:monitoring.coreos.com/v1:PodMonitor", `${region}-monitoring-model-servers`);
    const dcgmLabels = m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-dcgm`).inputs.values.serviceMonitor.additionalLabels;
    expect(labelsMatchSelector(rule.inputs.metadata.labels, spec.ruleSelector as LabelSelector)).toBe(true);
    expect(labelsMatchSelector(podMonitor.inputs.metadata.labels, spec.podMonitorSelector as LabelSelector)).toBe(true);
    expect(labelsMatchSelector(dcgmLabels, spec.serviceMonitorSelector as LabelSelector)).toBe(true);
    // The selector is not a select-all: an object of another release stays out.
    expect(labelsMatchSelector({ release: "someone-else" }, spec.ruleSelector as LabelSelector)).toBe(false);
    expect(labelsMatchSelector({}, spec.serviceMonitorSelector as LabelSelector)).toBe(false);
  });

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

  it.each(REGIONS[stack])("%s: Alertmanager publishes to the alarm topic with a Pod Identity role", (region) => {
    const m = regionMonitoring(get(), region);
    const topic = m.one("aws:sns/topic:Topic", `${region}-monitoring-alarms`);
    const am = m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`).inputs.values.alertmanager;
    const platform = (am.config.receivers as Json[]).find((r) => r.name === "platform")!;
    expect(am.config.route.receiver).toBe("platform");
    expect(platform.sns_configs).toEqual([expect.objectContaining({ topic_arn: expect.stringContaining(`:sns:`), sigv4: { region: expect.any(String) } })]);
    expect(platform.webhook_configs).toBeUndefined();
    const association = m.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", `${region}-monitoring-alertmanager`);
    expect(association.inputs).toMatchObject({ namespace: "monitoring", serviceAccount: am.serviceAccount.name });
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
      expect(alarm.inputs.alarmDescription).toContain("Runbook: docs/runbooks.md#");
    }
    const metrics = new Set(alarms.map((a) => a.inputs.metricName ?? a.inputs.metricQueries?.[0]?.metric?.metricName));
    if (dataPlane) {
      for (const name of ["CPUUtilization", "EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "Evictions", "ReplicationLag",
        "KafkaDataLogsDiskUsed", "UnderReplicatedPartitions", "OfflinePartitionsCount", "ActiveControllerCount"]) expect(metrics, name).toContain(name);
    }
  });

  it.each(REGIONS[stack])("%s: scrapes MSK open monitoring on every broker and alarms on every Redis node", (region) => {
    const outputs = (get().outputs.regions as Json)[region];
    if (!outputs.kafka) return; // no data plane in this render: component.test.ts covers it
    const m = regionMonitoring(get(), region);
    const jobs = m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`).inputs.values.prometheus.prometheusSpec.additionalScrapeConfigs as Json[];
    const brokers = outputs.kafka.brokers as number;
    expect(jobs.map((j) => j.job_name)).toEqual(["msk-jmx-exporter", "msk-node-exporter"]);
    for (const [job, port] of [[jobs[0]!, 11001], [jobs[1]!, 11002]] as const) {
      const targets = job.static_configs[0].targets as string[];
      expect(targets).toHaveLength(brokers);
      targets.forEach((t, i) => expect(t).toMatch(new RegExp(`^b-${i + 1}\\..+\\.kafka\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?:${port}$`)));
    }
    const redisAlarms = m.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.inputs.namespace === "AWS/ElastiCache");
    expect(new Set(redisAlarms.map((a) => a.inputs.dimensions.CacheClusterId)).size).toBe(outputs.redis.nodes);
    expect(redisAlarms).toHaveLength(outputs.redis.nodes * 5);
  });

  it("lists the alerts with thresholds per region in the plan", () => {
    const text = formatPlan(get());
    for (const region of REGIONS[stack]) expect(text).toContain(`Region ${region}`);
    expect(text.match(/InferenceLatencyP99High +critical p99 latency > 0\.8 s for 10m/g)).toHaveLength(2);
    expect(text.match(/GpuUtilisationHigh +warning +average GPU utilisation > 77 % for 30m/g)).toHaveLength(2);
    expect(text).toContain(stack === "prod" ? "consumer lag on inference-requests > 15000 messages" : "consumer lag on inference-requests > 150 messages");
    expect(text.match(/CloudWatch alarms: \d+ \(ElastiCache, MSK\) → KMS-encrypted topic/g)).toHaveLength(2);
  });
});

describe("images in China come from the region's mirror", () => {
  it("routes every image value of both releases through the mirror, keeping the upstream host in the path", () => {
    const m = regionMonitoring(stacks.prod!, "china");
    const stack = m.one("kubernetes:helm.sh/v3:Release", "china-monitoring-kps");
    const dcgm = m.one("kubernetes:helm.sh/v3:Release", "china-monitoring-dcgm");
    expect(String(stack.inputs.chart)).toBe("oci://111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/charts/kube-prometheus-stack");
    expect(String(dcgm.inputs.chart)).toBe("oci://111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/charts/dcgm-exporter");
    const images = imageValues(stack.inputs.values);
    expect(images.map((i) => i.path).sort()).toEqual([
      "alertmanager.alertmanagerSpec.image", "grafana.downloadDashboardsImage", "grafana.image", "grafana.initChownData.image",
      "grafana.sidecar.image", "kube-state-metrics.image", "prometheus-node-exporter.image", "prometheus.prometheusSpec.image",
      "prometheusOperator.admissionWebhooks.patch.image", "prometheusOperator.image", "prometheusOperator.prometheusConfigReloader.image",
      "prometheusOperator.thanosImage",
    ]);
    for (const i of images) {
      expect(i.registry, i.path).toBe(CHINA_MIRROR_HOST);
      expect(i.repository, i.path).toMatch(/^mirror\/(quay\.io|docker\.io|registry\.k8s\.io)\//);
    }
    expect(stack.inputs.values.global?.imageRegistry).toBeUndefined();
    expect(dcgm.inputs.values.image.repository).toBe(`${CHINA_MIRROR_HOST}/mirror/nvcr.io/nvidia/k8s/dcgm-exporter`);
  });

  it("leaves Frankfurt on the upstream registries and repositories", () => {
    const m = regionMonitoring(stacks.prod!, "frankfurt");
    const stack = m.one("kubernetes:helm.sh/v3:Release", "frankfurt-monitoring-kps");
    expect(stack.inputs.repositoryOpts).toEqual({ repo: "https://prometheus-community.github.io/helm-charts" });
    expect(imageValues(stack.inputs.values)).toEqual([]);
    expect(m.one("kubernetes:helm.sh/v3:Release", "frankfurt-monitoring-dcgm").inputs.values.image.repository).toBe("nvcr.io/nvidia/k8s/dcgm-exporter");
  });

  it("uses the aws-cn partition for every ARN of the China region", () => {
    const m = regionMonitoring(stacks.prod!, "china");
    const text = JSON.stringify(m.mine.map((x) => x.inputs));
    expect(text).not.toContain("arn:aws:");
    expect(text).toContain("arn:aws-cn:iam::123456789012:root");
  });
});
