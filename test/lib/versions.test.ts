// The version tables: Kubernetes versions on EKS against a pinned "today", and every pinned chart against
// the image tags the components set. Pure, except the last block, which reads the stack config through
// Pulumi's runtime config to see the loader's warning.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { AUTOSCALER_IMAGE_TAGS, CLUSTER_AUTOSCALER_CHART } from "../../components/cluster-autoscaler";
import { ENVOY_GATEWAY_CHART, ENVOY_GATEWAY_IMAGES } from "../../components/front-door/chart";
import { LB_CONTROLLER_CHART, LB_CONTROLLER_TAG } from "../../components/ingress/controller";
import { KEDA_CHART, KEDA_IMAGES } from "../../components/keda";
import { imageVersionProblems, PINNED_CHARTS, versionLine, type ImageWeSet, type PinnedChartFacts } from "../../components/lib/chart-versions";
import type { ChartSource } from "../../components/lib/helm";
import {
  EKS_KUBERNETES_VERSIONS, KNOWN_KUBERNETES_VERSIONS, kubernetesVersionRefusal, kubernetesVersionWarning, KUBERNETES_VERSIONS_RECORDED,
} from "../../components/lib/kubernetes-versions";
import { kubernetesVersionSchemaOn, SUPPORTED_KUBERNETES_VERSIONS } from "../../components/lib/regions";
import { DCGM_EXPORTER_CHART, dcgmExporterValues, KUBE_PROMETHEUS_STACK_CHART, kubePrometheusStackValues } from "../../components/monitoring/values";
import { DEVICE_PLUGIN_CHART, DEVICE_PLUGIN_IMAGE } from "../../components/nvidia-device-plugin";
import { loadStackConfig, readingStackFile } from "../../infra/config";
import { stackConfigMap } from "../../infra/plan/harness";
import { platformMocks } from "../../infra/plan/mocks";
import { REPO_ROOT } from "../support/render";

const on = (day: string) => new Date(`${day}T09:30:00Z`);
const refusalOn = (day: string, version: unknown) => {
  const parsed = kubernetesVersionSchemaOn(on(day)).safeParse(version);
  return parsed.success ? undefined : parsed.error.issues.map((i) => i.message);
};

describe("Kubernetes versions on EKS", () => {
  it("records the EKS calendar's ends of standard support, oldest first, 1.36's as an approximate month", () => {
    expect(KUBERNETES_VERSIONS_RECORDED).toBe("2026-11-29");
    expect(KNOWN_KUBERNETES_VERSIONS).toEqual(["1.34", "1.35", "1.36"]);
    expect(EKS_KUBERNETES_VERSIONS).toEqual({
      "1.34": { endOfStandardSupport: "2026-12-02" },
      "1.35": { endOfStandardSupport: "2027-03-27" },
      "1.36": { endOfStandardSupport: "2027-08-01", approximate: true },
    });
    // The policy pack's default list is the table on the day it was read.
    expect(SUPPORTED_KUBERNETES_VERSIONS).toEqual(["1.34", "1.35", "1.36"]);
  });

  it("allows every version in standard support, 1.36 included, and 1.34 up to its last day", () => {
    for (const v of ["1.34", "1.35", "1.36"]) expect(refusalOn("2026-11-29", v), v).toBeUndefined();
    expect(refusalOn("2026-12-01", "1.34")).toBeUndefined();
    expect(refusalOn("2027-07-31", "1.36")).toBeUndefined();
  });

  it("refuses a version past its end, naming the day and what is allowed that day", () => {
    expect(refusalOn("2026-12-02", "1.34")).toEqual([
      "1.34 left EKS standard support on 2026-12-02 (extended support is billed per cluster hour); " +
        "one of 1.35, 1.36 (EKS standard support on 2026-12-02, calendar read 2026-11-29)",
    ]);
    expect(refusalOn("2027-08-01", "1.36")?.[0]).toMatch(/^1\.36 left EKS standard support on about 2027-08 .*; no version of components\/lib\/kubernetes-versions\.ts is in EKS standard support on 2027-08-01, calendar read 2026-11-29; re-read the EKS calendar$/);
  });

  it("refuses a version the table lacks, a patch version and a number, listing the allowed ones", () => {
    const allowed = "one of 1.34, 1.35, 1.36 (EKS standard support on 2026-11-29, calendar read 2026-11-29)";
    for (const v of ["1.33", "1.37", "1.34.2", 1.35, undefined]) expect(refusalOn("2026-11-29", v), String(v)).toEqual([allowed]);
    expect(kubernetesVersionRefusal("1.21", on("2027-01-10"))).toBe("one of 1.35, 1.36 (EKS standard support on 2027-01-10, calendar read 2026-11-29)");
  });

  it("warns within 30 days of the end, naming the next version, and not before or after", () => {
    expect(kubernetesVersionWarning("1.34", on("2026-11-29"))).toBe("1.34 leaves EKS standard support on 2026-12-02, in 3 day(s); upgrade to 1.35 before then");
    expect(kubernetesVersionWarning("1.34", on("2026-11-02"))).toMatch(/in 30 day\(s\)/);
    expect(kubernetesVersionWarning("1.34", on("2026-11-01"))).toBeUndefined();
    expect(kubernetesVersionWarning("1.34", on("2026-12-02"))).toBeUndefined();
    expect(kubernetesVersionWarning("1.35", on("2026-11-29"))).toBeUndefined();
    expect(kubernetesVersionWarning("1.36", on("2027-07-15"))).toBe("1.36 leaves EKS standard support on about 2027-08, in 17 day(s); no newer version is in the table: re-read the EKS calendar");
  });

  it("keeps Pulumi.yaml's default version in the table", () => {
    const project = parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8"));
    expect(refusalOn(KUBERNETES_VERSIONS_RECORDED, project.config.kubernetesVersion.default)).toBeUndefined();
  });
});

