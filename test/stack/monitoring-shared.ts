// Helpers the monitoring tests of test/stack share: where a region's Monitoring component and its scrape targets are.
import { expect } from "vitest";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";

/** Rendered inputs: the JSON the engine got, which tests read into freely. */
export type Json = Record<string, any>;

export const RUNBOOKS = "https://github.com/example-org/inference-platform/blob/main/docs/runbooks.md";

export const REGIONS = { prod: ["china", "frankfurt"], dev: ["shanghai", "frankfurt"] } as const;
/** The kube-prometheus-stack release of each region, whose name is the `release` label Prometheus selects by. */
export const RELEASE: Record<string, string> = { china: "china-monitoring-kps", frankfurt: "frankfurt-monitoring-kps", shanghai: "shanghai-monitoring-kps" };

/** The resources of one region's Monitoring component, by type. */
export function regionMonitoring(r: RenderedStack, region: string) {
  const component = r.resources.find((x) => x.type === "inference:monitoring:Monitoring" && x.name === `${region}-monitoring`);
  expect(component, `${region}-monitoring`).toBeDefined();
  const byUrn = new Map(r.resources.map((x) => [x.urn, x]));
  const under = (x: RenderedResource): boolean => {
    for (let p = x.parent; p; p = byUrn.get(p)?.parent) if (p === component!.urn) return true;
    return false;
  };
  // Inputs are the JSON the engine got; tests read into them freely.
  const mine = r.resources.filter(under) as Array<RenderedResource & { inputs: Json }>;
  const ofType = (type: string) => mine.filter((x) => x.type === type);
  const one = (type: string, name: string) => {
    const found = mine.find((x) => x.type === type && x.name === name);
    expect(found, `${type} ${name}`).toBeDefined();
    return found!;
  };
  return { mine, ofType, one };
}

export const mskCluster = (r: RenderedStack, region: string) => r.resources.find((x) => x.type === "aws:msk/cluster:Cluster" && x.name === `${region}-kafka`)!;
/** The region's model-server PodMonitors (one per server, from components/model-server). */
export const modelServerMonitors = (r: RenderedStack, region: string) =>
  r.resources.filter((x) => x.type === "kubernetes:monitoring.coreos.com/v1:PodMonitor" && x.name.startsWith(`${region}-model-`)) as Array<RenderedResource & { inputs: Json }>;
