// Keda under mocks: the pinned release, every image the chart runs through the China mirror,
// the image pins held to what the pinned chart declares, placement, and refusals.
import * as pulumi from "@pulumi/pulumi";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { Namespace } from "@pulumi/kubernetes/core/v1/namespace";
import { beforeAll, describe, expect, it } from "vitest";
import { Keda, KEDA_CHART, KEDA_IMAGES, type KedaArgs } from "../../components/keda";
import { KEDA_CHART_FACTS } from "../../components/keda/chart-facts";
import { imageFrom } from "../../components/lib/images";
import { recordRegistrations, refusedBy } from "../support/components";

const MIRROR = "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/mirror";
const CHART_MIRROR = "oci://111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/charts";
const RELEASE = "kubernetes:helm.sh/v3:Release";

/** Chart values are free-form: tests read them by path. */
type Values = Record<string, any>;

/**
 * The image a chart Deployment runs, as the pinned chart's template renders it from
 * `image.<key>`: `<global or own registry>/<repository>:<tag or appVersion>`.
 */
function renderedImage(values: Values, key: string): string {
  const own = values.image?.[key] ?? {};
  const registry: string = values.global?.image?.registry || own.registry || KEDA_CHART_FACTS.images[key as keyof typeof KEDA_CHART_FACTS.images].registry;
  const repository: string = own.repository || KEDA_CHART_FACTS.images[key as keyof typeof KEDA_CHART_FACTS.images].repository;
  const tag: string = own.tag || KEDA_CHART_FACTS.appVersion;
  return registry ? `${registry}/${repository}:${tag}` : `${repository}:${tag}`;
}

const registered: pulumi.runtime.MockResourceArgs[] = [];
/** Release name → URNs it depends on, as registered. */
const dependencies = new Map<string, string[]>();
const built: Record<string, Keda> = {};
const refusals: Record<string, string[]> = {};
let afterUrn = "";

interface MonitorLike {
  registerResource(req: { getType(): string; getName(): string; getDependenciesList(): string[] }, cb: (err: unknown, resp: unknown) => void): void;
}

const release = (name: string): { chart: string; version: string; namespace: string; repositoryOpts?: Record<string, unknown>; values: Values } => {
  const found = registered.filter((r) => r.type === RELEASE && r.name === name);
  expect(found).toHaveLength(1);
  return found[0]!.inputs;
};
const resolve = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((ok) => o.apply(ok));

beforeAll(async () => {
  await recordRegistrations(registered, "cn-north-1");
  const monitor = (pulumi.runtime as unknown as { getMonitor(): MonitorLike }).getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    if (req.getType() === RELEASE) dependencies.set(req.getName(), req.getDependenciesList());
    register(req, cb);
  };
  const providers = { kubernetes: new KubernetesProvider("k8s", { kubeconfig: "{}" }) };
  const after = new Namespace("system-ready", {}, { provider: providers.kubernetes });
  afterUrn = await resolve(after.urn);

  built.china = new Keda("china-keda", {
    imageMirror: MIRROR, chartMirror: CHART_MIRROR, chartRegistryAuth: { username: "AWS", password: "token" }, installAfter: [after],
  }, { providers });
  built.upstream = new Keda("frankfurt-keda", { namespace: "autoscaling", replicas: 3, resources: { operator: { memoryRequest: "256Mi" } } }, { providers });
  const refused: Array<[string, Partial<KedaArgs>]> = [
    ["refused-replicas", { replicas: 0, namespace: "Keda" }],
    ["refused-resources", { resources: { webhooks: { memoryRequest: "2Gi", memoryLimit: "1Gi" } } }],
  ];
  for (const [name, bad] of refused) refusals[name] = refusedBy(() => new Keda(name, bad, { providers }));
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
});

