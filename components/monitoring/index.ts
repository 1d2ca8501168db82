import * as pulumi from "@pulumi/pulumi";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { ConfigMap } from "@pulumi/kubernetes/core/v1/configMap";
import { Namespace } from "@pulumi/kubernetes/core/v1/namespace";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { propertyPath } from "../lib/contract";
import { pinnedRelease, type ChartRegistryAuth } from "../lib/helm";
import { partitionOf } from "../lib/partition";
import { settingsOrRefuse, type InputProblem } from "../lib/problems";
import type { Tags } from "../lib/tags";
import type { WorkloadIdentity } from "../lib/workload-identity";
import { alarmTopic, managedServiceAlarmSpecs, metricAlarms, type ManagedServices } from "./alarms";
import { alertmanagerConfig, WEBHOOK_URL_KEY } from "./alertmanager";
import { monitoringSettingsSchema, thresholdProblems, type MonitoringSettings } from "./contract";
import { renderDashboards, type PlannedGpuNodes } from "./dashboards";
import { metricReaders, metricSourceTable, unsourcedMetrics } from "./metric-sources";
import { mskScrapeSecret } from "./msk-scrape";
import { alarmTopicPublisher } from "./publisher";
import { DEFAULT_REDIS_CONNECTION, redisExporter, type RedisConnectionNames } from "./redis-exporter";
import type { FrontDoorTimeouts } from "./front-door-rules";
import { alertRules, prometheusRuleGroups, recordingRules, type AlertRule } from "./rules";
import { labelsMatchSelector } from "./selectors";
import { encryptedStorage, ENCRYPTED_GP3_CLASS } from "./storage";
import { resolveThresholds, type RegionLoad } from "./thresholds";
import { DCGM_EXPORTER_CHART, dcgmExporterValues, KUBE_PROMETHEUS_STACK_CHART, kubePrometheusStackValues, RELEASE_LABEL, releaseSelector, PROMETHEUS_SERVICE } from "./values";

export { monitoringSettingsSchema, thresholdProblems, type MonitoringSettings } from "./contract";
export { resolveThresholds, type RegionLoad } from "./thresholds";

/** Inputs of {@link Monitoring}: its settings (contract.ts, defaults there) and what connects it to the region. */
export interface MonitoringArgs extends MonitoringSettings {
  /** AWS region of the provider; shapes ARNs, principals and the SNS SigV4 region. */
  region: string;
  /** EKS cluster (EBS CSI add-on). */
  clusterName: pulumi.Input<string>;
  /**
   * How the cluster binds IAM roles to service accounts (`EksCluster.workloadIdentity`):
   * Pod Identity, or IRSA where Pod Identity does not exist (China). Used for
   * Alertmanager's publisher role and the EBS CSI controller's role.
   */
  identity: WorkloadIdentity;
  /**
   * What the EBS CSI add-on and the workloads (releases, exporter) wait for:
   * the node group their pods run on (an add-on created before any node hangs
   * in CREATING). Namespaces, Secrets and ConfigMaps do not wait for it.
   * A component's own `dependsOn` does not reach its children.
   * @default none
   */
  installAfter?: pulumi.Resource[];
  /** Namespace of the model servers, of the Redis connection the redis_exporter reads, and of the front door's HTTPRoutes. */
  appNamespace: pulumi.Input<string>;
  /** Registry mirroring upstream images (required in China). @default none (upstream registries) */
  imageMirror?: string;
  /** Helm chart mirror (oci:// or https). @default none (upstream repositories) */
  chartMirror?: string;
  /** Credentials for `chartMirror` (an ECR token when the mirror is ECR). @default none (anonymous pulls) */
  chartRegistryAuth?: ChartRegistryAuth;
  /** The region's load, which the thresholds not set in `thresholds` derive from. @default the seed's example (500 QPS, 30 % headroom) */
  load?: RegionLoad;
  /** GPU node counts of the capacity plan, for the capacity dashboard. @default { minNodes: 0, desiredNodes: 0, maxNodes: 0 } */
  plannedGpuNodes?: PlannedGpuNodes;
  /**
   * ElastiCache and MSK to alarm on. With `redis`, a redis_exporter in
   * `appNamespace` feeds the Redis alerts. @default {} (no alarms, no exporter, no Redis alerts)
   */
  managedServices?: ManagedServices;
  /** ConfigMap and Secret in `appNamespace` where ManagedRedis published `managedServices.redis`. @default DEFAULT_REDIS_CONNECTION ("redis-connection", "redis-auth") */
  redisConnection?: Partial<RedisConnectionNames>;
  /** MSK bootstrap brokers (`host:port,…`); their open-monitoring exporters are scraped. @default none (no MSK scrape, no consumer-lag alert) */
  kafkaBootstrapBrokers?: pulumi.Input<string>;
  /**
   * The region's front door, whose Envoy proxies its own PodMonitor has
   * scraped: with it, each serving route's live p90 and suggested timeout
   * (p90 × 1.6) are recorded from its HTTPRoutes in `appNamespace`, and an
   * alert fires when a route's configured `timeouts` stay below the suggestion.
   * @default none (no front-door recordings or alert)
   */
  frontDoor?: { timeouts: FrontDoorTimeouts };
  /** Protect the alarm key and retain volumes (prod). @default false */
  protectStateful?: boolean;
  /** Tags on every AWS resource. */
  tags: Tags;
}

