// The region's model serving: tier PriorityClasses, KEDA, the weights bucket, and one vLLM server per model and tier.
import { Keda } from "../keda";
import { ModelServer } from "../model-server";
import { ModelWeights } from "../model-weights";
import { WorkloadPriorities } from "../workload-priorities";
import type { ChildOutputs, MonitoringHandles, RegionContext } from "./handles";

/**
 * A canary's replica bounds: its share of the stable bounds, at least one
 * replica and room for one more, so it is measured under load from the start.
 */
function canaryReplicas(stable: { min: number; max: number }, weightPercent: number): { min: number; max: number } {
  const min = Math.max(1, Math.ceil(stable.min * weightPercent / 100));
  return { min, max: Math.max(min + 1, Math.ceil(stable.max * weightPercent / 100)) };
}

/** Adds the region's model servers under the region; their replica bounds come from the pools' capacity plan. */
export function buildServing(ctx: RegionContext, monitoring: MonitoringHandles): { outputs: ChildOutputs } {
  const { config } = ctx;
  const serving = config.serving;
  const k8s = { parent: ctx.parent, providers: { kubernetes: ctx.kubernetesProvider } };

  const priorities = new WorkloadPriorities(`${ctx.name}-priorities`, serving.priorities, k8s);
  const keda = new Keda(`${ctx.name}-keda`, {
    ...serving.keda,
    imageMirror: ctx.imageMirror,
    chartMirror: ctx.chartMirror,
    // The operator's pods need nodes; a component's own dependsOn would not reach its release.
    installAfter: [ctx.cluster.systemNodeGroup],
  }, k8s);
  const weights = new ModelWeights(`${ctx.name}-weights`, {
    ...serving.weights,
    region: config.awsRegion,
    workloadIdentity: ctx.workloadIdentity,
    namespace: ctx.appNamespace,
    retainData: ctx.protectStateful,
    tags: ctx.tags,
  }, k8s);

  const servers = ctx.servers.map(({ placement, gpusPerNode, replicas }) => {
    // The region refused any placement without a plan before building (servingProblems).
    if (!replicas.ok) throw new Error(`model server ${placement.modelName}-${placement.tier}: ${replicas.reason}`);
    const { pool, weights: prefix, poolSharePercent: _share, canary, ...settings } = placement;
    const server = new ModelServer(`${ctx.name}-model-${placement.modelName}-${placement.tier}`, {
      ...settings,
      namespace: ctx.appNamespace,
      pool: `${ctx.name}-gpu-${pool}`,
      gpusPerNode,
      replicas: { min: replicas.min, max: replicas.max },
      weightsUri: weights.weightsUri(prefix),
      region: config.awsRegion,
      serviceAccountName: weights.serviceAccountName,
      priorityClassName: priorities.classNames[placement.tier],
      prometheusUrl: monitoring.prometheusUrl,
      prometheusRelease: monitoring.prometheusRelease,
      imageMirror: ctx.imageMirror,
      // The ScaledObject and PodMonitor need their CRDs: KEDA's and the Prometheus operator's releases.
      customResourcesAfter: [keda, monitoring.operatorRelease],
      ...(canary ? { canary: { weightsUri: weights.weightsUri(canary.weights), replicas: canaryReplicas(replicas, canary.weightPercent) } } : {}),
    }, k8s);
    return { server, pool, replicas };
  });

  return {
    outputs: {
      serving: {
        weightsBucket: weights.bucketName,
        keda: keda.chartVersion,
        priorityClasses: priorities.classNames,
        models: servers.map(({ server, pool, replicas }) => ({
          name: server.deploymentName,
          tier: server.tier,
          pool,
          gpusPerReplica: server.gpusPerReplica,
          minReplicas: replicas.min,
          maxReplicas: replicas.max,
          replicas: replicas.explanation,
          url: server.url,
        })),
      },
    },
  };
}
