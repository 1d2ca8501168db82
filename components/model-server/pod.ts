/**
 * The pod of a model server: vLLM's OpenAI server loading its weights from
 * S3 with the Run:ai streamer, on its pool's GPU nodes, under the
 * `restricted` Pod Security Standard, draining before it stops.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes/types/input";
import { GPU_TAINT } from "../gpu-node-pool/taint";
import { dnsSuffix, partitionOf } from "../lib/partition";
import { drainSeconds, memoryGiB, type ResolvedModelServerSettings } from "./contract";
import { HTTP_PORT, HTTP_PORT_NAME, selectorLabels } from "./labels";

/** vLLM's OpenAI-compatible server, pinned (v0.29.0; `--shutdown-timeout`, the drain on SIGTERM, exists since v0.18.0). */
export const VLLM_IMAGE = { registry: "docker.io", repository: "vllm/vllm-openai", tag: "v0.29.0" } as const;

/** The node label GPU pools carry with their node-group component's name (components/gpu-node-pool). */
const POOL_NODE_LABEL = "inference.platform/pool";

/**
 * The user and group vLLM runs as: any numeric non-root id works, the image's
 * Python is world-readable; HOME and the caches are emptyDirs it owns.
 */
const RUN_AS = 2000;

const HOME = "/home/vllm";
const CACHE = "/var/cache/vllm";
const GiB = 1024 ** 3;

/** Period of the startup probe; its failureThreshold covers `startupSeconds`. */
const STARTUP_PROBE_PERIOD_SECONDS = 10;

/** S3 and STS endpoints of a region, with its partition's DNS suffix (`.amazonaws.com.cn` in China). */
function regionalEndpoints(awsRegion: string): { s3: string; sts: string } {
  const suffix = dnsSuffix(partitionOf(awsRegion));
  return { s3: `https://s3.${awsRegion}.${suffix}`, sts: `https://sts.${awsRegion}.${suffix}` };
}

/** What the pod needs besides the settings. */
interface PodInputs {
  settings: ResolvedModelServerSettings;
  /** Deployment name (`<modelName>-<tier>`). */
  deployment: string;
  /** Labels of the pods (the selector's among them). */
  labels: Record<string, string>;
  image: string;
  /** `s3://bucket/prefix/` of the weights, config and tokenizer. */
  weightsUri: pulumi.Input<string>;
  awsRegion: string;
  /** Node-group component name of the pool (the `inference.platform/pool` node label). */
  pool: string;
  serviceAccountName: pulumi.Input<string>;
  priorityClassName: pulumi.Input<string>;
}

/** vLLM's command line: the weights from S3, the served name, GPUs, and the drain on SIGTERM. */
function vllmArgs(i: PodInputs): Array<pulumi.Input<string>> {
  const s = i.settings;
  return [
    i.weightsUri,
    "--host=0.0.0.0",
    `--port=${HTTP_PORT}`,
    `--served-model-name=${s.servedModelName}`,
    `--tensor-parallel-size=${s.tensorParallelSize}`,
    "--load-format=runai_streamer",
    `--shutdown-timeout=${drainSeconds(s)}`,
    ...(s.maxModelLen === undefined ? [] : [`--max-model-len=${s.maxModelLen}`]),
    ...s.extraArgs,
  ];
}

/**
 * Environment: nothing from a public hub, no telemetry, caches on the
 * emptyDirs, and S3 through the region's own endpoints. The Run:ai streamer's
 * native S3 client reads only `AWS_ENDPOINT_URL`; that variable also applies
 * to every other AWS client in the process, so STS (IRSA's web-identity
 * exchange) gets its own regional endpoint back with `AWS_ENDPOINT_URL_STS`.
 */
function environment(i: PodInputs): k8s.core.v1.EnvVar[] {
  const { s3, sts } = regionalEndpoints(i.awsRegion);
  // The streamer's CPU staging buffer gets half of what /dev/shm leaves of the memory limit.
  const streamerBytes = Math.floor(((memoryGiB(i.settings.memory) - i.settings.shmSizeGiB) / 2) * GiB);
  const vars: Record<string, string> = {
    HF_HUB_OFFLINE: "1",
    TRANSFORMERS_OFFLINE: "1",
    VLLM_NO_USAGE_STATS: "1",
    DO_NOT_TRACK: "1",
    HOME,
    // getpass.getuser() (torch's compile cache) fails for a uid without a passwd entry unless these are set.
    USER: "vllm",
    LOGNAME: "vllm",
    TMPDIR: "/tmp",
    XDG_CACHE_HOME: CACHE,
    XDG_CONFIG_HOME: `${HOME}/.config`,
    HF_HOME: `${CACHE}/huggingface`,
    VLLM_CACHE_ROOT: `${CACHE}/vllm`,
    TRITON_CACHE_DIR: `${CACHE}/triton`,
    TORCHINDUCTOR_CACHE_DIR: `${CACHE}/torchinductor`,
    AWS_REGION: i.awsRegion,
    AWS_DEFAULT_REGION: i.awsRegion,
    AWS_STS_REGIONAL_ENDPOINTS: "regional",
    AWS_ENDPOINT_URL: s3,
    AWS_ENDPOINT_URL_S3: s3,
    AWS_ENDPOINT_URL_STS: sts,
    RUNAI_STREAMER_MEMORY_LIMIT: String(streamerBytes),
  };
  return Object.entries(vars).map(([name, value]) => ({ name, value }));
}