/** The value of a Pulumi config key given in full (`namespace:key`), as a secret; undefined when unset. */
function secretConfig(fullKey: string): pulumi.Output<string> | undefined {
  const at = fullKey.indexOf(":");
  return new pulumi.Config(fullKey.slice(0, at)).getSecret(fullKey.slice(at + 1));
}

/** Problems of the wiring: managed-service counts and the webhook's config key. */
function wiringProblems(args: MonitoringArgs, webhookKey: string | undefined): InputProblem[] {
  const problems: InputProblem[] = [];
  const count = (property: string, n: number | undefined) => {
    if (n !== undefined && (!Number.isInteger(n) || n < 1)) problems.push({ property, reason: "a whole number ≥ 1" });
  };
  count("managedServices.redis.nodeCount", args.managedServices?.redis?.nodeCount);
  count("managedServices.kafka.brokerCount", args.managedServices?.kafka?.brokerCount);
  for (const [key, value] of Object.entries(args.frontDoor?.timeouts ?? {})) {
    if (!(Number.isFinite(value) && value > 0)) problems.push({ property: `frontDoor.timeouts.${key}`, reason: "a timeout > 0" });
  }
  if (webhookKey !== undefined && secretConfig(webhookKey) === undefined) {
    problems.push({ property: "alerting.webhookUrlSecret", reason: `config key ${webhookKey} is not set: pulumi config set --secret ${webhookKey} https://…` });
  }
  return problems;
}

/** Service account Alertmanager runs as; its role may publish to the alarm topic. */
const ALERTMANAGER_SERVICE_ACCOUNT = "alertmanager";

/**
 * Monitoring of one region: kube-prometheus-stack (Prometheus on encrypted
 * volumes, Alertmanager, Grafana with dashboards from ConfigMaps), the DCGM
 * exporter on GPU nodes, the platform's alert rules, the MSK open-monitoring
 * scrape, and CloudWatch alarms for ElastiCache and MSK on one KMS-encrypted
 * SNS topic. Needs the caller's Kubernetes provider in `opts.providers`.
 */
export class Monitoring extends pulumi.ComponentResource {
  /** Namespace of the stack. */
  readonly namespace: string;
  /** Helm release name of kube-prometheus-stack (the `release` label Prometheus selects by). */
  readonly releaseName: string;
  /** ARN of the region's alarm topic. */
  readonly alarmTopicArn: pulumi.Output<string>;
  /** Grafana's admin password (secret). */
  readonly grafanaAdminPassword: pulumi.Output<string>;
  /** The alert rules deployed, with their thresholds. */
  readonly alerts: AlertRule[];
  /** CloudWatch alarms created. */
  readonly alarmCount: number;
  /** In-cluster URL of Prometheus (its Service, named by the chart's fullnameOverride), for readers such as KEDA. */
  readonly prometheusUrl: string;
  /** The kube-prometheus-stack release: what brings the Prometheus operator's CRDs (PodMonitor, PrometheusRule). */
  readonly operatorRelease: pulumi.Resource;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:monitoring:Monitoring", name, {}, opts);
    const settings = settingsOrRefuse("Monitoring", name, monitoringSettingsSchema, args, (set) => [
      ...thresholdProblems(resolveThresholds(set.thresholds, args.load)).map((p) => ({ property: propertyPath(p.path), reason: p.message })),
      ...wiringProblems(args, set.alerting.webhookUrlSecret),
    ]);
    const thresholds = resolveThresholds(settings.thresholds, args.load);
    const { metrics, requestTopic, runbookBaseUrl } = settings;
    const webhookUrl = settings.alerting.webhookUrlSecret === undefined ? undefined : secretConfig(settings.alerting.webhookUrlSecret);

