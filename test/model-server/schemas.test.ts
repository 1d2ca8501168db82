// Every Kubernetes object ModelServer registers, validated against the official schemas: the Kubernetes
// OpenAPI (kubernetes-models), KEDA's ScaledObject and the Prometheus operator's PodMonitor. Both ways:
// a deliberately broken copy of each object is refused.
import * as pulumi from "@pulumi/pulumi";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { beforeAll, describe, expect, it } from "vitest";
import { ModelServer } from "../../components/model-server";
import { recordRegistrations, waitForRPCs } from "../support/components";
import { schemaVerdict as verdict } from "../support/kubernetes-schemas";
import { china, frankfurt } from "./fixtures";

type Obj = Record<string, any>;

/** The kinds ModelServer registers. */
const KINDS = [
  "kubernetes:apps/v1:Deployment",
  "kubernetes:core/v1:Service",
  "kubernetes:policy/v1:PodDisruptionBudget",
  "kubernetes:keda.sh/v1alpha1:ScaledObject",
  "kubernetes:monitoring.coreos.com/v1:PodMonitor",
];

const registered: pulumi.runtime.MockResourceArgs[] = [];

/** The Kubernetes objects registered (providers aside), as the API server would get them. */
const objects = () => registered.filter((r) => r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:providers:"));
const object = (type: string, name: string): Obj => structuredClone(registered.find((r) => r.type === type && r.name === name)!.inputs);
beforeAll(async () => {
  await recordRegistrations(registered, "eu-central-1");
  const providers = { kubernetes: new KubernetesProvider("k8s", { kubeconfig: "{}" }) };
  new ModelServer("fra", frankfurt, { providers });
  new ModelServer("cn", china, { providers });
  await waitForRPCs();
});

describe("ModelServer's objects against the official schemas", () => {
  it("registers the five kinds for each server, and the canary's Service", () => {
    const kinds = objects().map((r) => `${r.type} ${r.name}`).sort();
    expect(kinds).toEqual([...KINDS.flatMap((t) => [`${t} cn`, `${t} fra`]), "kubernetes:core/v1:Service cn-canary", "kubernetes:core/v1:Service fra-canary"].sort());
  });

  it("every object validates", () => {
    for (const r of objects()) {
      expect(r.inputs.apiVersion, r.type).toBeTypeOf("string");
      expect(verdict(r.type, r.inputs), `${r.type} ${r.name}`).toBe("valid");
    }
  });

  it("a broken Deployment is refused (a port number as text, replicas as a word)", () => {
    const d = object("kubernetes:apps/v1:Deployment", "cn");
    d.spec.template.spec.containers[0].ports[0].containerPort = "http";
    expect(verdict("kubernetes:apps/v1:Deployment", d)).toMatch(/containerPort must be integer/);
    const r = object("kubernetes:apps/v1:Deployment", "fra");
    r.spec.replicas = "two";
    expect(verdict("kubernetes:apps/v1:Deployment", r)).toMatch(/replicas must be integer/);
  });

  it("a broken Service and PDB are refused", () => {
    const s = object("kubernetes:core/v1:Service", "fra");
    s.spec.ports = { name: "http", port: 8000 };
    expect(verdict("kubernetes:core/v1:Service", s)).toMatch(/ports must be array/);
    const p = object("kubernetes:policy/v1:PodDisruptionBudget", "fra");
    p.spec.selector = "app=vllm";
    expect(verdict("kubernetes:policy/v1:PodDisruptionBudget", p)).toMatch(/selector must be object/);
  });

  it("a broken ScaledObject is refused (a threshold as a number, a missing target)", () => {
    const so = object("kubernetes:keda.sh/v1alpha1:ScaledObject", "fra");
    so.spec.triggers[0].metadata.threshold = 20;
    expect(verdict("kubernetes:keda.sh/v1alpha1:ScaledObject", so)).toMatch(/threshold must be string/);
    const noTarget = object("kubernetes:keda.sh/v1alpha1:ScaledObject", "cn");
    delete noTarget.spec.scaleTargetRef;
    expect(verdict("kubernetes:keda.sh/v1alpha1:ScaledObject", noTarget)).toMatch(/scaleTargetRef/);
  });

  it("a broken PodMonitor is refused", () => {
    const pm = object("kubernetes:monitoring.coreos.com/v1:PodMonitor", "cn");
    pm.spec.podMetricsEndpoints = { port: "http" };
    expect(verdict("kubernetes:monitoring.coreos.com/v1:PodMonitor", pm)).toMatch(/podMetricsEndpoints must be array/);
  });
});
