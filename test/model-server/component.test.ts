// ModelServer under Pulumi mocks: the Deployment (GPUs, placement, probes, drain, restricted Pod Security, weights
// from S3 through the partition's endpoints), its Service, PDB, ScaledObject and PodMonitor.
import * as pulumi from "@pulumi/pulumi";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { Namespace } from "@pulumi/kubernetes/core/v1/namespace";
import { beforeAll, describe, expect, it } from "vitest";
import { GPU_TAINT } from "../../components/gpu-node-pool/taint";
import { MODEL_SERVER_LABELS, ModelServer } from "../../components/model-server";
import { labelsMatchSelector } from "../../components/monitoring/selectors";
import { parsePromQL } from "../../components/monitoring/promql";
import { kubePrometheusStackValues } from "../../components/monitoring/values";
import { recordRegistrations, waitForRPCs, onlyInputs } from "../support/components";
import { china, frankfurt, MIRROR } from "./fixtures";
import { restrictedViolations } from "./pod-security";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const SERVICE = "kubernetes:core/v1:Service";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
const SCALED_OBJECT = "kubernetes:keda.sh/v1alpha1:ScaledObject";
const POD_MONITOR = "kubernetes:monitoring.coreos.com/v1:PodMonitor";

type Obj = Record<string, any>;

const registered: pulumi.runtime.MockResourceArgs[] = [];
/** `type::name` → URNs it waits for, as sent to the engine. */
const dependencies = new Map<string, string[]>();
const urns = new Map<string, string>();
const servers: Record<string, ModelServer> = {};
let crdsUrn = "";
let providers: { kubernetes: KubernetesProvider };

interface MonitorLike {
  registerResource(req: { getType(): string; getName(): string; getDependenciesList(): string[] }, cb: (err: unknown, resp?: { getUrn(): string }) => void): void;
}
const resolve = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((ok) => o.apply(ok));

const one = (type: string, name: string): Obj => onlyInputs(registered, type, name);
const pod = (name: string): Obj => one(DEPLOYMENT, name).spec.template.spec;
const vllm = (name: string): Obj => pod(name).containers[0];
const env = (name: string): Record<string, string> => Object.fromEntries(vllm(name).env.map((e: Obj) => [e.name, e.value]));

beforeAll(async () => {
  await recordRegistrations(registered, "eu-central-1");
  const monitor = (pulumi.runtime as unknown as { getMonitor(): MonitorLike }).getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => register(req, (err, resp) => {
    if (!err && resp) {
      dependencies.set(`${req.getType()}::${req.getName()}`, req.getDependenciesList());
      urns.set(`${req.getType()}::${req.getName()}`, resp.getUrn());
    }
    cb(err, resp);
  });
  providers = { kubernetes: new KubernetesProvider("k8s", { kubeconfig: "{}" }) };
  const crds = new Namespace("crds-ready", {}, { provider: providers.kubernetes });
  crdsUrn = await resolve(crds.urn);
  servers.fra = new ModelServer("fra", frankfurt, { providers });
  servers.cn = new ModelServer("cn", { ...china, customResourcesAfter: [crds] }, { providers });
  await waitForRPCs();
});

