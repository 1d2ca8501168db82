// Monitoring of both real stacks: what is installed, how Prometheus finds its targets, what waits for what, and with which identities and images.
import { describe, expect, it } from "vitest";
import type { RenderedStack } from "../../infra/plan/harness";
import { bothRealStacks } from "../support/render";
import { type Json, mskCluster, modelServerMonitors, regionMonitoring, REGIONS, RELEASE } from "./monitoring-shared";

const CHINA_MIRROR_HOST = "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn";

const stacks: Record<string, RenderedStack> = bothRealStacks();

/** Every URN `urn` depends on, directly or through its dependencies. */
function dependencyClosure(r: RenderedStack, urn: string): string[] {
  const byUrn = new Map(r.resources.map((x) => [x.urn, x]));
  const seen = new Set<string>();
  const visit = (u: string) => {
    for (const d of byUrn.get(u)?.options.dependencies ?? []) if (!seen.has(d)) { seen.add(d); visit(d); }
  };
  visit(urn);
  return [...seen];
}

const redisGroup = (r: RenderedStack, region: string) => r.resources.find((x) => x.type === "aws:elasticache/replicationGroup:ReplicationGroup" && x.name === `${region}-redis`)!;

/** Every `{registry, repository}` image value in Helm values, with its path. */
function imageValues(v: unknown, path = ""): Array<{ path: string; registry?: string; repository: string }> {
  if (v === null || typeof v !== "object") return [];
  const o = v as Json;
  const here = typeof o.repository === "string" ? [{ path, registry: o.registry as string | undefined, repository: o.repository as string }] : [];
  return [...here, ...Object.entries(o).flatMap(([k, x]) => imageValues(x, path ? `${path}.${k}` : k))];
}

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
    const addon = m.one("aws:eks/addon:Addon", `${region}-monitoring-ebs-csi`);
    expect(addon.inputs.addonName).toBe("aws-ebs-csi-driver");
    expect(release.options.dependencies).toContain(sc.urn);
    expect(release.options.dependencies).toContain(addon.urn);
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

  it.each(REGIONS[stack])("%s: Prometheus selects objects labelled release: <region>-monitoring-kps, and ours carry that label", (region) => {
    const m = regionMonitoring(get(), region);
    const release = RELEASE[region]!;
    const spec = m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`).inputs.values.prometheus.prometheusSpec;
    for (const flag of ["ruleSelectorNilUsesHelmValues", "serviceMonitorSelectorNilUsesHelmValues", "podMonitorSelectorNilUsesHelmValues"]) expect(spec[flag]).toBe(false);
    for (const ns of ["ruleNamespaceSelector", "serviceMonitorNamespaceSelector", "podMonitorNamespaceSelector"]) expect(spec[ns]).toEqual({});
    expect([spec.ruleSelector, spec.serviceMonitorSelector, spec.podMonitorSelector]).toEqual([
      { matchLabels: { release } }, { matchLabels: { release } }, { matchLabels: { release } },
    ]);

    expect(m.one("kubernetes:monitoring.coreos.com/v1:PrometheusRule", `${region}-monitoring-rules`).inputs.metadata.labels.release).toBe(release);
    expect(modelServerMonitors(get(), region).map((pm) => pm.inputs.metadata.labels.release)).toEqual([release, release]);
    expect(m.one("kubernetes:monitoring.coreos.com/v1:ServiceMonitor", `${region}-monitoring-redis-exporter`).inputs.metadata.labels.release).toBe(release);
    expect(m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-dcgm`).inputs.values.serviceMonitor.additionalLabels).toEqual({ release });
  });

  it.each(REGIONS[stack])("%s: a pinned, restricted redis_exporter reads the published Redis connection over TLS, scraped through a ServiceMonitor", (region) => {
    const m = regionMonitoring(get(), region);
    const deployment = m.one("kubernetes:apps/v1:Deployment", `${region}-monitoring-redis-exporter`);
    expect(deployment.inputs.metadata).toMatchObject({ name: "redis-exporter", namespace: "inference" });
    const pod = deployment.inputs.spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 59000, runAsGroup: 59000, seccompProfile: { type: "RuntimeDefault" } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers).toHaveLength(1);
    const c = pod.containers[0];
    expect(c.image).toBe(region === "china"
      ? "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror/docker.io/oliver006/redis_exporter:v1.88.0"
      : "docker.io/oliver006/redis_exporter:v1.88.0");
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    expect(c.resources).toEqual({ requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } });
    expect(c.env).toEqual([
      { name: "REDIS_PRIMARY_HOST", valueFrom: { configMapKeyRef: { name: "redis-connection", key: "REDIS_PRIMARY_HOST" } } },
      { name: "REDIS_PORT", valueFrom: { configMapKeyRef: { name: "redis-connection", key: "REDIS_PORT" } } },
      { name: "REDIS_ADDR", value: "rediss://$(REDIS_PRIMARY_HOST):$(REDIS_PORT)" },
      { name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: "redis-auth", key: "REDIS_AUTH_TOKEN" } } },
      { name: "REDIS_EXPORTER_CONFIG_COMMAND", value: "-" },
      { name: "REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT", value: "true" },
    ]);
    // The connection it reads is the one ManagedRedis publishes, in the same namespace, with TLS required.
    const published = get().resources.find((x) => x.type === "kubernetes:core/v1:ConfigMap" && x.name === `${region}-redis-connection`)!.inputs as Json;
    expect([published.metadata.name, published.metadata.namespace, published.data.REDIS_TLS]).toEqual(["redis-connection", "inference", "true"]);
    expect(Object.keys(published.data)).toEqual(expect.arrayContaining(["REDIS_PRIMARY_HOST", "REDIS_PORT"]));
    const token = get().resources.find((x) => x.type === "kubernetes:core/v1:Secret" && x.name === `${region}-redis-auth`)!.inputs as Json;
    expect([token.metadata.name, token.metadata.namespace]).toEqual(["redis-auth", "inference"]);
    // Created after the cache exists, not timing out on a pod waiting for it.
    const group = get().resources.find((x) => x.type === "aws:elasticache/replicationGroup:ReplicationGroup" && x.name === `${region}-redis`);
    expect(deployment.options.dependencies).toContain(group!.urn);

    const service = m.one("kubernetes:core/v1:Service", `${region}-monitoring-redis-exporter`);
    expect(service.inputs.spec).toEqual({
      type: "ClusterIP",
      selector: { "app.kubernetes.io/name": "redis-exporter", "app.kubernetes.io/part-of": "inference-platform" },
      ports: [{ name: "metrics", port: 9121, targetPort: "metrics" }],
    });
    const monitor = m.one("kubernetes:monitoring.coreos.com/v1:ServiceMonitor", `${region}-monitoring-redis-exporter`);
    expect(monitor.inputs.metadata.namespace).toBe("inference");
    expect(monitor.inputs.spec).toEqual({
      selector: { matchLabels: { "app.kubernetes.io/name": "redis-exporter", "app.kubernetes.io/part-of": "inference-platform" } },
      endpoints: [{ port: "metrics", path: "/metrics", interval: "30s" }],
    });
    for (const labels of [service.inputs.metadata.labels, deployment.inputs.spec.template.metadata.labels]) {
      expect(labels).toEqual({ "app.kubernetes.io/name": "redis-exporter", "app.kubernetes.io/part-of": "inference-platform" });
    }
    expect(c.readinessProbe.httpGet).toEqual({ path: "/health", port: "metrics" });
    // The ServiceMonitor CRD comes with the kube-prometheus-stack release.
    expect(monitor.options.dependencies).toContain(m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`).urn);
  });

  it.each(REGIONS[stack])("%s: the EBS CSI add-on waits for the system node group", (region) => {
    const nodes = get().resources.find((x) => x.type === "aws:eks/nodeGroup:NodeGroup" && x.name === `${region}-eks-system`);
    expect(nodes, `${region}-eks-system`).toBeDefined();
    const m = regionMonitoring(get(), region);
    expect(m.one("aws:eks/addon:Addon", `${region}-monitoring-ebs-csi`).options.dependencies).toContain(nodes!.urn);
    expect(m.one("kubernetes:helm.sh/v3:Release", `${region}-monitoring-kps`).options.dependencies).toContain(nodes!.urn);
    // Only the add-on and the releases: storage classes, alarms and roles need no nodes.
    expect(m.one("kubernetes:storage.k8s.io/v1:StorageClass", `${region}-monitoring-gp3`).options.dependencies).not.toContain(nodes!.urn);
    expect(m.one("aws:iam/role:Role", `${region}-monitoring-ebs-csi`).options.dependencies).not.toContain(nodes!.urn);
  });

  it.each(REGIONS[stack])("%s: kube-prometheus-stack and everything after it wait for neither MSK nor ElastiCache", (region) => {
    const m = regionMonitoring(get(), region);
    const managed = [mskCluster(get(), region).urn, redisGroup(get(), region).urn];
    for (const name of ["kps", "dcgm", "rules"]) {
      const x = m.mine.find((r) => r.name === `${region}-monitoring-${name}`)!;
      expect(dependencyClosure(get(), x.urn).filter((u) => managed.includes(u)), x.name).toEqual([]);
    }
    // Both ways: the scrape Secret does wait for MSK, and the CloudWatch alarms (fast) keep their ids.
    expect(dependencyClosure(get(), m.one("kubernetes:core/v1:Secret", `${region}-monitoring-msk-scrape`).urn)).toContain(managed[0]);
    expect(m.one("aws:cloudwatch/metricAlarm:MetricAlarm", `${region}-monitoring-kafka-offline-partitions`).options.dependencies).toContain(managed[0]);
  });

  it.each(REGIONS[stack])("%s: namespaces, Secrets and ConfigMaps wait for no node group; the add-on and the releases do", (region) => {
    const m = regionMonitoring(get(), region);
    const nodeGroups = new Set(get().resources.filter((x) => x.type === "aws:eks/nodeGroup:NodeGroup").map((x) => x.urn));
    const objects = m.mine.filter((x) => ["kubernetes:core/v1:Namespace", "kubernetes:core/v1:Secret", "kubernetes:core/v1:ConfigMap"].includes(x.type));
    expect(objects.map((x) => x.type)).toEqual(expect.arrayContaining(["kubernetes:core/v1:Namespace", "kubernetes:core/v1:Secret", "kubernetes:core/v1:ConfigMap"]));
    for (const x of objects) expect(dependencyClosure(get(), x.urn).filter((u) => nodeGroups.has(u)), x.name).toEqual([]);
    for (const name of ["ebs-csi", "kps"]) {
      const x = m.mine.find((r) => r.name === `${region}-monitoring-${name}` && (r.type === "aws:eks/addon:Addon" || r.type === "kubernetes:helm.sh/v3:Release"))!;
      expect(x.options.dependencies.some((u) => nodeGroups.has(u)), x.name).toBe(true);
    }
  });
});

describe("service accounts that call AWS get roles the region supports", () => {
  const ACCOUNTS = [
    { role: "alertmanager", subject: "system:serviceaccount:monitoring:alertmanager" },
    { role: "ebs-csi", subject: "system:serviceaccount:kube-system:ebs-csi-controller-sa" },
  ];

  it("China (no EKS Pod Identity): IRSA trust on the cluster's OIDC provider, for exactly one service account each", () => {
    const m = regionMonitoring(stacks.prod!, "china");
    const issuer = "oidc.eks.cn-north-1.amazonaws.com.cn/id/china-eks";
    for (const { role, subject } of ACCOUNTS) {
      const trust = JSON.parse(m.one("aws:iam/role:Role", `china-monitoring-${role}`).inputs.assumeRolePolicy);
      expect(trust.Statement).toEqual([{
        Effect: "Allow",
        Principal: { Federated: "arn:aws-cn:iam::123456789012:openidconnectprovider/china-eks-oidc" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${issuer}:sub`]: subject, [`${issuer}:aud`]: "sts.amazonaws.com" } },
      }]);
    }
    expect(m.ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation")).toEqual([]);
    const release = m.one("kubernetes:helm.sh/v3:Release", "china-monitoring-kps");
    expect(release.inputs.values.alertmanager.serviceAccount.annotations).toEqual({ "eks.amazonaws.com/role-arn": "arn:aws-cn:iam::123456789012:role/china-monitoring-alertmanager" });
    expect(release.options.dependencies).toContain(m.one("aws:iam/role:Role", "china-monitoring-alertmanager").urn);
    const addon = m.one("aws:eks/addon:Addon", "china-monitoring-ebs-csi");
    expect(addon.inputs.serviceAccountRoleArn).toBe("arn:aws-cn:iam::123456789012:role/china-monitoring-ebs-csi");
    expect(addon.inputs.podIdentityAssociations).toBeUndefined();
  });

  it("Frankfurt: EKS Pod Identity, one association per service account and no annotations", () => {
    const m = regionMonitoring(stacks.prod!, "frankfurt");
    for (const { role, subject } of ACCOUNTS) {
      const trust = JSON.parse(m.one("aws:iam/role:Role", `frankfurt-monitoring-${role}`).inputs.assumeRolePolicy);
      expect(trust.Statement).toEqual([{ Effect: "Allow", Principal: { Service: ["pods.eks.amazonaws.com"] }, Action: ["sts:AssumeRole", "sts:TagSession"] }]);
      const [, , namespace, serviceAccount] = subject.split(":");
      expect(m.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", `frankfurt-monitoring-${role}-identity`).inputs).toMatchObject({
        clusterName: "prod-frankfurt-eks", namespace, serviceAccount, roleArn: `arn:aws:iam::123456789012:role/frankfurt-monitoring-${role}`,
      });
    }
    const release = m.one("kubernetes:helm.sh/v3:Release", "frankfurt-monitoring-kps");
    expect(release.inputs.values.alertmanager.serviceAccount.annotations).toEqual({});
    expect(release.options.dependencies).toContain(m.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "frankfurt-monitoring-alertmanager-identity").urn);
    const addon = m.one("aws:eks/addon:Addon", "frankfurt-monitoring-ebs-csi");
    expect(addon.inputs.serviceAccountRoleArn).toBeUndefined();
    expect(addon.options.dependencies).toContain(m.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "frankfurt-monitoring-ebs-csi-identity").urn);
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
      expect(i.repository, i.path).toMatch(/^mirror\/(quay\.io|docker\.io|registry\.k8s\.io|ghcr\.io)\//);
    }
    // Each image keeps the chart's repository (its tag stays the chart's own), as in kube-prometheus-stack 82.10.1.
    expect(Object.fromEntries(images.map((i) => [i.path, i.repository]))).toEqual({
      "prometheusOperator.image": "mirror/quay.io/prometheus-operator/prometheus-operator",
      "prometheusOperator.prometheusConfigReloader.image": "mirror/quay.io/prometheus-operator/prometheus-config-reloader",
      "prometheusOperator.admissionWebhooks.patch.image": "mirror/ghcr.io/jkroepke/kube-webhook-certgen",
      "prometheusOperator.thanosImage": "mirror/quay.io/thanos/thanos",
      "prometheus.prometheusSpec.image": "mirror/quay.io/prometheus/prometheus",
      "alertmanager.alertmanagerSpec.image": "mirror/quay.io/prometheus/alertmanager",
      "grafana.image": "mirror/docker.io/grafana/grafana",
      "grafana.sidecar.image": "mirror/quay.io/kiwigrid/k8s-sidecar",
      "grafana.initChownData.image": "mirror/docker.io/library/busybox",
      "grafana.downloadDashboardsImage": "mirror/docker.io/curlimages/curl",
      "kube-state-metrics.image": "mirror/registry.k8s.io/kube-state-metrics/kube-state-metrics",
      "prometheus-node-exporter.image": "mirror/quay.io/prometheus/node-exporter",
    });
    const certgen = stack.inputs.values.prometheusOperator.admissionWebhooks.patch.image;
    expect(certgen).toEqual({ registry: CHINA_MIRROR_HOST, repository: "mirror/ghcr.io/jkroepke/kube-webhook-certgen" });
    expect(JSON.stringify(stack.inputs.values)).not.toContain("ingress-nginx");
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
