// Two model servers to construct in tests: Frankfurt with every default, China with every setting changed.
import type { ModelServerArgs } from "../../components/model-server";

/** The China region's image mirror. */
export const MIRROR = "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror";

/** A premium server on Frankfurt's 4-GPU pool, settings at their defaults. */
export const frankfurt: ModelServerArgs = {
  modelName: "qwen3-8b",
  servedModelName: "Qwen/Qwen3-8B",
  tier: "premium",
  namespace: "inference",
  pool: "frankfurt-gpu-g6e-12xl",
  gpusPerNode: 4,
  replicas: { min: 2, max: 20 },
  weightsUri: "s3://prod-frankfurt-weights/models/qwen3-8b/",
  region: "eu-central-1",
  serviceAccountName: "model-server",
  priorityClassName: "premium",
  prometheusUrl: "http://kube-prometheus-prometheus.monitoring.svc:9090",
  prometheusRelease: "frankfurt-monitoring-kps",
};

/** A batch server on China's 4-GPU pool through the mirror, every setting changed. */
export const china: ModelServerArgs = {
  ...frankfurt,
  modelName: "qwen3-32b",
  servedModelName: "Qwen/Qwen3-32B",
  tier: "batch",
  pool: "china-gpu-g5-12xl",
  region: "cn-north-1",
  imageMirror: MIRROR,
  weightsUri: "s3://prod-china-weights/models/qwen3-32b/",
  priorityClassName: "batch",
  prometheusRelease: "china-monitoring-kps",
  replicas: { min: 3, max: 40 },
  tensorParallelSize: 4,
  cpu: "40",
  memory: "160Gi",
  shmSizeGiB: 16,
  maxModelLen: 8192,
  extraArgs: ["--enable-prefix-caching", "--gpu-memory-utilization=0.92"],
  queueTarget: 30,
  scaleDownStabilizationSeconds: 900,
  pollingIntervalSeconds: 30,
  startupSeconds: 905,
  deregistrationDelaySeconds: 20,
  terminationGracePeriodSeconds: 300,
  fallbackReplicas: 5,
};