describe("ModelServer's Deployment", () => {
  it("is one Deployment named <modelName>-<tier>, its replicas left to KEDA", () => {
    expect(one(DEPLOYMENT, "fra").metadata).toMatchObject({ name: "qwen3-8b-premium", namespace: "inference" });
    expect(one(DEPLOYMENT, "cn").metadata.name).toBe("qwen3-32b-batch");
    expect(one(DEPLOYMENT, "fra").spec.replicas).toBeUndefined();
    expect(servers.fra!.deploymentName).toBe("qwen3-8b-premium");
  });

  it("runs the pinned vLLM image, through the region's mirror in China", () => {
    expect(vllm("fra").image).toBe("docker.io/vllm/vllm-openai:v0.29.0");
    expect(vllm("cn").image).toBe(`${MIRROR}/docker.io/vllm/vllm-openai:v0.29.0`);
  });

  it("asks for GPUs = tensor-parallel size, requests equal to limits, with CPU and memory", () => {
    expect(vllm("fra").resources).toEqual({
      requests: { cpu: "3", memory: "12Gi", "nvidia.com/gpu": "1" },
      limits: { memory: "12Gi", "nvidia.com/gpu": "1" },
    });
    const big = vllm("cn").resources;
    expect(big).toEqual({ requests: { cpu: "40", memory: "160Gi", "nvidia.com/gpu": "4" }, limits: { memory: "160Gi", "nvidia.com/gpu": "4" } });
    expect(vllm("cn").args).toContain("--tensor-parallel-size=4");
  });

  it("gives /dev/shm a memory-backed emptyDir of the set size", () => {
    expect(pod("fra").volumes).toContainEqual({ name: "shm", emptyDir: { medium: "Memory", sizeLimit: "2Gi" } });
    expect(pod("cn").volumes).toContainEqual({ name: "shm", emptyDir: { medium: "Memory", sizeLimit: "16Gi" } });
    expect(vllm("cn").volumeMounts).toContainEqual({ name: "shm", mountPath: "/dev/shm" });
  });

  it("tolerates the GPU taint, pins to its pool's nodes and spreads over zones", () => {
    const spec = pod("cn");
    expect(spec.tolerations).toEqual([{ key: GPU_TAINT.key, operator: "Exists", effect: "NoSchedule" }]);
    expect(spec.nodeSelector).toEqual({ "inference.platform/pool": "china-gpu-g5-12xl" });
    expect(spec.topologySpreadConstraints).toEqual([{
      maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway",
      labelSelector: { matchLabels: { "app.kubernetes.io/name": "vllm", "app.kubernetes.io/instance": "qwen3-32b-batch" } },
      matchLabelKeys: ["pod-template-hash"],
    }]);
  });

  it("sizes the startup probe for the model load, then reads /health for readiness and liveness", () => {
    for (const [name, startupSeconds] of [["fra", 600], ["cn", 905]] as const) {
      const c = vllm(name);
      expect(c.startupProbe.httpGet).toEqual({ path: "/health", port: "http" });
      expect(c.startupProbe.failureThreshold * c.startupProbe.periodSeconds).toBeGreaterThanOrEqual(startupSeconds);
      expect(c.readinessProbe.httpGet).toEqual({ path: "/health", port: "http" });
      expect(c.livenessProbe.httpGet).toEqual({ path: "/health", port: "http" });
    }
    expect(vllm("cn").startupProbe).toMatchObject({ periodSeconds: 10, failureThreshold: 91 });
  });

  it("drains: preStop outlasts deregistration, vLLM drains in what the grace leaves, then exits", () => {
    expect(vllm("fra").lifecycle).toEqual({ preStop: { sleep: { seconds: 15 } } });
    expect(pod("fra").terminationGracePeriodSeconds).toBe(180);
    expect(vllm("fra").args).toContain("--shutdown-timeout=160");
    expect(vllm("cn").lifecycle.preStop.sleep.seconds).toBe(20);
    expect(pod("cn").terminationGracePeriodSeconds).toBe(300);
    expect(vllm("cn").args).toContain("--shutdown-timeout=275");
  });

  it("meets Pod Security `restricted`: non-root numeric UID, no escalation, no capabilities, RuntimeDefault seccomp", () => {
    for (const name of ["fra", "cn"]) {
      expect(restrictedViolations(pod(name))).toEqual([]);
      expect(pod(name).securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 2000, seccompProfile: { type: "RuntimeDefault" } });
      expect(vllm(name).securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    }
  });

  it("the restricted check refuses what admission would refuse", () => {
    const spec = structuredClone(pod("fra"));
    spec.hostIPC = true;
    spec.volumes.push({ name: "models", hostPath: { path: "/models" } });
    spec.containers[0].securityContext = { capabilities: { add: ["SYS_ADMIN"] } };
    spec.securityContext = { runAsUser: 0 };
    expect(restrictedViolations(spec)).toEqual([
      "hostIPC is true", "volume models is hostPath",
      "vllm: allowPrivilegeEscalation is not false", "vllm: capabilities do not drop ALL", "vllm: adds capability SYS_ADMIN",
      "vllm: runAsNonRoot is not true", "vllm: runAsUser is 0", "vllm: seccomp profile is not RuntimeDefault or Localhost", "pod: runAsUser is 0",
    ]);
  });

  it("gives HOME, /tmp and the caches writable emptyDirs and points vLLM's caches at them", () => {
    const mounts = Object.fromEntries(vllm("fra").volumeMounts.map((m: Obj) => [m.name, m.mountPath]));
    expect(mounts).toEqual({ shm: "/dev/shm", home: "/home/vllm", tmp: "/tmp", cache: "/var/cache/vllm" });
    for (const name of ["home", "tmp", "cache"]) expect(pod("fra").volumes.find((v: Obj) => v.name === name).emptyDir).toBeDefined();
    expect(env("fra")).toMatchObject({
      HOME: "/home/vllm", USER: "vllm", TMPDIR: "/tmp", XDG_CACHE_HOME: "/var/cache/vllm", VLLM_CACHE_ROOT: "/var/cache/vllm/vllm",
      HF_HOME: "/var/cache/vllm/huggingface", TRITON_CACHE_DIR: "/var/cache/vllm/triton", TORCHINDUCTOR_CACHE_DIR: "/var/cache/vllm/torchinductor",
    });
  });

  it("downloads nothing from a public hub and sends no usage data", () => {
    for (const name of ["fra", "cn"]) {
      expect(env(name)).toMatchObject({ HF_HUB_OFFLINE: "1", TRANSFORMERS_OFFLINE: "1", VLLM_NO_USAGE_STATS: "1", DO_NOT_TRACK: "1" });
      expect(JSON.stringify(vllm(name).args)).not.toMatch(/huggingface\.co|hf\.co/);
    }
  });

  it("streams the weights from S3 with the Run:ai loader, as the weights reader", () => {
    expect(vllm("fra").command).toEqual(["vllm", "serve"]);
    expect(vllm("fra").args).toEqual([
      "s3://prod-frankfurt-weights/models/qwen3-8b/", "--host=0.0.0.0", "--port=8000", "--served-model-name=Qwen/Qwen3-8B",
      "--tensor-parallel-size=1", "--load-format=runai_streamer", "--shutdown-timeout=160",
    ]);
    expect(vllm("cn").args.slice(0, 1)).toEqual(["s3://prod-china-weights/models/qwen3-32b/"]);
    expect(vllm("cn").args.slice(-3)).toEqual(["--max-model-len=8192", "--enable-prefix-caching", "--gpu-memory-utilization=0.92"]);
    expect(pod("fra")).toMatchObject({ serviceAccountName: "model-server", automountServiceAccountToken: false, enableServiceLinks: false });
  });

  it("reaches S3 and STS at the partition's regional endpoints (.amazonaws.com.cn in China)", () => {
    expect(env("fra")).toMatchObject({
      AWS_REGION: "eu-central-1", AWS_DEFAULT_REGION: "eu-central-1", AWS_STS_REGIONAL_ENDPOINTS: "regional",
      AWS_ENDPOINT_URL: "https://s3.eu-central-1.amazonaws.com", AWS_ENDPOINT_URL_S3: "https://s3.eu-central-1.amazonaws.com",
      AWS_ENDPOINT_URL_STS: "https://sts.eu-central-1.amazonaws.com",
    });
    expect(env("cn")).toMatchObject({
      AWS_REGION: "cn-north-1", AWS_DEFAULT_REGION: "cn-north-1",
      AWS_ENDPOINT_URL: "https://s3.cn-north-1.amazonaws.com.cn", AWS_ENDPOINT_URL_S3: "https://s3.cn-north-1.amazonaws.com.cn",
      AWS_ENDPOINT_URL_STS: "https://sts.cn-north-1.amazonaws.com.cn",
    });
    expect(Object.values(env("cn")).filter((v) => v.includes("amazonaws.com") && !v.endsWith(".amazonaws.com.cn"))).toEqual([]);
  });

  it("caps the streamer's CPU buffer at half of what /dev/shm leaves of the memory limit", () => {
    expect(env("fra").RUNAI_STREAMER_MEMORY_LIMIT).toBe(String(5 * 1024 ** 3));
    expect(env("cn").RUNAI_STREAMER_MEMORY_LIMIT).toBe(String(72 * 1024 ** 3));
  });

  it("runs at its tier's priority", () => {
    expect(pod("fra").priorityClassName).toBe("premium");
    expect(pod("cn").priorityClassName).toBe("batch");
    expect(one(DEPLOYMENT, "cn").spec.template.metadata.labels).toMatchObject({ ...MODEL_SERVER_LABELS, "inference.platform/tier": "batch", "inference.platform/model": "qwen3-32b" });
  });
});

