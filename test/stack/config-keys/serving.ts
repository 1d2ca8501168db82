// Stack-file keys of each region's serving: model servers, their weights, KEDA and priority classes.
import type { RenderedStack } from "../../../infra/plan/harness";
import {
  helmValues, inModel, inputs, inRegion, named, pod, regionIn, replicasPlanned, routeRules, vllm, vllmFlag, type Doc, type Reaches, type Unreached,
} from "../../support/config-keys";
import { CHINA_G4DN, FRANKFURT_G6E, T } from "./shared";

// The prod copy's model servers after its edits. China's two trade pools; the first becomes standard, the second is renamed.
const CHINA_STANDARD = "china-model-qwen25-7b-standard";
const CHINA_AWQ = "china-model-qwen25-7b-awq-batch";
const FRANKFURT_PREMIUM = "frankfurt-model-qwen25-7b-premium";
const FRANKFURT_BATCH = "frankfurt-model-qwen25-7b-batch";
const scaling = (r: RenderedStack, server: string): Doc => inputs(r, T.scaledObject, server).spec;
const priorityClass = (r: RenderedStack, tier: string): Doc => inputs(r, T.priorityClass, `frankfurt-priorities-${tier}`);
const weightsLifecycle = (r: RenderedStack): Doc =>
  inputs(r, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "frankfurt-weights").rules[0];
const GiB = 1024 ** 3;

/** KEDA's Deployments: the stack file's key and the chart's; each gets its own figures (200m, 300m, 400m...), so a mix-up shows. */
const KEDA_PODS = [["operator", "operator", 2], ["metricsApiServer", "metricServer", 3], ["webhooks", "webhooks", 4]] as const;
const kedaResources: Record<string, Reaches> = Object.fromEntries(KEDA_PODS.flatMap(([deployment, chartKey, n]) => ([
  ["cpuRequest", `${n}00m`, "requests", "cpu"],
  ["memoryRequest", `${n}00Mi`, "requests", "memory"],
  ["cpuLimit", String(n), "limits", "cpu"],
  ["memoryLimit", `${n}Gi`, "limits", "memory"],
] as const).map(([key, value, kind, resource]): [string, Reaches] => [`regions[].serving.keda.resources.${deployment}.${key}`, {
  ...inRegion("prod", "china", `serving.keda.resources.${deployment}.${key}`, value),
  found: (r) => helmValues(r, "china-keda").resources[chartKey][kind][resource],
}])));

const CANARY_WEIGHTS = "qwen2.5-7b-instruct/2024-11-02";
/** Both canary keys set together: one canary needs both. */
const withFrankfurtCanary = (c: Doc) => { regionIn(c, "frankfurt").serving.models[0].canary = { weightPercent: 25, weights: CANARY_WEIGHTS }; };

