// ModelServer's canary track under Pulumi mocks: with `canary` args a second Deployment, Service, PDB,
// ScaledObject and PodMonitor named <model>-<tier>-canary on other weights, its pods apart from the stable
// ones; without, only the canary Service (the route's backend at weight 0), selecting no pod; bad bounds refused.
import * as pulumi from "@pulumi/pulumi";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { beforeAll, describe, expect, it } from "vitest";
import { ModelServer, TRACK_LABEL, type ModelServerArgs } from "../../components/model-server";
import { labelsMatchSelector } from "../../components/monitoring/selectors";
import { onlyInputs, recordRegistrations, refusedBy, waitForRPCs } from "../support/components";
import { china, frankfurt } from "./fixtures";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const SERVICE = "kubernetes:core/v1:Service";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
const SCALED_OBJECT = "kubernetes:keda.sh/v1alpha1:ScaledObject";
const POD_MONITOR = "kubernetes:monitoring.coreos.com/v1:PodMonitor";
const KINDS = [DEPLOYMENT, SERVICE, PDB, SCALED_OBJECT, POD_MONITOR];

type Obj = Record<string, any>;

const CANARY_WEIGHTS = "s3://prod-frankfurt-weights/models/qwen3-8b-rc1/";
const withCanary: ModelServerArgs = { ...frankfurt, canary: { weightsUri: CANARY_WEIGHTS, replicas: { min: 1, max: 2 } } };

const registered: pulumi.runtime.MockResourceArgs[] = [];
const servers: Record<string, ModelServer> = {};
/** The `property: reason` lines each refused construction threw, by component name. */
const refusals: Record<string, string[]> = {};

const one = (type: string, name: string): Obj => onlyInputs(registered, type, name);
const podLabels = (name: string): Record<string, string> => one(DEPLOYMENT, name).spec.template.metadata.labels;
const vllm = (name: string): Obj => one(DEPLOYMENT, name).spec.template.spec.containers[0];

beforeAll(async () => {
  await recordRegistrations(registered, "eu-central-1");
  const providers = { kubernetes: new KubernetesProvider("k8s", { kubeconfig: "{}" }) };
  servers.fra = new ModelServer("fra", withCanary, { providers });
  servers.cn = new ModelServer("cn", china, { providers });
  const bad: Record<string, { min: number; max: number }> = { "refused-zero": { min: 0, max: 0 }, "refused-equal": { min: 2, max: 2 }, "refused-fraction": { min: 1, max: 2.5 } };
  for (const [name, replicas] of Object.entries(bad)) {
    refusals[name] = refusedBy(() => new ModelServer(name, { ...withCanary, canary: { weightsUri: CANARY_WEIGHTS, replicas } }, { providers }));
  }
  await waitForRPCs();
});