describe("ModelServer's Service and PodDisruptionBudget", () => {
  it("has a ClusterIP Service on port 8000 named http, selecting the Deployment's pods", () => {
    const svc = one(SERVICE, "fra");
    expect(svc.metadata).toMatchObject({ name: "qwen3-8b-premium", namespace: "inference" });
    expect(svc.spec).toEqual({
      type: "ClusterIP",
      selector: { "app.kubernetes.io/name": "vllm", "app.kubernetes.io/instance": "qwen3-8b-premium" },
      ports: [{ name: "http", port: 8000, targetPort: "http", protocol: "TCP" }],
    });
    expect(svc.spec.selector).toEqual(one(DEPLOYMENT, "fra").spec.selector.matchLabels);
    expect(labelsMatchSelector(one(DEPLOYMENT, "fra").spec.template.metadata.labels, { matchLabels: svc.spec.selector })).toBe(true);
    expect(labelsMatchSelector(one(DEPLOYMENT, "cn").spec.template.metadata.labels, { matchLabels: svc.spec.selector })).toBe(false);
  });

  it("lets voluntary disruptions take one replica at a time, and drains pass unhealthy pods", () => {
    const pdb = one(PDB, "cn");
    expect(pdb.spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { "app.kubernetes.io/name": "vllm", "app.kubernetes.io/instance": "qwen3-32b-batch" } },
      unhealthyPodEvictionPolicy: "AlwaysAllow",
    });
    expect(labelsMatchSelector(one(DEPLOYMENT, "cn").spec.template.metadata.labels, pdb.spec.selector)).toBe(true);
  });

  it("publishes the in-cluster URL", async () => {
    expect(await resolve(servers.cn!.url)).toBe("http://qwen3-32b-batch.inference.svc:8000");
  });
});