/** An HTTP probe of vLLM's /health. */
function health(periodSeconds: number, timeoutSeconds: number, failureThreshold: number): k8s.core.v1.Probe {
  return { httpGet: { path: "/health", port: HTTP_PORT_NAME }, periodSeconds, timeoutSeconds, failureThreshold };
}

/** The vLLM container. */
function container(i: PodInputs): k8s.core.v1.Container {
  const s = i.settings;
  const gpus = String(s.tensorParallelSize);
  return {
    name: "vllm",
    image: i.image,
    command: ["vllm", "serve"],
    args: vllmArgs(i),
    ports: [{ name: HTTP_PORT_NAME, containerPort: HTTP_PORT, protocol: "TCP" }],
    env: environment(i),
    // GPUs: requests equal limits (an extended resource). No CPU limit: CFS throttling adds to every token's latency.
    resources: {
      requests: { cpu: s.cpu, memory: s.memory, "nvidia.com/gpu": gpus },
      limits: { memory: s.memory, "nvidia.com/gpu": gpus },
    },
    // Startup covers the model load; liveness and readiness start only after it.
    startupProbe: health(STARTUP_PROBE_PERIOD_SECONDS, 5, Math.ceil(s.startupSeconds / STARTUP_PROBE_PERIOD_SECONDS)),
    readinessProbe: health(5, 3, 3),
    // /health answers 503 once the engine has died: a minute of that restarts the container.
    livenessProbe: health(15, 10, 4),
    // The routers drop the pod while it sleeps; then SIGTERM, and vLLM drains for --shutdown-timeout.
    lifecycle: { preStop: { sleep: { seconds: s.deregistrationDelaySeconds } } },
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    volumeMounts: [
      { name: "shm", mountPath: "/dev/shm" },
      { name: "home", mountPath: HOME },
      { name: "tmp", mountPath: "/tmp" },
      { name: "cache", mountPath: CACHE },
    ],
  };
}

/** The pod template of a model server's Deployment. */
export function podTemplate(i: PodInputs): k8s.core.v1.PodTemplateSpec {
  const s = i.settings;
  return {
    metadata: { labels: i.labels },
    spec: {
      serviceAccountName: i.serviceAccountName,
      // vLLM never calls the Kubernetes API; the AWS token is projected by Pod Identity or IRSA on its own.
      automountServiceAccountToken: false,
      // Service links would put VLLM_PORT & co. into the environment, where vLLM reads its own settings.
      enableServiceLinks: false,
      priorityClassName: i.priorityClassName,
      terminationGracePeriodSeconds: s.terminationGracePeriodSeconds,
      nodeSelector: { [POOL_NODE_LABEL]: i.pool },
      tolerations: [{ key: GPU_TAINT.key, operator: "Exists", effect: "NoSchedule" }],
      // Zones first; ScheduleAnyway, so a zone out of GPUs slows a surge instead of stopping it.
      topologySpreadConstraints: [{
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: selectorLabels(i.deployment) },
        matchLabelKeys: ["pod-template-hash"],
      }],
      securityContext: {
        runAsNonRoot: true,
        runAsUser: RUN_AS,
        runAsGroup: RUN_AS,
        fsGroup: RUN_AS,
        seccompProfile: { type: "RuntimeDefault" },
      },
      containers: [container(i)],
      volumes: [
        { name: "shm", emptyDir: { medium: "Memory", sizeLimit: `${s.shmSizeGiB}Gi` } },
        { name: "home", emptyDir: { sizeLimit: "1Gi" } },
        // Config and tokenizer files pulled from S3 land here before the weights stream.
        { name: "tmp", emptyDir: { sizeLimit: "10Gi" } },
        // Compiled kernels and CUDA graphs of torch.compile, Triton and FlashInfer.
        { name: "cache", emptyDir: { sizeLimit: "20Gi" } },
      ],
    },
  };
}
