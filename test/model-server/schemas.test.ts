// Every Kubernetes object ModelServer registers, validated against the official schemas: the Kubernetes
// OpenAPI (kubernetes-models), KEDA's ScaledObject and the Prometheus operator's PodMonitor. Both ways:
// a deliberately broken copy of each object is refused.
import * as pulumi from "@pulumi/pulumi";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Service } from "kubernetes-models/v1/Service";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { beforeAll, describe, expect, it } from "vitest";
import { ModelServer } from "../../components/model-server";
import { recordRegistrations, waitForRPCs } from "../support/components";
import { china, frankfurt } from "./fixtures";

type Obj = Record<string, any>;

/**
 * A model's `validate()`, which throws on an invalid object. Its base class lives in
 * @kubernetes-models/base, whose types only its package `exports` name, which this
 * project's `node` module resolution does not read: the method is typed here.
 */
interface Validated {
  validate(): void;
}
const model = (m: object): Validated => m as Validated;

/** The schema model of each Kubernetes type the component registers. */
const MODELS: Record<string, (o: Obj) => Validated> = {
  "kubernetes:apps/v1:Deployment": (o) => model(new Deployment(o as never)),
  "kubernetes:core/v1:Service": (o) => model(new Service(o as never)),
  "kubernetes:policy/v1:PodDisruptionBudget": (o) => model(new PodDisruptionBudget(o as never)),
  "kubernetes:keda.sh/v1alpha1:ScaledObject": (o) => model(new ScaledObject(o as never)),
  "kubernetes:monitoring.coreos.com/v1:PodMonitor": (o) => model(new PodMonitor(o as never)),
};

const registered: pulumi.runtime.MockResourceArgs[] = [];

/** The Kubernetes objects registered (providers aside), as the API server would get them. */
const objects = () => registered.filter((r) => r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:providers:"));
const object = (type: string, name: string): Obj => structuredClone(registered.find((r) => r.type === type && r.name === name)!.inputs);
/** The schema's message for `o`, or "valid". */
const verdict = (type: string, o: Obj): string => {
  try {
    MODELS[type]!(o).validate();
    return "valid";
  } catch (e) {
    return (e as Error).message;
  }
};

beforeAll(async () => {
  await recordRegistrations(registered, "eu-central-1");
  const providers = { kubernetes: new KubernetesProvider("k8s", { kubeconfig: "{}" }) };
  new ModelServer("fra", frankfurt, { providers });
  new ModelServer("cn", china, { providers });
  await waitForRPCs();
});

describe("ModelServer's objects against the official schemas", () => {
  it("registers the five kinds for each server, each with a schema here", () => {
    const kinds = objects().map((r) => `${r.type} ${r.name}`).sort();
    expect(kinds).toEqual(Object.keys(MODELS).flatMap((t) => [`${t} cn`, `${t} fra`]).sort());
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