describe("ModelServer's ScaledObject", () => {
  it("scales its Deployment on the requests waiting in its own pods, per replica target", () => {
    const so = one(SCALED_OBJECT, "fra");
    expect(so.apiVersion).toBe("keda.sh/v1alpha1");
    expect(so.spec.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: "qwen3-8b-premium" });
    expect(so.spec.triggers).toEqual([{
      type: "prometheus",
      metricType: "AverageValue",
      metadata: {
        serverAddress: "http://kube-prometheus-prometheus.monitoring.svc:9090",
        query: 'sum(vllm:num_requests_waiting{namespace="inference",app_kubernetes_io_instance="qwen3-8b-premium"})',
        threshold: "20",
        ignoreNullValues: "false",
      },
    }]);
    expect(parsePromQL(so.spec.triggers[0].metadata.query).ok).toBe(true);
    expect(one(SCALED_OBJECT, "cn").spec.triggers[0].metadata.threshold).toBe("30");
  });

  it("keeps to the wired replica bounds, falling back to the minimum unless set", () => {
    expect(one(SCALED_OBJECT, "fra").spec).toMatchObject({ minReplicaCount: 2, maxReplicaCount: 20, fallback: { failureThreshold: 3, replicas: 2 }, pollingInterval: 15 });
    expect(one(SCALED_OBJECT, "cn").spec).toMatchObject({ minReplicaCount: 3, maxReplicaCount: 40, fallback: { failureThreshold: 3, replicas: 5 }, pollingInterval: 30 });
    expect(servers.cn!.replicas).toEqual({ min: 3, max: 40 });
  });

  it("scales up at once and down slowly", () => {
    const behavior = one(SCALED_OBJECT, "fra").spec.advanced.horizontalPodAutoscalerConfig.behavior;
    expect(behavior.scaleUp).toMatchObject({ stabilizationWindowSeconds: 0, selectPolicy: "Max" });
    expect(behavior.scaleDown).toEqual({ stabilizationWindowSeconds: 600, selectPolicy: "Min", policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] });
    expect(one(SCALED_OBJECT, "cn").spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds).toBe(900);
  });

  it("waits for its Deployment and for what brings the CRDs", () => {
    expect(dependencies.get(`${SCALED_OBJECT}::cn`)).toEqual(expect.arrayContaining([urns.get(`${DEPLOYMENT}::cn`), crdsUrn]));
    expect(dependencies.get(`${POD_MONITOR}::cn`)).toContain(crdsUrn);
    expect(dependencies.get(`${SCALED_OBJECT}::fra`)).toEqual([urns.get(`${DEPLOYMENT}::fra`)]);
  });
});

