import * as pulumi from "@pulumi/pulumi";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { PodIdentityAssociation } from "@pulumi/aws/eks/podIdentityAssociation";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { ConfigMap } from "@pulumi/kubernetes/core/v1/configMap";
import { Namespace } from "@pulumi/kubernetes/core/v1/namespace";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { pinnedRelease } from "../lib/helm";
import { refuseInputs } from "../lib/problems";
import type { Tags } from "../lib/tags";
import { alarmTopic, managedServiceAlarmSpecs, metricAlarms, type ManagedServices } from "./alarms";
import { alertmanagerConfig, WEBHOOK_URL_KEY } from "./alertmanager";
import { renderDashboards, type PlannedGpuNodes } from "./dashboards";
import { brokerHostsFrom, mskScrapeConfigs } from "./msk-scrape";
import { alertRules, DEFAULT_THRESHOLDS, prometheusRuleGroups, VLLM_METRICS, type AlertMetricNames, type AlertRule, type AlertThresholds } from "./rules";
import { labelsMatchSelector } from "./selectors";
import { encryptedStorage, ENCRYPTED_GP3_CLASS, podIdentityRole } from "./storage";
import { monitoringProblems } from "./validate";
import { DCGM_EXPORTER_CHART, dcgmExporterValues, KUBE_PROMETHEUS_STACK_CHART, kubePrometheusStackValues, RELEASE_LABEL, releaseSelector } from "./values";

/** Inputs of {@link Monitoring}. */
export interface MonitoringArgs {
  /** AWS region of the provider; shapes ARNs, principals and the SNS SigV4 region. */
  region: string;
  /** EKS cluster (Pod Identity associations, EBS CSI add-on). */
  clusterName: pulumi.Input<string>;
  /** Namespace of the model servers, where their PodMonitor goes. */
  appNamespace: pulumi.Input<string>;
  /** Namespace of Prometheus, Alertmanager, Grafana and the DCGM exporter. @default "monitoring" */
  namespace?: string;
  /** Registry mirroring upstream images (required in China). @default none (upstream registries) */
  imageMirror?: string;
  /** Helm chart mirror (oci:// or https). @default none (upstream repositories) */
  chartMirror?: string;
  /** How long Prometheus keeps samples (Prometheus duration). @default "15d" */
  retention?: string;
  /** Prometheus volume per replica, GiB. @default 50 */
  storageGiB?: number;
  /** Prometheus replicas (each scrapes everything). @default 1 */
  prometheusReplicas?: number;
  /** Alertmanager replicas (they gossip to deduplicate). @default 1 */
  alertmanagerReplicas?: number;
  /** Route alerts to the region's alarm topic too. @default true */
  snsReceiver?: boolean;
  /** Webhook alerts are posted to (a secret: it lands only in a Kubernetes Secret). @default none */
  webhookUrl?: pulumi.Input<string>;
  /** Email addresses subscribed to the alarm topic. @default [] */
  notifyEmails?: string[];
  /** Alert thresholds; unset fields keep the seed-derived defaults. @default DEFAULT_THRESHOLDS */
  thresholds?: Partial<AlertThresholds>;
  /** Metric names of the model server and exporters; unset fields keep vLLM's. @default VLLM_METRICS */
  metrics?: Partial<AlertMetricNames>;
  /** Kafka topic of inference requests (consumer-lag alert). @default "inference-requests" */
  requestTopic?: string;
  /** Runbook document the alerts link to (anchor per alert). @default "docs/runbooks.md" */
  runbookBaseUrl?: string;
  /** GPU node counts of the capacity plan, for the capacity dashboard. @default { minNodes: 0, desiredNodes: 0, maxNodes: 0 } */
  plannedGpuNodes?: PlannedGpuNodes;
  /** ElastiCache and MSK to alarm on. @default {} (no alarms) */
  managedServices?: ManagedServices;
  /** MSK bootstrap brokers (`host:port,…`); their open-monitoring exporters are scraped. @default none (no MSK scrape) */
  kafkaBootstrapBrokers?: pulumi.Input<string>;
  /** Install the aws-ebs-csi-driver add-on the Prometheus volumes need. @default true */
  installEbsCsiDriver?: boolean;
  /** Protect the alarm key and retain volumes (prod). @default false */
  protectStateful?: boolean;
  /** Tags on every AWS resource. */
  tags: Tags;
}