    // Data-plane and front-door rules come with the exporters and proxies they read; every metric read must have a source.
    const redis = args.managedServices?.redis;
    const frontDoor = args.frontDoor;
    const mskScraped = args.kafkaBootstrapBrokers !== undefined;
    this.alerts = alertRules({
      thresholds, metrics, kafkaRequestTopic: mskScraped ? requestTopic : undefined, redisExporter: redis !== undefined, frontDoorTimeouts: frontDoor?.timeouts,
    });
    // The routes' namespace only fills a label value in: any stands in for it in the checks.
    const recordingsIn = (namespace: string) => recordingRules({ metrics, frontDoorNamespace: frontDoor === undefined ? undefined : namespace });
    const recordings = recordingsIn("app-namespace");
    const sources = {
      modelServer: metrics, mskOpenMonitoring: mskScraped, redisExporter: redis !== undefined, envoyProxies: frontDoor !== undefined, recordings,
    };
    const dashboards = renderDashboards({ metrics, thresholds, plan: args.plannedGpuNodes ?? { minNodes: 0, desiredNodes: 0, maxNodes: 0 } });
    const unsourced = unsourcedMetrics(metricReaders(this.alerts, dashboards, recordings), metricSourceTable(sources));
    if (unsourced.length > 0) {
      throw new Error(`Monitoring "${name}": nothing deployed produces ${unsourced.map((u) => `${u.metric} (read by ${u.reader})`).join(", ")}`);
    }

    const parent = { parent: this };
    const installAfter = args.installAfter ?? [];
    this.namespace = settings.namespace;
    this.releaseName = `${name}-kps`;
    this.prometheusUrl = `http://${PROMETHEUS_SERVICE}.${this.namespace}.svc:9090`;
    const account = getCallerIdentityOutput({}, parent).accountId;

    // node-exporter (host network, host PID) and the DCGM exporter (SYS_ADMIN) need a privileged namespace.
    const namespace = new Namespace(`${name}-ns`, {
      metadata: { name: this.namespace, labels: { "pod-security.kubernetes.io/enforce": "privileged", "pod-security.kubernetes.io/warn": "baseline" } },
    }, parent);
    const storage = encryptedStorage(name, {
      region: args.region, clusterName: args.clusterName, identity: args.identity, installDriver: settings.installEbsCsiDriver,
      installAfter, retainVolumes: args.protectStateful ?? false, tags: args.tags,
    }, this);

    const { key, topic } = alarmTopic(name, {
      region: args.region, accountId: account, notifyEmails: settings.alerting.notifyEmails, protect: args.protectStateful ?? false, tags: args.tags,
    }, this);
    this.alarmTopicArn = topic.arn;

    const releaseDeps: pulumi.Resource[] = [namespace, ...storage.ready, ...installAfter];
    let alertmanagerAnnotations: Record<string, pulumi.Input<string>> = {};
    if (settings.alerting.sns) {
      const publisher = alarmTopicPublisher(`${name}-alertmanager`, {
        identity: args.identity, partition: partitionOf(args.region), namespace: this.namespace, serviceAccount: ALERTMANAGER_SERVICE_ACCOUNT,
        topicArn: topic.arn, keyArn: key.arn, tags: args.tags,
      }, this);
      alertmanagerAnnotations = publisher.serviceAccountAnnotations;
      releaseDeps.push(publisher.binding);
    }

    const password = new RandomPassword(`${name}-grafana-admin`, { length: 32, special: false }, parent);
    this.grafanaAdminPassword = pulumi.secret(password.result);
    const grafanaSecret = new Secret(`${name}-grafana-admin`, {
      metadata: { name: "grafana-admin", namespace: this.namespace },
      type: "Opaque",
      stringData: { "admin-user": "admin", "admin-password": this.grafanaAdminPassword },
    }, { parent: this, dependsOn: [namespace] });
    releaseDeps.push(grafanaSecret);

    const alertmanagerSecrets: string[] = [];
    if (webhookUrl !== undefined) {
      releaseDeps.push(new Secret(`${name}-alert-webhook`, {
        metadata: { name: "alert-webhook", namespace: this.namespace },
        type: "Opaque",
        stringData: { [WEBHOOK_URL_KEY]: webhookUrl },
      }, { parent: this, dependsOn: [namespace] }));
      alertmanagerSecrets.push("alert-webhook");
    }