describe("ModelServer's PodMonitor", () => {
  it("carries exactly the labels kube-prometheus-stack's podMonitorSelector matches", () => {
    const labels = one(POD_MONITOR, "fra").metadata.labels;
    expect(labels).toEqual({ release: "frankfurt-monitoring-kps", "app.kubernetes.io/part-of": "inference-platform" });
    const values = kubePrometheusStackValues({
      releaseName: "frankfurt-monitoring-kps", region: "eu-central-1", storageClassName: "gp3", retention: "30d", storageGiB: 100,
      prometheusReplicas: 1, alertmanagerReplicas: 1, alertmanagerConfig: {}, alertmanagerSecrets: [], alertmanagerServiceAccount: "am",
      alertmanagerServiceAccountAnnotations: {}, grafanaAdminSecret: "grafana",
    }) as Obj;
    const selector = values.prometheus.prometheusSpec.podMonitorSelector;
    expect(labelsMatchSelector(labels, selector)).toBe(true);
    expect(labelsMatchSelector(one(POD_MONITOR, "cn").metadata.labels, selector)).toBe(false);
  });

  it("scrapes /metrics on the pods' http port, keeping instance, tier, model and track as series labels", () => {
    const spec = one(POD_MONITOR, "cn").spec;
    expect(spec).toEqual({
      selector: { matchLabels: { "app.kubernetes.io/name": "vllm", "app.kubernetes.io/instance": "qwen3-32b-batch" } },
      podTargetLabels: ["app.kubernetes.io/instance", "inference.platform/tier", "inference.platform/model", "inference.platform/track"],
      podMetricsEndpoints: [{ port: "http", path: "/metrics", interval: "15s" }],
    });
    expect(labelsMatchSelector(one(DEPLOYMENT, "cn").spec.template.metadata.labels, spec.selector)).toBe(true);
    expect(vllm("cn").ports).toEqual([{ name: "http", containerPort: 8000, protocol: "TCP" }]);
  });
});
