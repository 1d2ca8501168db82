// Keda's contract: its defaults, what it refuses, and what prod adds.
import { describe, expect, it } from "vitest";
import { kedaProdProblems, kedaSettingsSchema } from "../../components/keda";
import { parseSettings, propertyPath } from "../../components/lib/contract";

const problems = (settings: object): string[] => {
  const parsed = parseSettings(kedaSettingsSchema, settings);
  return parsed.ok ? [] : parsed.problems.map((p) => `${propertyPath(p.path)}: ${p.message}`);
};
const resolved = (settings: object) => {
  const parsed = parseSettings(kedaSettingsSchema, settings);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
};

describe("Keda settings", () => {
  it("defaults to namespace keda, two replicas and KEDA's production figures for every Deployment", () => {
    const keda = { cpuRequest: "100m", memoryRequest: "100Mi", cpuLimit: "1", memoryLimit: "1000Mi" };
    expect(resolved({})).toEqual({ namespace: "keda", replicas: 2, resources: { operator: keda, metricsApiServer: keda, webhooks: keda } });
  });

  it("accepts a namespace, three replicas and partial resources (the rest defaulted)", () => {
    const s = resolved({ namespace: "autoscaling", replicas: 3, resources: { operator: { memoryRequest: "1Gi", memoryLimit: "2Gi" }, webhooks: { cpuRequest: "1", cpuLimit: "1.5" } } });
    expect(s.namespace).toBe("autoscaling");
    expect(s.replicas).toBe(3);
    expect(s.resources.operator).toEqual({ cpuRequest: "100m", memoryRequest: "1Gi", cpuLimit: "1", memoryLimit: "2Gi" });
    expect(s.resources.webhooks).toEqual({ cpuRequest: "1", memoryRequest: "100Mi", cpuLimit: "1.5", memoryLimit: "1000Mi" });
    expect(s.resources.metricsApiServer.memoryLimit).toBe("1000Mi");
  });

  it("refuses every bad input at once, naming what is allowed", () => {
    expect(problems({
      namespace: "KEDA_ns",
      replicas: 0,
      resources: { operator: { cpuRequest: "two", memoryLimit: "1G" }, metricsApiServer: { memoryRequest: "2Gi" }, webhooks: { cpuRequest: "2", cpuLimit: "500m" }, admission: {} },
      chartVersion: "2.20.2",
    })).toEqual([
      "namespace: a Kubernetes namespace name",
      "replicas: from 1 to 3",
      "resources.operator.cpuRequest: a CPU quantity such as 100m or 1",
      "resources.operator.memoryLimit: a memory quantity such as 256Mi or 1Gi",
      "resources.metricsApiServer.memoryRequest: 2Gi is above memoryLimit 1000Mi: a request must not exceed its limit",
      "resources.webhooks.cpuRequest: 2 is above cpuLimit 500m: a request must not exceed its limit",
      "resources.admission: unknown key (misspelt?)",
      "chartVersion: unknown key (misspelt?)",
    ]);
    expect(problems({ replicas: 4 })).toEqual(["replicas: from 1 to 3 (one operator leads, more only stand by)"]);
    expect(problems({ replicas: 1.5 })).toEqual(["replicas: a whole number"]);
  });

  it("lets prod run the defaults, and two or more replicas", () => {
    expect(kedaProdProblems(resolved({}))).toEqual([]);
    expect(kedaProdProblems(resolved({ replicas: 3 }))).toEqual([]);
  });

  it("refuses a single replica in prod, saying what stops", () => {
    expect(kedaProdProblems(resolved({ replicas: 1 }))).toEqual([{
      path: ["replicas"],
      message: expect.stringMatching(/^prod runs at least 2 replicas: with one, a node drain or crash stops every ScaledObject .* \(allowed: 2 to 3\)$/),
    }]);
  });
});