describe("ModelServer with a canary", () => {
  it("registers each kind once more, named <model>-<tier>-canary in the server's namespace", () => {
    for (const kind of KINDS) {
      expect(one(kind, "fra-canary").metadata, kind).toMatchObject({ name: "qwen3-8b-premium-canary", namespace: "inference" });
      expect(one(kind, "fra").metadata.name, kind).toBe("qwen3-8b-premium");
    }
    expect(servers.fra!.canaryServiceName).toBe("qwen3-8b-premium-canary");
  });

  it("labels the canary's pods track=canary and the stable ones track=stable", () => {
    expect(TRACK_LABEL).toBe("inference.platform/track");
    expect(podLabels("fra-canary")).toMatchObject({ [TRACK_LABEL]: "canary", "app.kubernetes.io/instance": "qwen3-8b-premium-canary", "inference.platform/tier": "premium" });
    expect(podLabels("fra")).toMatchObject({ [TRACK_LABEL]: "stable", "app.kubernetes.io/instance": "qwen3-8b-premium" });
    expect(one(SERVICE, "fra-canary").metadata.labels[TRACK_LABEL]).toBe("canary");
  });

  it("serves the canary's weights, the stable track keeping its own", () => {
    expect(vllm("fra-canary").args[0]).toBe(CANARY_WEIGHTS);
    expect(vllm("fra").args[0]).toBe(frankfurt.weightsUri);
    expect(vllm("fra-canary").image).toBe(vllm("fra").image);
  });

  it("keeps the tracks apart: each Service, PDB and PodMonitor selects its own pods only", () => {
    for (const [own, other] of [["fra", "fra-canary"], ["fra-canary", "fra"]] as const) {
      const serviceSelector = { matchLabels: one(SERVICE, own).spec.selector };
      for (const selector of [serviceSelector, one(PDB, own).spec.selector, one(POD_MONITOR, own).spec.selector, one(DEPLOYMENT, own).spec.selector]) {
        expect(labelsMatchSelector(podLabels(own), selector), `${own} selects its own pods`).toBe(true);
        expect(labelsMatchSelector(podLabels(other), selector), `${own} does not select ${other}'s pods`).toBe(false);
      }
    }
  });

  it("scales the canary within its own bounds, on its own queue, falling back to its minimum", () => {
    const so = one(SCALED_OBJECT, "fra-canary").spec;
    expect(so.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: "qwen3-8b-premium-canary" });
    expect(so).toMatchObject({ minReplicaCount: 1, maxReplicaCount: 2, fallback: { replicas: 1 } });
    expect(so.triggers[0].metadata.query).toContain('app_kubernetes_io_instance="qwen3-8b-premium-canary"');
    expect(one(SCALED_OBJECT, "fra").spec).toMatchObject({ minReplicaCount: 2, maxReplicaCount: 20 });
    expect(servers.fra!.replicas).toEqual({ min: 2, max: 20 });
  });

  it("has its pods scraped by the same Prometheus, keeping the track on the series", () => {
    const pm = one(POD_MONITOR, "fra-canary");
    expect(pm.metadata.labels).toEqual(one(POD_MONITOR, "fra").metadata.labels);
    expect(pm.spec.podTargetLabels).toContain(TRACK_LABEL);
  });
});

describe("ModelServer without a canary", () => {
  it("registers the canary Service alone, so the route's canary backend exists", () => {
    for (const kind of KINDS.filter((k) => k !== SERVICE)) {
      expect(registered.filter((r) => r.type === kind && r.name === "cn-canary"), kind).toEqual([]);
    }
    expect(one(SERVICE, "cn-canary").metadata).toMatchObject({ name: "qwen3-32b-batch-canary", namespace: "inference", labels: { [TRACK_LABEL]: "canary" } });
    expect(servers.cn!.canaryServiceName).toBe("qwen3-32b-batch-canary");
  });

  it("selects no stable pod with it", () => {
    const selector = { matchLabels: one(SERVICE, "cn-canary").spec.selector };
    expect(labelsMatchSelector(podLabels("cn"), selector)).toBe(false);
    expect(one(SERVICE, "cn-canary").spec.ports).toEqual(one(SERVICE, "cn").spec.ports);
  });
});

describe("ModelServer refuses bad canary bounds before any child registers", () => {
  it("names the bounds that are no whole numbers with 1 ≤ min < max", () => {
    expect(refusals["refused-zero"]).toEqual(["canary.replicas: 0–0 are not whole numbers with 1 ≤ min < max"]);
    expect(refusals["refused-equal"]).toEqual(["canary.replicas: 2–2 are not whole numbers with 1 ≤ min < max"]);
    expect(refusals["refused-fraction"]).toEqual(["canary.replicas: 1–2.5 are not whole numbers with 1 ≤ min < max"]);
  });

  it("registers nothing for a refused server", () => {
    expect(registered.filter((r) => r.name.startsWith("refused") && r.type !== "inference:serving:ModelServer")).toEqual([]);
  });
});
