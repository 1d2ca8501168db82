// WorkloadPriorities under mocks: the three PriorityClasses, who may preempt whom, and refusals.
import * as pulumi from "@pulumi/pulumi";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { beforeAll, describe, expect, it } from "vitest";
import { HEADROOM_PRIORITY } from "../../components/gpu-headroom";
import { WorkloadPriorities, type WorkloadPrioritiesArgs } from "../../components/workload-priorities";
import { recordRegistrations, refusedBy } from "../support/components";

const registered: pulumi.runtime.MockResourceArgs[] = [];
const built: Record<string, WorkloadPriorities> = {};
const refusals: Record<string, string[]> = {};

interface Class { metadata: { name: string }; value: number; globalDefault: boolean; preemptionPolicy: string; description: string }
const classesOf = (component: string): Record<string, Class> => Object.fromEntries(registered
  .filter((r) => r.type === "kubernetes:scheduling.k8s.io/v1:PriorityClass" && r.name.startsWith(`${component}-`))
  .map((r) => [r.name.slice(component.length + 1), r.inputs as Class]));
const resolve = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((ok) => o.apply(ok));

beforeAll(async () => {
  await recordRegistrations(registered);
  const providers = { kubernetes: new KubernetesProvider("k8s", { kubeconfig: "{}" }) };
  built.defaults = new WorkloadPriorities("tiers", {}, { providers });
  built.custom = new WorkloadPriorities("custom", { premium: { name: "paid", value: 5000 }, batch: { name: "free", value: 0 } }, { providers });
  const refused: Array<[string, WorkloadPrioritiesArgs]> = [
    ["refused-order", { batch: { value: 100 } }],
    ["refused-floor", { batch: { value: HEADROOM_PRIORITY } }],
    ["refused-key", { premium: { preemptionPolicy: "Never" } } as WorkloadPrioritiesArgs],
  ];
  for (const [name, bad] of refused) refusals[name] = refusedBy(() => new WorkloadPriorities(name, bad, { providers }));
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
});

describe("WorkloadPriorities", () => {
  it("creates premium, standard and batch, none the global default", () => {
    const classes = classesOf("tiers");
    expect(Object.keys(classes).sort()).toEqual(["batch", "premium", "standard"]);
    expect(Object.values(classes).map((c) => [c.metadata.name, c.value, c.globalDefault])).toEqual([
      ["premium", 1000, false], ["standard", 100, false], ["batch", 10, false],
    ]);
  });

  it("orders them premium > standard > batch > the headroom placeholders, whose priority it imports", () => {
    const { premium, standard, batch } = classesOf("tiers");
    expect(premium!.value).toBeGreaterThan(standard!.value);
    expect(standard!.value).toBeGreaterThan(batch!.value);
    expect(batch!.value).toBeGreaterThan(HEADROOM_PRIORITY);
  });

  it("lets every tier preempt only lower pods: premium and standard evict batch, batch evicts only the headroom placeholders", () => {
    const { premium, standard, batch } = classesOf("tiers");
    expect(premium!.preemptionPolicy).toBe("PreemptLowerPriority");
    expect(standard!.preemptionPolicy).toBe("PreemptLowerPriority");
    expect(batch!.preemptionPolicy).toBe("PreemptLowerPriority");
  });

  it("outputs the class name per tier, as set", async () => {
    const names = async (c: WorkloadPriorities) => ({
      premium: await resolve(c.classNames.premium), standard: await resolve(c.classNames.standard), batch: await resolve(c.classNames.batch),
    });
    expect(await names(built.defaults!)).toEqual({ premium: "premium", standard: "standard", batch: "batch" });
    expect(await names(built.custom!)).toEqual({ premium: "paid", standard: "standard", batch: "free" });
    expect(classesOf("custom").batch).toMatchObject({ metadata: { name: "free" }, value: 0, preemptionPolicy: "PreemptLowerPriority" });
  });

  it("refuses a broken order, a tier at the placeholders' priority and an unknown key, before any class registers", () => {
    expect(refusals["refused-order"]).toEqual(["batch.value: 100 must be below standard's 100 (premium > standard > batch)"]);
    expect(refusals["refused-floor"]).toEqual([
      "batch.value: -10 must be above -10, the GPU headroom placeholders' priority, or its pods could not take their GPUs",
    ]);
    expect(refusals["refused-key"]).toEqual(["premium.preemptionPolicy: unknown key (misspelt?)"]);
    expect(registered.filter((r) => r.name.startsWith("refused") && r.type !== "inference:serving:WorkloadPriorities")).toEqual([]);
  });
});