/** Service account Alertmanager runs as; its Pod Identity role may publish to the alarm topic. */
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

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:monitoring:Monitoring", name, {}, opts);
    const thresholds: AlertThresholds = { ...DEFAULT_THRESHOLDS, ...args.thresholds };
    const metrics: AlertMetricNames = { ...VLLM_METRICS, ...args.metrics };
    const requestTopic = args.requestTopic ?? "inference-requests";
    const snsReceiver = args.snsReceiver ?? true;
    const settings = {
      retention: args.retention ?? "15d",
      storageGiB: args.storageGiB ?? 50,
      prometheusReplicas: args.prometheusReplicas ?? 1,
      alertmanagerReplicas: args.alertmanagerReplicas ?? 1,
    };
    refuseInputs("Monitoring", name, monitoringProblems({
      ...settings, snsReceiver, hasWebhook: args.webhookUrl !== undefined, thresholds, metrics, requestTopic,
      redisNodeCount: args.managedServices?.redis?.nodeCount, kafkaBrokerCount: args.managedServices?.kafka?.brokerCount,
    }));

    const parent = { parent: this };
    const runbookBaseUrl = args.runbookBaseUrl ?? "docs/runbooks.md";
    this.namespace = args.namespace ?? "monitoring";
    this.releaseName = `${name}-kps`;
    const account = getCallerIdentityOutput({}, parent).accountId;

    // node-exporter (host network, host PID) and the DCGM exporter (SYS_ADMIN) need a privileged namespace.
    const namespace = new Namespace(`${name}-ns`, {
      metadata: { name: this.namespace, labels: { "pod-security.kubernetes.io/enforce": "privileged", "pod-security.kubernetes.io/warn": "baseline" } },
    }, parent);
    const storage = encryptedStorage(name, {
      region: args.region, clusterName: args.clusterName, installDriver: args.installEbsCsiDriver ?? true,
      retainVolumes: args.protectStateful ?? false, tags: args.tags,
    }, this);

    const { key, topic } = alarmTopic(name, {
      region: args.region, accountId: account, notifyEmails: args.notifyEmails ?? [], protect: args.protectStateful ?? false, tags: args.tags,
    }, this);
    this.alarmTopicArn = topic.arn;

    const releaseDeps: pulumi.Resource[] = [namespace, ...storage.ready];
    if (snsReceiver) {
      const role = podIdentityRole(`${name}-alertmanager`, args.region, args.tags, this);
      new RolePolicy(`${name}-alertmanager`, {
        role: role.name,
        policy: pulumi.all([topic.arn, key.arn]).apply(([topicArn, keyArn]) => JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: "sns:Publish", Resource: topicArn },
            { Effect: "Allow", Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: keyArn },
          ],
        })),
      }, parent);
      releaseDeps.push(new PodIdentityAssociation(`${name}-alertmanager`, {
        clusterName: args.clusterName, namespace: this.namespace, serviceAccount: ALERTMANAGER_SERVICE_ACCOUNT, roleArn: role.arn, tags: args.tags,
      }, parent));
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
    if (args.webhookUrl !== undefined) {
      releaseDeps.push(new Secret(`${name}-alert-webhook`, {
        metadata: { name: "alert-webhook", namespace: this.namespace },
        type: "Opaque",
        stringData: { [WEBHOOK_URL_KEY]: pulumi.secret(args.webhookUrl) },
      }, { parent: this, dependsOn: [namespace] }));
      alertmanagerSecrets.push("alert-webhook");
    }

    const kafka = args.managedServices?.kafka;
    const scrapeConfigs = args.kafkaBootstrapBrokers === undefined
      ? []
      : pulumi.all([args.kafkaBootstrapBrokers, kafka?.clusterName ?? "msk"]).apply(([bootstrap, cluster]) =>
        mskScrapeConfigs(brokerHostsFrom(bootstrap, kafka?.brokerCount), cluster));

    const stack = pinnedRelease(this.releaseName, {
      source: KUBE_PROMETHEUS_STACK_CHART,
      chartMirror: args.chartMirror,
      namespace: this.namespace,
      timeoutSeconds: 900,
      values: kubePrometheusStackValues({
        releaseName: this.releaseName,
        region: args.region,
        imageMirror: args.imageMirror,
        storageClassName: ENCRYPTED_GP3_CLASS,
        ...settings,
        alertmanagerConfig: alertmanagerConfig({
          sns: snsReceiver ? { topicArn: topic.arn, region: args.region } : undefined,
          webhookSecretName: alertmanagerSecrets[0],
        }),
        alertmanagerSecrets,
        alertmanagerServiceAccount: ALERTMANAGER_SERVICE_ACCOUNT,
        grafanaAdminSecret: grafanaSecret.metadata.name,
        additionalScrapeConfigs: scrapeConfigs,
      }),
    }, { parent: this, dependsOn: releaseDeps });

    // Objects the operator reads need its CRDs, which come with the release.
    const afterStack = { parent: this, dependsOn: [stack] };
    pinnedRelease(`${name}-dcgm`, {
      source: DCGM_EXPORTER_CHART,
      chartMirror: args.chartMirror,
      namespace: this.namespace,
      values: dcgmExporterValues({ prometheusRelease: this.releaseName, imageMirror: args.imageMirror }),
    }, afterStack);

    const ourLabels = { [RELEASE_LABEL]: this.releaseName, "app.kubernetes.io/part-of": "inference-platform" };
    // Objects Prometheus does not select are silently ignored: fail here if labels and selectors ever drift apart.
    if (!labelsMatchSelector(ourLabels, releaseSelector(this.releaseName))) throw new Error(`Monitoring "${name}": our labels do not match Prometheus's selectors`);
    this.alerts = alertRules({ thresholds, metrics, requestTopic });
    new CustomResource(`${name}-rules`, {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: { name: "inference-platform", namespace: this.namespace, labels: ourLabels },
      spec: { groups: prometheusRuleGroups(this.alerts, runbookBaseUrl) },
    }, afterStack);
    // Model-server pods opt in with this label and a port named `metrics`.
    new CustomResource(`${name}-model-servers`, {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PodMonitor",
      metadata: { name: "model-servers", namespace: args.appNamespace, labels: ourLabels },
      spec: {
        selector: { matchLabels: { "inference.platform/metrics": "model-server" } },
        podMetricsEndpoints: [{ port: "metrics", path: "/metrics", interval: "15s" }],
      },
    }, afterStack);

    const dashboards = renderDashboards({ metrics, thresholds, plan: args.plannedGpuNodes ?? { minNodes: 0, desiredNodes: 0, maxNodes: 0 } });
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
