import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { dashboardQueries, renderDashboard, renderDashboards } from "../../components/monitoring/dashboards";
import { parsePromQL } from "../../components/monitoring/promql";
import { VLLM_METRICS } from "../../components/monitoring/metric-names";
import { DEFAULT_THRESHOLDS } from "../../components/monitoring/thresholds";
import { REPO_ROOT } from "../support/render";

const DIR = path.join(REPO_ROOT, "components", "monitoring", "dashboards");
const PANELS: Record<string, string[]> = {
  inference: ["QPS", "Latency p50 / p99", "Error rate (5xx %)", "Queue depth", "Cache hit ratio", "Model servers",
    "Model server replicas: desired vs available", "Queue per replica (KEDA's target)",
    "Canary vs stable", "Canary vs stable: p99 latency", "Canary vs stable: 5xx %", "Canary vs stable: QPS"],
  gpu: ["GPU utilisation", "GPU memory used", "GPU power", "GPU temperature", "XID errors"],
  capacity: ["GPU nodes vs plan", "GPU nodes by pool", "GPUs requested vs allocatable", "Pending GPU pods"],
};
const inputs = { metrics: VLLM_METRICS, thresholds: DEFAULT_THRESHOLDS, plan: { minNodes: 9, desiredNodes: 25, maxNodes: 61 } };

describe("dashboard files", () => {
  it("are exactly the three dashboards, each valid JSON with a uid and a title", () => {
    expect(fs.readdirSync(DIR).sort()).toEqual(["capacity.json", "gpu.json", "inference.json"]);
    for (const file of fs.readdirSync(DIR)) {
      const d = JSON.parse(fs.readFileSync(path.join(DIR, file), "utf8"));
      expect(d.uid).toBe(`inference-platform-${file.replace(".json", "")}`);
      expect(typeof d.title).toBe("string");
      expect(Array.isArray(d.panels)).toBe(true);
    }
  });

  it.each(Object.entries(PANELS))("%s has its named panels", (stem, titles) => {
    const d = JSON.parse(fs.readFileSync(path.join(DIR, `${stem}.json`), "utf8"));
    const present = d.panels.map((p: { title: string }) => p.title);
    for (const t of titles) expect(present).toContain(t);
  });
});

describe("rendered dashboards", () => {
  const rendered = renderDashboards(inputs);

  it.each(Object.keys(PANELS))("%s: every query parses and no placeholder is left", (stem) => {
    const text = rendered[stem]!;
    expect(text).not.toContain("<<");
    const queries = dashboardQueries(JSON.parse(text));
    expect(queries.length).toBeGreaterThanOrEqual(PANELS[stem]!.length);
    for (const q of queries) expect(parsePromQL(q.expr).ok, `${q.panel}: ${q.expr}`).toBe(true);
  });

  it("fill in metric names, thresholds and the capacity plan", () => {
    const inference = dashboardQueries(JSON.parse(rendered.inference!));
    expect(inference.find((q) => q.panel === "QPS")!.expr).toBe("sum(rate(vllm:e2e_request_latency_seconds_count[1m]))");
    expect(inference.filter((q) => q.panel === "Latency p50 / p99").map((q) => q.expr)).toContain("vector(0.8)");
    const plan = dashboardQueries(JSON.parse(rendered.capacity!)).filter((q) => q.panel === "GPU nodes vs plan").map((q) => q.expr);
    expect(plan).toEqual(['count(kube_node_status_capacity{resource="nvidia_com_gpu"} > 0)', "vector(9)", "vector(25)", "vector(61)"]);
  });

  it("show pending workloads apart from the GPU headroom placeholders, which wait Pending by design", () => {
    const pending = dashboardQueries(JSON.parse(rendered.capacity!)).filter((q) => q.panel === "Pending GPU pods").map((q) => q.expr);
    expect(pending).toEqual([
      'count(sum by (namespace, pod) (kube_pod_container_resource_requests{resource="nvidia_com_gpu", pod!~"gpu-headroom-.*"}) and on (namespace, pod) (kube_pod_status_phase{phase="Pending"} == 1))',
      'count(sum by (namespace, pod) (kube_pod_container_resource_requests{resource="nvidia_com_gpu", pod=~"gpu-headroom-.*"}) and on (namespace, pod) (kube_pod_status_phase{phase="Pending"} == 1))',
    ]);
  });

  it("show each model server's desired replicas (KEDA's HPA) against the available ones, and its queue per replica against the target", () => {
    const queries = dashboardQueries(JSON.parse(renderDashboards({ ...inputs, thresholds: { ...DEFAULT_THRESHOLDS, queueDepthPerServer: 35 } }).inference!));
    const of = (title: string) => queries.filter((q) => q.panel === title).map((q) => q.expr);
    expect(of("Model server replicas: desired vs available")).toEqual([
      'sum by (horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_desired_replicas{horizontalpodautoscaler=~"keda-hpa-.*"})',
      'sum by (deployment) (kube_deployment_status_replicas_available{namespace="inference"})',
    ]);
    expect(of("Queue per replica (KEDA's target)")).toEqual([
      "sum by (app_kubernetes_io_instance) (vllm:num_requests_waiting) / count by (app_kubernetes_io_instance) (vllm:num_requests_waiting)",
      "vector(35)",
    ]);
  });

  it("compare each server's canary with its stable track (p99, 5xx %, QPS), with the alerts' limits drawn in from the region's thresholds", () => {
    const thresholds = { ...DEFAULT_THRESHOLDS, canaryLatencyP99Ratio: 1.5, canaryErrorMarginPercent: 2 };
    const queries = dashboardQueries(JSON.parse(renderDashboards({ ...inputs, thresholds }).inference!));
    const of = (title: string) => queries.filter((q) => q.panel === title).map((q) => q.expr);
    expect(of("Canary vs stable: p99 latency")).toEqual([
      "track:model_server_latency_seconds:p99", 'track:model_server_latency_seconds:p99{inference_platform_track="stable"} * 1.5',
    ]);
    expect(of("Canary vs stable: 5xx %")).toEqual([
      "track:model_server_http_5xx:ratio * 100", 'track:model_server_http_5xx:ratio{inference_platform_track="stable"} * 100 + 2',
    ]);
    expect(of("Canary vs stable: QPS")).toEqual(["track:model_server_http_requests:rate5m"]);
    // The canary panels sit in their own row, below the model servers' row.
    const panels = JSON.parse(rendered.inference!).panels as Array<{ title: string; type: string; gridPos: { y: number } }>;
    const row = panels.find((p) => p.title === "Canary vs stable")!;
    expect(row.type).toBe("row");
    for (const p of panels.filter((x) => x.title.startsWith("Canary vs stable: "))) expect(p.gridPos.y).toBe(row.gridPos.y + 1);
  });

  it("refuse a placeholder with no value", () => {
    expect(() => renderDashboard({ panels: [{ targets: [{ expr: "sum(<<noSuchMetric>>)" }] }] }, inputs)).toThrow("dashboard placeholder <<noSuchMetric>> has no value");
  });

  it("would catch a broken panel query", () => {
    const broken = { panels: [{ title: "QPS", targets: [{ expr: "sum(rate(<<requestSuccess>>[1m])" }] }] };
    const [q] = dashboardQueries(JSON.parse(renderDashboard(broken, inputs)));
    expect(parsePromQL(q!.expr).ok).toBe(false);
  });
});