export const SERVING_KEYS: Record<string, Reaches | Unreached> = {
  // Model servers, by index in serving.models: China's [0] is premium on the A10G pool, [1] batch on the T4 pool.
  "regions[].serving.models[].modelName": {
    ...inModel("china", 1, "modelName", "qwen25-7b-awq"),
    found: (r) => [inputs(r, T.deployment, CHINA_AWQ).metadata.labels["inference.platform/model"], inputs(r, T.pdb, CHINA_AWQ).metadata.name],
    expected: ["qwen25-7b-awq", "qwen25-7b-awq-batch"],
  },
  "regions[].serving.models[].servedModelName": {
    ...inModel("china", 0, "servedModelName", "qwen2.5-7b"),
    found: (r) => vllmFlag(r, CHINA_STANDARD, "served-model-name"),
  },
  "regions[].serving.models[].tier": {
    ...inModel("china", 0, "tier", "standard"),
    found: (r) => [pod(r, CHINA_STANDARD).priorityClassName, inputs(r, T.scaledObject, CHINA_STANDARD).metadata.labels["inference.platform/tier"]],
    expected: ["standard", "standard"],
  },
  // The two servers trade pools, which keeps one server per pool.
  "regions[].serving.models[].pool": {
    copy: "prod", value: "g4dn-12xl",
    edit: (c) => {
      const [first, second] = regionIn(c, "china").serving.models;
      [first.pool, second.pool] = ["g4dn-12xl", "g5-12xl"];
    },
    found: (r) => [CHINA_STANDARD, CHINA_AWQ].map((s) => pod(r, s).nodeSelector["inference.platform/pool"]),
    expected: ["china-gpu-g4dn-12xl", "china-gpu-g5-12xl"],
  },
  "regions[].serving.models[].weights": {
    ...inModel("china", 1, "weights", "qwen2.5-7b-instruct-awq/2024-10-01"),
    found: (r) => vllm(r, CHINA_AWQ).args[0],
    expected: "s3://prod-china-weights/qwen2.5-7b-instruct-awq/2024-10-01",
  },
  "regions[].serving.models[].tensorParallelSize": replicasPlanned(
    inModel("china", 0, "tensorParallelSize", 2), CHINA_STANDARD, { pool: CHINA_G4DN, poolSharePercent: 100, tensorParallelSize: 2 }, { tensorParallelSize: 1 },
    { found: (r) => [vllmFlag(r, CHINA_STANDARD, "tensor-parallel-size"), vllm(r, CHINA_STANDARD).resources.limits["nvidia.com/gpu"]], expected: ["2", "2"] },
  ),
  "regions[].serving.models[].poolSharePercent": replicasPlanned(
    inModel("frankfurt", 0, "poolSharePercent", 70), FRANKFURT_PREMIUM, { pool: FRANKFURT_G6E, poolSharePercent: 70, tensorParallelSize: 1 }, { poolSharePercent: 80 },
  ),
  "regions[].serving.models[].cpu": { ...inModel("china", 0, "cpu", "6"), found: (r) => vllm(r, CHINA_STANDARD).resources.requests.cpu },
  "regions[].serving.models[].memory": {
    ...inModel("china", 0, "memory", "48Gi"),
    found: (r) => [vllm(r, CHINA_STANDARD).resources.requests.memory, vllm(r, CHINA_STANDARD).resources.limits.memory],
    expected: ["48Gi", "48Gi"],
  },
  // The model streamer's buffer gets half of what /dev/shm leaves of the (edited) 48Gi.
  "regions[].serving.models[].shmSizeGiB": {
    ...inModel("china", 0, "shmSizeGiB", 6),
    found: (r) => [
      named(pod(r, CHINA_STANDARD).volumes, "shm").emptyDir.sizeLimit,
      named(vllm(r, CHINA_STANDARD).env, "RUNAI_STREAMER_MEMORY_LIMIT").value,
    ],
    expected: ["6Gi", String(21 * GiB)],
  },
  "regions[].serving.models[].maxModelLen": {
    ...inModel("china", 0, "maxModelLen", 16384),
    found: (r) => vllmFlag(r, CHINA_STANDARD, "max-model-len"),
    expected: "16384",
  },
  "regions[].serving.models[].extraArgs": {
    ...inModel("china", 1, "extraArgs", ["--enable-prefix-caching", "--gpu-memory-utilization=0.92"]),
    found: (r) => vllm(r, CHINA_AWQ).args.slice(-2),
  },
  "regions[].serving.models[].queueTarget": {
    ...inModel("china", 1, "queueTarget", 30),
    found: (r) => scaling(r, CHINA_AWQ).triggers[0].metadata.threshold,
    expected: "30",
  },
  "regions[].serving.models[].scaleDownStabilizationSeconds": {
    ...inModel("china", 1, "scaleDownStabilizationSeconds", 900),
    found: (r) => scaling(r, CHINA_AWQ).advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds,
  },
  "regions[].serving.models[].pollingIntervalSeconds": { ...inModel("china", 1, "pollingIntervalSeconds", 30), found: (r) => scaling(r, CHINA_AWQ).pollingInterval },
  // Probed every 10 s; the rollout deadline adds 900 s for a new node and the image pull.
  "regions[].serving.models[].startupSeconds": {
    ...inModel("china", 0, "startupSeconds", 1200),
    found: (r) => [vllm(r, CHINA_STANDARD).startupProbe.failureThreshold, inputs(r, T.deployment, CHINA_STANDARD).spec.progressDeadlineSeconds],
    expected: [120, 2100],
  },
  // vLLM drains for what is left of the grace: 180 − 30 − 5 s to exit.
  "regions[].serving.models[].deregistrationDelaySeconds": {
    ...inModel("china", 1, "deregistrationDelaySeconds", 30),
    found: (r) => [vllm(r, CHINA_AWQ).lifecycle.preStop.sleep.seconds, vllmFlag(r, CHINA_AWQ, "shutdown-timeout")],
    expected: [30, "145"],
  },
  "regions[].serving.models[].terminationGracePeriodSeconds": {
    ...inModel("china", 0, "terminationGracePeriodSeconds", 300),
    found: (r) => [pod(r, CHINA_STANDARD).terminationGracePeriodSeconds, vllmFlag(r, CHINA_STANDARD, "shutdown-timeout")],
    expected: [300, "280"],
  },
  // Inside the bounds on either pool (T4: 10 to 80, A10G: 14 to 112); unset, the fallback is the minimum.
  "regions[].serving.models[].fallbackReplicas": { ...inModel("china", 1, "fallbackReplicas", 20), found: (r) => scaling(r, CHINA_AWQ).fallback.replicas },

  // Frankfurt's premium server gets a canary: its own Deployment on the canary's weights, a quarter of the premium routes.
  "regions[].serving.models[].canary.weightPercent": {
    copy: "prod", value: 25, edit: withFrankfurtCanary,
    found: (r) => ["generation", "api"].map((route) => named(routeRules(r, "frankfurt", route), `${route}-premium`).backendRefs.map((b: Doc) => [b.name, b.weight])),
    expected: Array(2).fill([["qwen25-7b-premium", 75], ["qwen25-7b-premium-canary", 25]]),
  },
  "regions[].serving.models[].canary.weights": {
    copy: "prod", value: CANARY_WEIGHTS, edit: withFrankfurtCanary,
    found: (r) => vllm(r, `${FRANKFURT_PREMIUM}-canary`).args[0],
    expected: `s3://acme-prod-frankfurt-weights/${CANARY_WEIGHTS}`,
  },

  "regions[].serving.weights.noncurrentVersionExpirationDays": {
    ...inRegion("prod", "frankfurt", "serving.weights.noncurrentVersionExpirationDays", 14),
    found: (r) => weightsLifecycle(r).noncurrentVersionExpiration.noncurrentDays,
  },
  "regions[].serving.weights.abortIncompleteUploadDays": {
    ...inRegion("prod", "frankfurt", "serving.weights.abortIncompleteUploadDays", 3),
    found: (r) => weightsLifecycle(r).abortIncompleteMultipartUpload.daysAfterInitiation,
  },
  // The account, the pods that run as it, and the Pod Identity binding its role.
  "regions[].serving.weights.serviceAccountName": {
    ...inRegion("prod", "frankfurt", "serving.weights.serviceAccountName", "vllm-weights"),
    found: (r) => [
      inputs(r, "kubernetes:core/v1:ServiceAccount", "frankfurt-weights-reader").metadata.name,
      pod(r, FRANKFURT_BATCH).serviceAccountName,
      inputs(r, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "frankfurt-weights-reader-identity").serviceAccount,
    ],
    expected: ["vllm-weights", "vllm-weights", "vllm-weights"],
  },
  "regions[].serving.weights.bucketNamePrefix": {
    ...inRegion("prod", "frankfurt", "serving.weights.bucketNamePrefix", "acme-"),
    found: (r) => [inputs(r, "aws:s3/bucket:Bucket", "frankfurt-weights").bucket, vllm(r, FRANKFURT_PREMIUM).args[0]],
    expected: ["acme-prod-frankfurt-weights", "s3://acme-prod-frankfurt-weights/qwen2.5-7b-instruct/2024-09-19"],
  },

  "regions[].serving.keda.namespace": { ...inRegion("prod", "china", "serving.keda.namespace", "autoscaling"), found: (r) => inputs(r, "kubernetes:helm.sh/v3:Release", "china-keda").namespace },
  "regions[].serving.keda.replicas": {
    ...inRegion("prod", "china", "serving.keda.replicas", 3),
    found: (r) => (["operator", "metricsServer", "webhooks"] as const).map((d) => helmValues(r, "china-keda")[d].replicaCount),
    expected: [3, 3, 3],
  },
  ...kedaResources,

  // Frankfurt's tiers keep their order (premium > standard > batch); a server's pods name its tier's class.
  "regions[].serving.priorities.premium.name": {
    ...inRegion("prod", "frankfurt", "serving.priorities.premium.name", "interactive"),
    found: (r) => [priorityClass(r, "premium").metadata.name, pod(r, FRANKFURT_PREMIUM).priorityClassName],
    expected: ["interactive", "interactive"],
  },
  "regions[].serving.priorities.premium.value": { ...inRegion("prod", "frankfurt", "serving.priorities.premium.value", 5000), found: (r) => priorityClass(r, "premium").value },
  "regions[].serving.priorities.standard.name": {
    ...inRegion("prod", "frankfurt", "serving.priorities.standard.name", "paid"),
    found: (r) => priorityClass(r, "standard").metadata.name,
  },
  "regions[].serving.priorities.standard.value": { ...inRegion("prod", "frankfurt", "serving.priorities.standard.value", 500), found: (r) => priorityClass(r, "standard").value },
  "regions[].serving.priorities.batch.name": {
    ...inRegion("prod", "frankfurt", "serving.priorities.batch.name", "background"),
    found: (r) => [priorityClass(r, "batch").metadata.name, pod(r, FRANKFURT_BATCH).priorityClassName],
    expected: ["background", "background"],
  },
  "regions[].serving.priorities.batch.value": { ...inRegion("prod", "frankfurt", "serving.priorities.batch.value", 50), found: (r) => priorityClass(r, "batch").value },
};