    // Only this Secret waits for MSK; the release names it and takes no dependency on it.
    const scrapeConfigsSecret = args.kafkaBootstrapBrokers === undefined ? undefined : mskScrapeSecret(name, {
      namespace: this.namespace, bootstrapBrokers: args.kafkaBootstrapBrokers, kafka: args.managedServices?.kafka,
    }, { parent: this, dependsOn: [namespace] });

    const stack = this.operatorRelease = pinnedRelease(this.releaseName, {
      source: KUBE_PROMETHEUS_STACK_CHART,
      chartMirror: args.chartMirror,
      registryAuth: args.chartRegistryAuth,
      namespace: this.namespace,
      timeoutSeconds: 900,
      values: kubePrometheusStackValues({
        releaseName: this.releaseName,
        region: args.region,
        imageMirror: args.imageMirror,
        storageClassName: ENCRYPTED_GP3_CLASS,
        retention: settings.retention,
        storageGiB: settings.storageGiB,
        prometheusReplicas: settings.prometheusReplicas,
        alertmanagerReplicas: settings.alertmanagerReplicas,
        alertmanagerConfig: alertmanagerConfig({
          sns: settings.alerting.sns ? { topicArn: topic.arn, region: args.region } : undefined,
          webhookSecretName: alertmanagerSecrets[0],
        }),
        alertmanagerSecrets,
        alertmanagerServiceAccount: ALERTMANAGER_SERVICE_ACCOUNT,
        alertmanagerServiceAccountAnnotations: alertmanagerAnnotations,
        grafanaAdminSecret: grafanaSecret.metadata.name,
        scrapeConfigsSecret,
      }),
    }, { parent: this, dependsOn: releaseDeps });

    // Objects the operator reads need its CRDs, which come with the release.
    const afterStack = { parent: this, dependsOn: [stack] };
    pinnedRelease(`${name}-dcgm`, {
      source: DCGM_EXPORTER_CHART,
      chartMirror: args.chartMirror,
      registryAuth: args.chartRegistryAuth,
      namespace: this.namespace,
      values: dcgmExporterValues({ prometheusRelease: this.releaseName, imageMirror: args.imageMirror }),
    }, afterStack);

    const ourLabels = { [RELEASE_LABEL]: this.releaseName, "app.kubernetes.io/part-of": "inference-platform" };
    // Objects Prometheus does not select are silently ignored: fail here if labels and selectors ever drift apart.
    if (!labelsMatchSelector(ourLabels, releaseSelector(this.releaseName))) throw new Error(`Monitoring "${name}": our labels do not match Prometheus's selectors`);
    new CustomResource(`${name}-rules`, {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: { name: "inference-platform", namespace: this.namespace, labels: ourLabels },
      spec: pulumi.output(args.appNamespace).apply((namespace) => ({ groups: prometheusRuleGroups(this.alerts, runbookBaseUrl, recordingsIn(namespace)) })),
    }, afterStack);
    // Model servers bring their own PodMonitors (components/model-server), labelled for this Prometheus.

    if (redis) {
      redisExporter(name, {
        namespace: args.appNamespace, connection: { ...DEFAULT_REDIS_CONNECTION, ...args.redisConnection }, imageMirror: args.imageMirror,
        monitorLabels: ourLabels, replicationGroupId: redis.replicationGroupId,
      }, { parent: this, nodesReady: installAfter, monitoringCrds: stack });
    }

    for (const [stem, json] of Object.entries(dashboards)) {
      new ConfigMap(`${name}-dashboard-${stem}`, {
        metadata: { name: `dashboard-${stem}`, namespace: this.namespace, labels: { grafana_dashboard: "1" } },
        data: { [`${stem}.json`]: json },
      }, { parent: this, dependsOn: [namespace] });
    }

    const alarms = metricAlarms(name, managedServiceAlarmSpecs(args.managedServices ?? {}, thresholds), topic.arn, runbookBaseUrl, args.tags, this);
    this.alarmCount = alarms.length;

    this.registerOutputs({
      namespace: this.namespace,
      releaseName: this.releaseName,
      alarmTopicArn: this.alarmTopicArn,
      grafanaAdminPassword: this.grafanaAdminPassword,
      alarmCount: this.alarmCount,
    });
  }
}
