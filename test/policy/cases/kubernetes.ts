// Cases of the Kubernetes rules (workloads and Helm releases).
import type { RenderedStack } from "../../../infra/plan/harness";
import { add, find, SIZED, workload, type PolicyCase } from "../support";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const DAEMON_SET = "kubernetes:apps/v1:DaemonSet";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const CHINA_ECR = "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn";
const GPU_TOLERATION = { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" };
const GPU_SIZED = { resources: { requests: { cpu: "4", memory: "32Gi", "nvidia.com/gpu": "1" }, limits: { memory: "32Gi", "nvidia.com/gpu": "1" } } };

/** Adds a Deployment or DaemonSet to a region's cluster (provider `<region>-k8s`). */
const deploy = (s: RenderedStack, provider: string, inputs: Record<string, unknown>): void => {
  add(s, { type: inputs.kind === "DaemonSet" ? DAEMON_SET : DEPLOYMENT, name: "case-workload", provider, inputs });
};
const releaseValues = (s: RenderedStack, name: string): Record<string, unknown> => find(s, RELEASE, name).inputs.values as Record<string, unknown>;

/** The first container and pod spec of a real workload of the stack (a model server, say), to edit in place. */
const podOf = (s: RenderedStack, name: string, type = DEPLOYMENT): { pod: Record<string, any>; container: Record<string, any> } => {
  const pod = (find(s, type, name).inputs as { spec: { template: { spec: Record<string, any> } } }).spec.template.spec;
  return { pod, container: pod.containers[0] };
};
const modelServer = (s: RenderedStack, name: string) => podOf(s, name);

const PLUGIN = "nvcr.io/nvidia/k8s-device-plugin:v0.17.1";
const DCGM = "nvcr.io/nvidia/k8s/dcgm-exporter:4.5.3-4.8.2-distroless";
const LOOK_ALIKE_PLUGIN = "docker.io/attacker/nvidia/k8s-device-plugin:v0.17.1";
const hostPath = (name: string, path: string) => ({ name, hostPath: { path } });
/** A node agent DaemonSet: one sized container, tolerating the GPU taint. */
const agent = (container: Record<string, unknown>, pod: Record<string, unknown> = {}) => workload("DaemonSet", { ...container, ...SIZED }, { tolerations: [GPU_TOLERATION], ...pod });

export const kubernetesCases: PolicyCase[] = [
  {
    rule: "k8s-requests-limits", title: "requests for CPU and memory, memory limit", stack: "prod", fires: [],
    edit: (s) => deploy(s, "frankfurt-k8s", workload("Deployment", { image: "public.ecr.aws/nginx/nginx:1.27", ...SIZED })),
  },
  {
    rule: "k8s-requests-limits", title: "no resources at all", stack: "prod", fires: ["k8s-requests-limits"],
    edit: (s) => deploy(s, "frankfurt-k8s", workload("Deployment", { image: "public.ecr.aws/nginx/nginx:1.27" })),
  },
  {
    rule: "k8s-requests-limits", title: "an init container without limits", stack: "dev", fires: ["k8s-requests-limits"],
    edit: (s) => deploy(s, "frankfurt-k8s", workload("Deployment", { image: "nginx:1.27", ...SIZED }, {
      initContainers: [{ name: "warmup", image: "busybox:1.36", resources: { requests: { cpu: "10m", memory: "16Mi" } } }],
    })),
  },
  {
    rule: "k8s-requests-limits", title: "CPU limit required by config", stack: "prod", fires: ["k8s-requests-limits"],
    config: { "k8s-requests-limits": { requiredLimits: ["cpu", "memory"] } },
    edit: (s) => deploy(s, "frankfurt-k8s", workload("Deployment", { image: "nginx:1.27", ...SIZED })),
  },
  {
    rule: "k8s-gpu-workloads", title: "GPU server with a GPU limit and the toleration", stack: "prod", fires: [],
    edit: (s) => deploy(s, "frankfurt-k8s", workload("Deployment", { image: "vllm/vllm-openai:v0.8.0", ...GPU_SIZED }, { tolerations: [GPU_TOLERATION] })),
  },
  {
    rule: "k8s-gpu-workloads", title: "GPU server without the toleration (Pending forever)", stack: "prod", fires: ["k8s-gpu-workloads"],
    edit: (s) => deploy(s, "frankfurt-k8s", workload("Deployment", { image: "vllm/vllm-openai:v0.8.0", ...GPU_SIZED })),
  },
  {
    rule: "k8s-gpu-workloads", title: "GPU in requests only", stack: "prod", fires: ["k8s-gpu-workloads"],
    edit: (s) => deploy(s, "frankfurt-k8s", workload("Deployment", {
      image: "vllm/vllm-openai:v0.8.0",
      resources: { requests: { cpu: "4", memory: "32Gi", "nvidia.com/gpu": "1" }, limits: { memory: "32Gi" } },
    }, { tolerations: [GPU_TOLERATION] })),
  },
  {
    rule: "k8s-gpu-workloads", title: "CPU service tolerating the GPU taint and selecting GPU nodes", stack: "dev", fires: ["k8s-gpu-workloads"],
    edit: (s) => deploy(s, "frankfurt-k8s", workload("Deployment", { image: "nginx:1.27", ...SIZED }, {
      tolerations: [GPU_TOLERATION], nodeSelector: { "nvidia.com/gpu.present": "true" },
    })),
  },
  {
    rule: "k8s-gpu-workloads", title: "node agent DaemonSet on GPU nodes without a GPU", stack: "prod", fires: [],
    edit: (s) => deploy(s, "frankfurt-k8s", workload("DaemonSet", { image: "fluent/fluent-bit:3.2", ...SIZED }, { tolerations: [GPU_TOLERATION] })),
  },
  {
    rule: "k8s-no-privileged", title: "privileged DCGM exporter DaemonSet (allow-listed)", stack: "prod", fires: [],
    edit: (s) => deploy(s, "frankfurt-k8s", workload("DaemonSet", {
      image: "nvcr.io/nvidia/k8s/dcgm-exporter:4.5.3-4.8.2-ubuntu22.04", securityContext: { privileged: true }, ...SIZED,
    }, { tolerations: [GPU_TOLERATION] })),
  },
  {
    rule: "k8s-no-privileged", title: "privileged busybox", stack: "prod", fires: ["k8s-no-privileged"],
    edit: (s) => deploy(s, "frankfurt-k8s", workload("Deployment", { image: "busybox:1.36", securityContext: { privileged: true }, ...SIZED })),
  },
  {
    rule: "k8s-no-privileged", title: "device plugin release set privileged (mirrored, allow-listed image)", stack: "prod", fires: [],
    edit: (s) => { releaseValues(s, "china-nvidia").securityContext = { privileged: true }; },
  },
  {
    rule: "k8s-no-privileged", title: "autoscaler release set privileged", stack: "prod", fires: ["k8s-no-privileged"],
    edit: (s) => { releaseValues(s, "frankfurt-autoscaler").securityContext = { privileged: true }; },
  },
  // Allow-listed images are matched by registry host and path: the same path elsewhere is someone else's image.
  {
    rule: "k8s-no-privileged", title: "privileged device plugin from docker.io/attacker/nvidia/k8s-device-plugin", stack: "prod", fires: ["k8s-no-privileged"],
    edit: (s) => deploy(s, "frankfurt-k8s", agent({ image: LOOK_ALIKE_PLUGIN, securityContext: { privileged: true } })),
  },
  {
    rule: "k8s-no-privileged", title: "device plugin release set privileged with its image swapped for a look-alike", stack: "prod", fires: ["k8s-no-privileged"],
    edit: (s) => Object.assign(releaseValues(s, "frankfurt-nvidia"), { securityContext: { privileged: true }, image: { repository: "docker.io/attacker/nvidia/k8s-device-plugin", tag: "v0.17.1" } }),
  },
  {
    rule: "k8s-no-privileged", title: "privileged device plugin from the China region's ECR mirror", stack: "prod", fires: [],
    edit: (s) => deploy(s, "china-k8s", agent({ image: `${CHINA_ECR}/mirror/${PLUGIN}`, securityContext: { privileged: true } })),
  },
  {
    rule: "k8s-no-privileged", title: "privileged device plugin from a mirror in another region's ECR", stack: "prod",
    fires: ["china-images-from-region-registry", "k8s-no-privileged"],
    edit: (s) => deploy(s, "china-k8s", agent({ image: `111122223333.dkr.ecr.cn-northwest-1.amazonaws.com.cn/mirror/${PLUGIN}`, securityContext: { privileged: true } })),
  },
  // Host access without `privileged`: Baseline everywhere, except the written needs of the NVIDIA node agents.
  {
    rule: "k8s-no-host-access", title: "SYS_ADMIN added to a model server without privileged", stack: "prod", fires: ["k8s-no-host-access"],
    edit: (s) => { modelServer(s, "frankfurt-model-qwen25-7b-premium").container.securityContext.capabilities = { drop: ["ALL"], add: ["SYS_ADMIN"] }; },
  },
  {
    rule: "k8s-no-host-access", title: "NET_ADMIN written as cap_net_admin", stack: "dev", fires: ["k8s-no-host-access"],
    edit: (s) => deploy(s, "frankfurt-k8s", workload("Deployment", { image: "nginx:1.27", securityContext: { capabilities: { add: ["cap_net_admin"] } }, ...SIZED })),
  },
  {
    rule: "k8s-no-host-access", title: "every capability (ALL) added to the Redis exporter", stack: "prod", fires: ["k8s-no-host-access"],
    edit: (s) => { podOf(s, "frankfurt-monitoring-redis-exporter").container.securityContext.capabilities.add = ["ALL"]; },
  },
  {
    rule: "k8s-no-host-access", title: "NET_BIND_SERVICE added (in the Baseline set)", stack: "prod", fires: [],
    edit: (s) => { podOf(s, "frankfurt-monitoring-redis-exporter").container.securityContext.capabilities.add = ["NET_BIND_SERVICE"]; },
  },
  {
    rule: "k8s-no-host-access", title: "hostNetwork on a model server", stack: "prod", fires: ["k8s-no-host-access"],
    edit: (s) => { modelServer(s, "china-model-qwen25-7b-batch").pod.hostNetwork = true; },
  },
  {
    rule: "k8s-no-host-access", title: "hostPID on the Kafka topics Job", stack: "dev", fires: ["k8s-no-host-access"],
    edit: (s) => { podOf(s, "frankfurt-kafka-topics", "kubernetes:batch/v1:Job").pod.hostPID = true; },
  },
  {
    rule: "k8s-no-host-access", title: "a hostPath of /var/lib/kubelet on a model server", stack: "prod", fires: ["k8s-no-host-access"],
    edit: (s) => { modelServer(s, "frankfurt-model-qwen25-7b-batch").pod.volumes.push(hostPath("kubelet", "/var/lib/kubelet")); },
  },
  {
    rule: "k8s-no-host-access", title: "DCGM exporter DaemonSet with SYS_ADMIN and the pod-resources socket", stack: "prod", fires: [],
    edit: (s) => deploy(s, "frankfurt-k8s", agent({ image: DCGM, securityContext: { capabilities: { add: ["SYS_ADMIN"] } } }, {
      volumes: [hostPath("pod-resources", "/var/lib/kubelet/pod-resources")],
    })),
  },
  {
    rule: "k8s-no-host-access", title: "device plugin DaemonSet from the China mirror with the device-plugin directory", stack: "prod", fires: [],
    edit: (s) => deploy(s, "china-k8s", agent({ image: `${CHINA_ECR}/mirror/${PLUGIN}` }, { volumes: [hostPath("device-plugin", "/var/lib/kubelet/device-plugins")] })),
  },
  {
    rule: "k8s-no-host-access", title: "device plugin DaemonSet mounting all of /var/lib/kubelet", stack: "prod", fires: ["k8s-no-host-access"],
    edit: (s) => deploy(s, "frankfurt-k8s", agent({ image: PLUGIN }, { volumes: [hostPath("kubelet", "/var/lib/kubelet")] })),
  },
  {
    rule: "k8s-no-host-access", title: "a busybox sidecar in the device plugin's pod, which takes the device-plugin directory", stack: "prod", fires: ["k8s-no-host-access"],
    edit: (s) => deploy(s, "frankfurt-k8s", agent({ image: PLUGIN }, {
      volumes: [hostPath("device-plugin", "/var/lib/kubelet/device-plugins")],
      initContainers: [{ name: "sidecar", image: "busybox:1.36", ...SIZED }],
    })),
  },
  {
    rule: "k8s-no-host-access", title: "a look-alike DCGM image adding SYS_ADMIN", stack: "prod", fires: ["k8s-no-host-access"],
    edit: (s) => deploy(s, "frankfurt-k8s", agent({ image: "docker.io/attacker/nvidia/k8s/dcgm-exporter:4.5.3", securityContext: { capabilities: { add: ["SYS_ADMIN"] } } })),
  },
  {
    rule: "k8s-no-host-access", title: "DCGM release values adding SYS_ADMIN (what its chart needs)", stack: "prod", fires: [],
    edit: (s) => { releaseValues(s, "frankfurt-monitoring-dcgm").securityContext = { capabilities: { add: ["SYS_ADMIN"] } }; },
  },
  {
    rule: "k8s-no-host-access", title: "DCGM release values adding NET_ADMIN", stack: "prod", fires: ["k8s-no-host-access"],
    edit: (s) => { releaseValues(s, "frankfurt-monitoring-dcgm").securityContext = { capabilities: { add: ["NET_ADMIN"] } }; },
  },
  {
    rule: "k8s-no-host-access", title: "autoscaler release values setting hostNetwork", stack: "prod", fires: ["k8s-no-host-access"],
    edit: (s) => { releaseValues(s, "china-autoscaler").hostNetwork = true; },
  },
  {
    rule: "china-images-from-region-registry", title: "China workload from the region's ECR mirror", stack: "prod", fires: [],
    edit: (s) => deploy(s, "china-k8s", workload("Deployment", { image: `${CHINA_ECR}/mirror/docker.io/library/nginx:1.27`, ...SIZED })),
  },
  {
    rule: "china-images-from-region-registry", title: "Frankfurt workload straight from nvcr.io", stack: "prod", fires: [],
    edit: (s) => deploy(s, "frankfurt-k8s", workload("Deployment", { image: "nvcr.io/nvidia/tritonserver:25.01-py3", ...SIZED })),
  },
  {
    rule: "china-images-from-region-registry", title: "China workload from nvcr.io", stack: "prod", fires: ["china-images-from-region-registry"],
    edit: (s) => deploy(s, "china-k8s", workload("Deployment", { image: "nvcr.io/nvidia/tritonserver:25.01-py3", ...SIZED })),
  },
  {
    rule: "china-images-from-region-registry", title: "China workload from Docker Hub by short name", stack: "prod", fires: ["china-images-from-region-registry"],
    edit: (s) => deploy(s, "china-k8s", workload("Deployment", { image: "busybox:1.36", ...SIZED })),
  },
  {
    rule: "china-images-from-region-registry", title: "China workload from another region's ECR", stack: "prod", fires: ["china-images-from-region-registry"],
    edit: (s) => deploy(s, "china-k8s", workload("Deployment", { image: "111122223333.dkr.ecr.cn-northwest-1.amazonaws.com.cn/mirror/nginx:1.27", ...SIZED })),
  },
  {
    rule: "china-images-from-region-registry", title: "China Helm values pointing at quay.io", stack: "prod", fires: ["china-images-from-region-registry"],
    edit: (s) => {
      const prometheus = (releaseValues(s, "china-monitoring-kps").prometheus as Record<string, Record<string, unknown>>).prometheusSpec!;
      prometheus.image = { registry: "quay.io", repository: "prometheus/prometheus" };
    },
  },
  {
    rule: "china-images-from-region-registry", title: "China chart fetched from its upstream repository", stack: "prod", fires: ["china-images-from-region-registry"],
    edit: (s) => Object.assign(find(s, RELEASE, "china-nvidia").inputs, {
      chart: "nvidia-device-plugin", repositoryOpts: { repo: "https://nvidia.github.io/k8s-device-plugin" },
    }),
  },
  {
    rule: "china-images-from-region-registry", title: "an extra registry the user allows", stack: "prod", fires: [],
    config: { "china-images-from-region-registry": { allowedRegistries: ["registry.example.cn"] } },
    edit: (s) => deploy(s, "china-k8s", workload("Deployment", { image: "registry.example.cn/inference/gateway:1.4.0", ...SIZED })),
  },
  // The model servers (components/model-server) are our own workloads: the pack judges them like any other.
  {
    rule: "k8s-requests-limits", title: "a real model server as rendered", stack: "prod", fires: [],
    edit: () => undefined,
  },
  {
    rule: "k8s-requests-limits", title: "a model server without its memory limit", stack: "prod", fires: ["k8s-requests-limits"],
    edit: (s) => { delete modelServer(s, "frankfurt-model-qwen25-7b-premium").container.resources.limits.memory; },
  },
  {
    rule: "k8s-gpu-workloads", title: "a model server that lost the GPU toleration", stack: "prod", fires: ["k8s-gpu-workloads"],
    edit: (s) => { modelServer(s, "frankfurt-model-qwen25-7b-batch").pod.tolerations = []; },
  },
  {
    rule: "k8s-no-privileged", title: "a model server container made privileged", stack: "prod", fires: ["k8s-no-privileged"],
    edit: (s) => { modelServer(s, "frankfurt-model-qwen25-7b-premium").container.securityContext.privileged = true; },
  },
  {
    rule: "china-images-from-region-registry", title: "the China model server pulling vLLM from Docker Hub", stack: "prod", fires: ["china-images-from-region-registry"],
    edit: (s) => { modelServer(s, "china-model-qwen25-7b-premium").container.image = "docker.io/vllm/vllm-openai:v0.29.0"; },
  },
];
