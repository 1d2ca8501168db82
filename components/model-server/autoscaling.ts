/**
 * The KEDA ScaledObject of a model server, as typed plain data: a Prometheus
 * trigger on the requests waiting in this Deployment's pods, up at once and
 * down slowly, with fallback replicas while Prometheus cannot be read.
 * Pulumi-free.
 */
import { VLLM_METRICS } from "../monitoring/metric-names";
import { INSTANCE_LABEL, seriesLabel } from "./labels";

/** Failed reads of Prometheus in a row before KEDA holds the fallback replicas. */
const FALLBACK_AFTER_FAILURES = 3;

/** One HPA scaling policy. */
interface HpaPolicy {
  type: "Pods" | "Percent";
  value: number;
  periodSeconds: number;
}

/** One direction of the HPA's `behavior`. */
interface HpaScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: "Max" | "Min";
  policies: HpaPolicy[];
}

/** Metadata of KEDA's `prometheus` trigger (every value a string, as the CRD requires). */
interface PrometheusTriggerMetadata {
  serverAddress: string;
  query: string;
  threshold: string;
  /** "false": an empty result is an error, so missing metrics lead to the fallback instead of reading as 0. */
  ignoreNullValues: "false";
}

/** `keda.sh/v1alpha1` ScaledObject spec, as far as this component sets it. */
export interface ScaledObjectSpec {
  scaleTargetRef: { apiVersion: "apps/v1"; kind: "Deployment"; name: string };
  pollingInterval: number;
  minReplicaCount: number;
  maxReplicaCount: number;
  fallback: { failureThreshold: number; replicas: number };
  advanced: { horizontalPodAutoscalerConfig: { behavior: { scaleUp: HpaScalingRules; scaleDown: HpaScalingRules } } };
  triggers: Array<{ type: "prometheus"; metricType: "AverageValue"; metadata: PrometheusTriggerMetadata }>;
}

/** Inputs of {@link scaledObjectSpec}. */
interface ScalingInputs {
  deployment: string;
  namespace: string;
  prometheusUrl: string;
  minReplicas: number;
  maxReplicas: number;
  fallbackReplicas: number;
  /** Requests waiting per replica to aim for. */
  queueTarget: number;
  pollingIntervalSeconds: number;
  scaleDownStabilizationSeconds: number;
}

/** Requests waiting in all pods of `deployment` (series labelled by the PodMonitor's podTargetLabels). */
function queueQuery(namespace: string, deployment: string): string {
  return `sum(${VLLM_METRICS.requestsWaiting}{namespace="${namespace}",${seriesLabel(INSTANCE_LABEL)}="${deployment}"})`;
}

/**
 * The ScaledObject's spec. The trigger's AverageValue target makes the HPA
 * ask for ceil(waiting ÷ queueTarget) replicas. Up: no stabilisation, double
 * or add 4 pods every 15 s, whichever is more (the HPA's own defaults, written
 * out). Down: only after the queue stayed low for the whole window, one pod a
 * minute, so a lull between bursts does not drop replicas that take minutes to
 * come back.
 */
export function scaledObjectSpec(i: ScalingInputs): ScaledObjectSpec {
  return {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: i.deployment },
    pollingInterval: i.pollingIntervalSeconds,
    minReplicaCount: i.minReplicas,
    maxReplicaCount: i.maxReplicas,
    fallback: { failureThreshold: FALLBACK_AFTER_FAILURES, replicas: i.fallbackReplicas },
    advanced: {
      horizontalPodAutoscalerConfig: {
        behavior: {
          scaleUp: {
            stabilizationWindowSeconds: 0,
            selectPolicy: "Max",
            policies: [{ type: "Percent", value: 100, periodSeconds: 15 }, { type: "Pods", value: 4, periodSeconds: 15 }],
          },
          scaleDown: {
            stabilizationWindowSeconds: i.scaleDownStabilizationSeconds,
            selectPolicy: "Min",
            policies: [{ type: "Pods", value: 1, periodSeconds: 60 }],
          },
        },
      },
    },
    triggers: [{
      type: "prometheus",
      metricType: "AverageValue",
      metadata: {
        serverAddress: i.prometheusUrl,
        query: queueQuery(i.namespace, i.deployment),
        threshold: String(i.queueTarget),
        ignoreNullValues: "false",
      },
    }],
  };
}