/** Every image tag a component sets on a pinned chart, read from the components. */
const IMAGES_WE_SET: ImageWeSet[] = [
  ...KNOWN_KUBERNETES_VERSIONS.map((v): ImageWeSet => ({ chart: "cluster-autoscaler", image: "autoscaler", tag: AUTOSCALER_IMAGE_TAGS[v] })),
  { chart: "aws-load-balancer-controller", image: "controller", tag: LB_CONTROLLER_TAG },
  { chart: "nvidia-device-plugin", image: "plugin", tag: DEVICE_PLUGIN_IMAGE.tag },
  { chart: "dcgm-exporter", image: "exporter", tag: (dcgmExporterValues({ prometheusRelease: "p" }).image as { tag: string }).tag },
  ...Object.entries(KEDA_IMAGES).map(([image, i]): ImageWeSet => ({ chart: "keda", image, tag: i.tag })),
  ...Object.entries(ENVOY_GATEWAY_IMAGES).map(([image, i]): ImageWeSet => ({ chart: "gateway-helm", image, tag: i.tag })),
];

/** Each component's pinned chart, keyed like the table. */
const COMPONENT_CHARTS: Record<keyof typeof PINNED_CHARTS, ChartSource> = {
  "cluster-autoscaler": CLUSTER_AUTOSCALER_CHART,
  "aws-load-balancer-controller": LB_CONTROLLER_CHART,
  "nvidia-device-plugin": DEVICE_PLUGIN_CHART,
  "kube-prometheus-stack": KUBE_PROMETHEUS_STACK_CHART,
  "dcgm-exporter": DCGM_EXPORTER_CHART,
  keda: KEDA_CHART,
  "gateway-helm": ENVOY_GATEWAY_CHART,
};

