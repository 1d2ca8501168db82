// The region's monitoring: Prometheus, Grafana, DCGM, alert rules and managed-service alarms.
import { Monitoring } from "../monitoring";
import { regionLoad, totalNodes } from "./capacity";
import type { DataPlaneHandles, MonitoringHandles, RegionContext } from "./handles";

/** Alert as the plan lists it. */
interface PlannedAlert {
  alert: string;
  severity: string;
  condition: string;
}

/** Adds the region's monitoring under the region. */
export function buildMonitoring(ctx: RegionContext, dataPlane: DataPlaneHandles): MonitoringHandles {
  const region = ctx.config;
  const plannedGpuNodes = totalNodes(ctx.capacity);
  const kafkaReady = dataPlane.kafkaClusterName !== undefined && dataPlane.kafkaBrokerCount !== undefined;

  // The region's section is the component's settings; the rest is wiring.
  const monitoring = new Monitoring(`${ctx.name}-monitoring`, {
    ...region.monitoring,
    region: region.awsRegion,
    clusterName: ctx.cluster.clusterName,
    identity: ctx.cluster.workloadIdentity,
    // Explicit: the add-on and the workloads need nodes, and the component's own dependsOn would not reach them.
    installAfter: [ctx.cluster.systemNodeGroup],
    appNamespace: ctx.appNamespace,
    imageMirror: region.imageMirror,
    chartMirror: region.chartMirror,
    // The lag alert watches the request topic Kafka creates (the stack file cannot name another).
    requestTopic: dataPlane.kafkaRequestTopic,
    load: regionLoad(region.traffic, ctx.planning),
    plannedGpuNodes,
    managedServices: {
      // Without a node count only the primary member (`-001`), which always exists, is watched.
      redis: dataPlane.redisReplicationGroupId
        ? { replicationGroupId: dataPlane.redisReplicationGroupId, nodeCount: dataPlane.redisNodeCount ?? 1 }
        : undefined,
      kafka: kafkaReady ? { clusterName: dataPlane.kafkaClusterName!, brokerCount: dataPlane.kafkaBrokerCount! } : undefined,
    },
    kafkaBootstrapBrokers: dataPlane.kafkaBootstrapBrokers,
    // Every region has a front door (built after monitoring, its PodMonitor scraped by this Prometheus): its timeouts are watched.
    frontDoor: { timeouts: region.frontDoor.timeouts },
    protectStateful: ctx.protectStateful,
    tags: ctx.tags,
  }, { parent: ctx.parent, providers: { kubernetes: ctx.kubernetesProvider } });

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
    prometheusUrl: monitoring.prometheusUrl,
    prometheusRelease: monitoring.releaseName,
    operatorRelease: monitoring.operatorRelease,
  };
}
