// Composes the region's monitoring: Prometheus, Grafana, DCGM, alert rules and managed-service alarms.
import * as pulumi from "@pulumi/pulumi";
import { Monitoring } from "../../components/monitoring";
import { planRegionPools } from "../config";
import { resolveThresholds } from "../config/sections/monitoring";
import type { DataPlaneHandles, IngressHandles, MonitoringHandles, RegionContext } from "./types";

/** Alert as the plan lists it. */
interface PlannedAlert {
  alert: string;
  severity: string;
  condition: string;
}

/** Reads a Pulumi secret given by its full key (`namespace:key`). */
function secretConfig(fullKey: string): pulumi.Output<string> {
  const at = fullKey.indexOf(":");
  return new pulumi.Config(fullKey.slice(0, at)).requireSecret(fullKey.slice(at + 1));
}

/** Adds the region's monitoring under `ctx.platform`. */
export function composeMonitoring(ctx: RegionContext, dataPlane: DataPlaneHandles, _ingress: IngressHandles): MonitoringHandles {
  const { cfg, region } = ctx;
  const m = region.monitoring;
  const plannedGpuNodes = planRegionPools(cfg, region).reduce(
    (sum, { plan }) => ({ minNodes: sum.minNodes + plan.minNodes, desiredNodes: sum.desiredNodes + plan.desiredNodes, maxNodes: sum.maxNodes + plan.maxNodes }),
    { minNodes: 0, desiredNodes: 0, maxNodes: 0 },
  );
  const kafkaReady = dataPlane.kafkaClusterName !== undefined && dataPlane.kafkaBrokerCount !== undefined;

  const monitoring = new Monitoring(`${region.name}-monitoring`, {
    region: region.awsRegion,
    clusterName: ctx.platform.cluster.clusterName,
    identity: ctx.platform.cluster.workloadIdentity,
    // Explicit: the add-on and releases need nodes, and the component's own dependsOn would not reach them.
    installAfter: [ctx.platform.cluster.systemNodeGroup],
    appNamespace: ctx.platform.appNamespace,
    namespace: m.namespace,
    imageMirror: region.imageMirror,
    chartMirror: region.chartMirror,
    chartRegistryAuth: ctx.chartRegistryAuth,
    retention: m.retention,
    storageGiB: m.storageGiB,
    prometheusReplicas: m.prometheusReplicas,
    alertmanagerReplicas: m.alertmanagerReplicas,
    snsReceiver: m.alerting.sns,
    webhookUrl: m.alerting.webhookUrlSecret ? secretConfig(m.alerting.webhookUrlSecret) : undefined,
    notifyEmails: m.alerting.notifyEmails,
    thresholds: resolveThresholds(cfg, region),
    metrics: m.metrics,
    requestTopic: dataPlane.kafkaRequestTopic ?? m.requestTopic,
    runbookBaseUrl: m.runbookBaseUrl,
    plannedGpuNodes,
    managedServices: {
      // Without a node count only the primary member (`-001`), which always exists, is watched.
      redis: dataPlane.redisReplicationGroupId
        ? { replicationGroupId: dataPlane.redisReplicationGroupId, nodeCount: dataPlane.redisNodeCount ?? 1 }
        : undefined,
      kafka: kafkaReady ? { clusterName: dataPlane.kafkaClusterName!, brokerCount: dataPlane.kafkaBrokerCount! } : undefined,
    },
    kafkaBootstrapBrokers: dataPlane.kafkaBootstrapBrokers,
    protectStateful: ctx.protectStateful,
    tags: ctx.tags,
  }, { parent: ctx.platform, providers: { kubernetes: ctx.platform.kubernetesProvider } });

  const alerts: PlannedAlert[] = monitoring.alerts.map((a) => ({ alert: a.alert, severity: a.severity, condition: a.condition }));
  return {
    outputs: {
      monitoring: {
        namespace: monitoring.namespace,
        prometheusRelease: monitoring.releaseName,
        grafanaAdminPassword: monitoring.grafanaAdminPassword,
        alarmTopicArn: monitoring.alarmTopicArn,
        alerts,
        cloudwatchAlarms: monitoring.alarmCount,
      },
    },
    alarmTopicArn: monitoring.alarmTopicArn,
  };
}