describe("pinned charts and the images we set", () => {
  it("records every chart a component pins, at the version it pins", () => {
    for (const [name, source] of Object.entries(COMPONENT_CHARTS)) {
      const facts: PinnedChartFacts = PINNED_CHARTS[name as keyof typeof PINNED_CHARTS];
      expect({ chart: source.chart, version: source.version }, name).toEqual({ chart: facts.chart, version: facts.version });
      expect(facts.source, name).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+\/tree\//);
    }
  });

  it("runs every image on the version line its chart was written for, or says why and is granted what that line watches", () => {
    expect(IMAGES_WE_SET.filter((i) => i.chart === "cluster-autoscaler").map((i) => i.tag)).toEqual(["v1.34.5", "v1.35.2", "v1.36.1"]);
    expect(imageVersionProblems(IMAGES_WE_SET)).toEqual([]);
    // Every image the table knows is one a component sets (kube-prometheus-stack's keep the chart's tags).
    const set = new Set(IMAGES_WE_SET.map((i) => `${i.chart}/${i.image}`));
    for (const [chart, facts] of Object.entries(PINNED_CHARTS)) for (const image of Object.keys(facts.chartTags)) expect(set, `${chart}/${image}`).toContain(`${chart}/${image}`);
  });

  it("leaves kube-prometheus-stack's image tags to the chart", () => {
    const values = kubePrometheusStackValues({
      releaseName: "r", region: "cn-north-1", imageMirror: "mirror.example.cn", storageClassName: "gp3", retention: "15d", storageGiB: 50,
      prometheusReplicas: 2, alertmanagerReplicas: 2, alertmanagerConfig: {}, alertmanagerSecrets: [], alertmanagerServiceAccount: "am",
      alertmanagerServiceAccountAnnotations: {}, grafanaAdminSecret: "g",
    });
    expect(JSON.stringify(values)).toContain("mirror.example.cn");
    expect(JSON.stringify(values)).not.toMatch(/"(tag|imageTag)":/);
  });

  it("refuses the former autoscaler pin: chart 9.52.1 (for 1.34) under a 1.35 image lacks the resource.k8s.io grants", () => {
    const current = PINNED_CHARTS["cluster-autoscaler"];
    const chart952: PinnedChartFacts = {
      ...current, version: "9.52.1", appVersion: "1.34.1", chartTags: { autoscaler: "v1.34.1" },
      listsAndWatches: current.listsAndWatches.filter((r) => !r.startsWith("resource.k8s.io/") && r !== "core/podtemplates"),
      otherLines: { autoscaler: { "1.35": { reason: "the cluster runs 1.35", listsAndWatches: current.otherLines.autoscaler["1.36"].listsAndWatches } } },
    };
    expect(imageVersionProblems([{ chart: "cluster-autoscaler", image: "autoscaler", tag: "v1.35.0" }], { ...PINNED_CHARTS, "cluster-autoscaler": chart952 })).toEqual([
      "cluster-autoscaler 9.52.1 autoscaler v1.35.0: the chart was written for v1.34.1; its RBAC does not let 1.35 list and watch " +
        "resource.k8s.io/resourceslices, resource.k8s.io/deviceclasses, resource.k8s.io/resourceclaims, core/podtemplates",
    ]);
  });

  it("refuses another version line nobody explained, and an image the chart does not declare; a patch release passes", () => {
    expect(imageVersionProblems([
      { chart: "keda", image: "keda", tag: "2.19.0" },
      { chart: "keda", image: "operator", tag: "2.20.2" },
      { chart: "keda", image: "webhooks", tag: "2.20.9" },
    ])).toEqual([
      "keda 2.20.2 keda 2.19.0: the chart was written for 2.20.2; run its line, or record why another line runs under otherLines",
      "keda operator: the chart declares no such image",
    ]);
    expect(imageVersionProblems([{ chart: "cluster-autoscaler", image: "autoscaler", tag: "v1.37.0" }])).toEqual([
      "cluster-autoscaler 9.59.0 autoscaler v1.37.0: the chart was written for v1.35.0; run its line, or record why another line runs under otherLines",
    ]);
  });

  it("cuts tags to their version line", () => {
    expect(["v1.35.2", "4.5.3-4.8.2-distroless", "distroless-v1.39.0", "17b1956c", "2.20.2"].map(versionLine)).toEqual(["1.35", "4.5-4.8-distroless", "distroless-1.39", "17b1956c", "2.20"]);
  });

  it("installs on every Kubernetes version of the table (Helm's kubeVersion floors)", () => {
    const minor = (v: string) => Number(v.split(".")[1]);
    for (const [chart, facts] of Object.entries(PINNED_CHARTS) as Array<[string, PinnedChartFacts]>) {
      if (facts.minKubernetes) for (const v of KNOWN_KUBERNETES_VERSIONS) expect(minor(v), `${chart} on ${v}`).toBeGreaterThanOrEqual(minor(facts.minKubernetes));
    }
  });
});

describe("the stack loader's warning", () => {
  let warnings: string[] = [];
  /** The dev stack's config with `version`, through Pulumi's runtime config, loaded on `day`; returns the version warnings printed. */
  const loadOn = async (version: string, day: string): Promise<string[]> => {
    await pulumi.runtime.setMocks(platformMocks(() => "eu-central-1"), "inference-platform", "dev", false);
    pulumi.runtime.setAllConfig({ ...stackConfigMap(REPO_ROOT, "dev").config, "inference-platform:kubernetesVersion": version });
    readingStackFile(undefined);
    warnings = [];
    expect(loadStackConfig(on(day)).kubernetesVersion).toBe(version);
    return warnings.filter((w) => w.includes("kubernetesVersion"));
  };
  const warn = vi.spyOn(pulumi.log, "warn");
  beforeAll(() => { warn.mockImplementation(async (message: string) => { warnings.push(message); }); });
  afterAll(() => warn.mockRestore());

  it("prints a warning, naming file, key and value, for a version within 30 days of its end; none for one further off", async () => {
    expect(await loadOn("1.35", "2027-03-01")).toEqual([
      'Pulumi.dev.yaml inference-platform:kubernetesVersion (got "1.35"): 1.35 leaves EKS standard support on 2027-03-27, in 26 day(s); upgrade to 1.36 before then',
    ]);
    expect(await loadOn("1.35", "2027-02-24")).toEqual([]);
  });
});
