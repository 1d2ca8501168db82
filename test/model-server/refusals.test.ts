// ModelServer refuses bad settings and wiring with one InputPropertiesError, before any child registers.
import * as pulumi from "@pulumi/pulumi";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { beforeAll, describe, expect, it } from "vitest";
import { ModelServer, type ModelServerArgs } from "../../components/model-server";
import { recordRegistrations, refusedBy, waitForRPCs } from "../support/components";
import { frankfurt } from "./fixtures";

const registered: pulumi.runtime.MockResourceArgs[] = [];
let providers: { kubernetes: KubernetesProvider };

beforeAll(async () => {
  await recordRegistrations(registered, "eu-central-1");
  providers = { kubernetes: new KubernetesProvider("k8s", { kubeconfig: "{}" }) };
  await waitForRPCs();
});

describe("ModelServer refuses bad wiring before any child registers", () => {
  const refused = async (overrides: Partial<ModelServerArgs>, name = "bad") => {
    const before = registered.length;
    const reasons = refusedBy(() => new ModelServer(name, { ...frankfurt, ...overrides }, { providers }));
    await waitForRPCs();
    expect(registered.slice(before).filter((r) => r.type !== "inference:serving:ModelServer")).toEqual([]);
    return reasons;
  };

  it("GPUs per replica above the pool's GPUs per node", async () => {
    expect(await refused({ tensorParallelSize: 8 })).toEqual([
      'tensorParallelSize: 8 GPUs per replica do not fit on one node of pool "frankfurt-gpu-g6e-12xl" (4 GPUs per node); allowed: 1 to 4',
    ]);
  });

  it("min > max, max = min, no minimum, and a fallback outside the bounds", async () => {
    expect(await refused({ replicas: { min: 5, max: 3 } })).toEqual(["replicas.max: 3 is not a whole number above min (5): the autoscaler could never add a replica"]);
    expect(await refused({ replicas: { min: 4, max: 4 } })).toEqual(["replicas.max: 4 is not a whole number above min (4): the autoscaler could never add a replica"]);
    expect(await refused({ replicas: { min: 0, max: 0 } })).toEqual([
      "replicas.min: 0 is not a whole number ≥ 1: a model server keeps at least one replica",
      "replicas.max: 0 is not a whole number above min (0): the autoscaler could never add a replica",
    ]);
    expect(await refused({ fallbackReplicas: 30 })).toEqual(["fallbackReplicas: 30 is outside the replica bounds [2, 20]"]);
  });

  it("a missing or public weights location", async () => {
    const where = "s3://<bucket>/<prefix>/ in the region's weights bucket (nothing is fetched from a public hub)";
    expect(await refused({ weightsUri: "" })).toEqual([`weightsUri: "" is not a weights location: ${where}`]);
    expect(await refused({ weightsUri: "Qwen/Qwen3-8B" })).toEqual([`weightsUri: "Qwen/Qwen3-8B" is not a weights location: ${where}`]);
    expect(await refused({ weightsUri: "https://huggingface.co/Qwen/Qwen3-8B" })).toHaveLength(1);
    expect(await refused({ weightsUri: undefined as unknown as string })).toEqual([`weightsUri: missing: ${where}`]);
  });

  it("a queue target ≤ 0 (settings are checked before the wiring)", async () => {
    expect(await refused({ queueTarget: 0, pool: " " })).toEqual(["queueTarget: must be > 0"]);
  });

  it("every wiring problem in one error", async () => {
    expect(await refused({ prometheusUrl: "prometheus:9090", pool: " ", region: "frankfurt", prometheusRelease: "", gpusPerNode: 0 })).toEqual([
      "gpusPerNode: 0 is not a whole number ≥ 1",
      "pool: a pool's node-group name (its nodes' inference.platform/pool label)",
      'region: "frankfurt" is not an AWS region name such as eu-central-1 or cn-north-1',
      'prometheusUrl: "prometheus:9090" is not an http(s) URL of the in-cluster Prometheus',
      "prometheusRelease: the kube-prometheus-stack release name (the PodMonitor's release label)",
    ]);
  });

  it("and accepts a weights location that is an Output (the bucket's name is known at deploy)", async () => {
    const before = registered.length;
    new ModelServer("from-output", { ...frankfurt, modelName: "late", weightsUri: pulumi.output("s3://b/models/late/") }, { providers });
    await waitForRPCs();
    expect(registered.slice(before).map((r) => r.type)).toEqual(expect.arrayContaining([
      "kubernetes:apps/v1:Deployment", "kubernetes:core/v1:Service", "kubernetes:policy/v1:PodDisruptionBudget",
      "kubernetes:keda.sh/v1alpha1:ScaledObject", "kubernetes:monitoring.coreos.com/v1:PodMonitor",
    ]));
  });
});