describe("Keda chart and images", () => {
  it("pins the chart to one exact version, the one whose values were recorded", () => {
    expect(KEDA_CHART.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(KEDA_CHART).toEqual({ chart: KEDA_CHART_FACTS.chart, version: KEDA_CHART_FACTS.chartVersion, repository: "https://kedacore.github.io/charts" });
    for (const name of ["china-keda", "frankfurt-keda"]) expect(release(name).version).toBe("2.20.2");
    expect(KEDA_CHART_FACTS.recorded).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(KEDA_CHART_FACTS.source).toContain(`/tree/v${KEDA_CHART_FACTS.chartVersion}/`);
  });

  it("sets every image tag to what the pinned chart's values.yaml declares (its appVersion), from the chart's registry and repository", () => {
    expect(Object.keys(KEDA_IMAGES).sort()).toEqual(Object.keys(KEDA_CHART_FACTS.images).sort());
    for (const [key, image] of Object.entries(KEDA_IMAGES)) {
      const declared = KEDA_CHART_FACTS.images[key as keyof typeof KEDA_CHART_FACTS.images];
      expect(image, key).toEqual({ ...declared, tag: KEDA_CHART_FACTS.appVersion });
      expect(release("frankfurt-keda").values.image[key].tag, key).toBe(KEDA_CHART_FACTS.appVersion);
    }
  });

  it("in China, fetches the chart from the chart mirror with the registry credentials", () => {
    const r = release("china-keda");
    expect(r.chart).toBe(`${CHART_MIRROR}/keda`);
    // The credentials travel as a secret (Pulumi's secret wrapper around them), never with an upstream repo.
    const opts = r.repositoryOpts as Values;
    expect(opts["4dabf18193072939515e22adb298388d"]).toBe("1b47061264138c4ac30d75fd1eb44270");
    expect(opts.value).toEqual({ username: "AWS", password: "token" });
  });

  it("in China, rewrites every image the chart runs to the region's mirror, as the chart renders it from the release values", () => {
    const values = release("china-keda").values;
    const rendered = Object.keys(KEDA_CHART_FACTS.images).map((key) => renderedImage(values, key));
    expect(rendered).toEqual([
      `${MIRROR}/ghcr.io/kedacore/keda:2.20.2`,
      `${MIRROR}/ghcr.io/kedacore/keda-metrics-apiserver:2.20.2`,
      `${MIRROR}/ghcr.io/kedacore/keda-admission-webhooks:2.20.2`,
    ]);
    for (const image of rendered) expect(image.split("/")[0]).toBe("111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn");
    expect(built.china!.images).toEqual({ operator: rendered[0], metricsApiServer: rendered[1], webhooks: rendered[2] });
  });

  it("without a mirror, runs exactly the chart's own images and fetches the chart upstream", () => {
    const r = release("frankfurt-keda");
    expect(Object.keys(KEDA_CHART_FACTS.images).map((key) => renderedImage(r.values, key)))
      .toEqual(Object.values(KEDA_CHART_FACTS.images).map((i) => `${i.registry}/${i.repository}:${KEDA_CHART_FACTS.appVersion}`));
    expect(r.chart).toBe("keda");
    expect(r.repositoryOpts).toEqual({ repo: "https://kedacore.github.io/charts" });
    expect(built.upstream!.images.operator).toBe(imageFrom(KEDA_IMAGES.keda));
  });
});

describe("Keda release", () => {
  it("installs into namespace keda by default, or the one set, and says so in its outputs", async () => {
    expect(release("china-keda").namespace).toBe("keda");
    expect(release("frankfurt-keda").namespace).toBe("autoscaling");
    expect(built.china!.namespace).toBe("keda");
    expect(built.china!.chartVersion).toBe(KEDA_CHART_FACTS.chartVersion);
    expect(await resolve(built.china!.releaseName)).toBe("china-keda");
  });

  it("runs two replicas of each Deployment by default, each with a budget of one pod down, spread over zones and nodes", () => {
    const v = release("china-keda").values;
    expect([v.operator.replicaCount, v.metricsServer.replicaCount, v.webhooks.replicaCount]).toEqual([2, 2, 2]);
    expect(v.podDisruptionBudget).toEqual({ operator: { maxUnavailable: 1 }, metricServer: { maxUnavailable: 1 }, webhooks: { maxUnavailable: 1 } });
    const apps = { operator: "keda-operator", metricsServer: "keda-operator-metrics-apiserver", webhooks: "keda-admission-webhooks" };
    for (const [key, app] of Object.entries(apps)) {
      expect(v.topologySpreadConstraints[key].map((c: Values) => c.topologyKey), key).toEqual(["topology.kubernetes.io/zone", "kubernetes.io/hostname"]);
      for (const c of v.topologySpreadConstraints[key]) expect(c).toMatchObject({ maxSkew: 1, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app } } });
    }
    expect(v.nodeSelector).toEqual({ "inference.platform/pool": "system" });
    expect(v.priorityClassName).toBe("system-cluster-critical");
    expect(v.image.pullPolicy).toBe("IfNotPresent");
  });

  it("puts the replicas and resources set on every Deployment, requests and limits both", () => {
    const v = release("frankfurt-keda").values;
    expect([v.operator.replicaCount, v.metricsServer.replicaCount, v.webhooks.replicaCount]).toEqual([3, 3, 3]);
    expect(v.resources.operator).toEqual({ requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1000Mi" } });
    expect(v.resources.metricServer).toEqual({ requests: { cpu: "100m", memory: "100Mi" }, limits: { cpu: "1", memory: "1000Mi" } });
    expect(v.resources.webhooks).toEqual({ requests: { cpu: "100m", memory: "100Mi" }, limits: { cpu: "1", memory: "1000Mi" } });
  });

  it("waits for installAfter, and for nothing when none is given", () => {
    expect(dependencies.get("china-keda")).toContain(afterUrn);
    expect(dependencies.get("frankfurt-keda")).toEqual([]);
  });

  it("refuses bad settings with one error listing them, before any child registers", () => {
    expect(refusals["refused-replicas"]).toEqual(["namespace: a Kubernetes namespace name", "replicas: from 1 to 3"]);
    expect(refusals["refused-resources"]).toEqual(["resources.webhooks.memoryRequest: 2Gi is above memoryLimit 1Gi: a request must not exceed its limit"]);
    expect(registered.filter((r) => r.name.startsWith("refused") && r.type !== "inference:scaling:Keda")).toEqual([]);
  });
});
