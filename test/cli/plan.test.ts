import { describe, expect, it } from "vitest";
import { runPlan as plan } from "../support/plan-cli";
import { editedStackFile } from "../support/render";

// Each test starts a plan process and waits: they run side by side.
describe.concurrent("npm run plan", { timeout: 120_000 }, () => {
  it("prints both prod regions with cluster, system pool and GPU pools, and claims no deployment", async () => {
    const r = await plan("--stack", "prod");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Region china (cn-north-1, partition aws-cn)");
    expect(r.stdout).toContain("Region frankfurt (eu-central-1, partition aws)");
    expect(r.stdout).toMatch(/EksCluster\s+china-eks/);
    expect(r.stdout).toContain("System pool: m6i.large ON_DEMAND, nodes 3–9");
    expect(r.stdout).toMatch(/GpuNodePool\s+china-gpu-g5-12xl/);
    expect(r.stdout).toMatch(/GpuNodePool\s+frankfurt-gpu-g6e-12xl/);
    expect(r.stdout).toContain("g5-12xl: g5.12xlarge ON_DEMAND, nodes min 6 / desired 16 / max 40");
    expect(r.stdout).toContain("Front door: Envoy Gateway v1.9.0 behind NLB k8s-envoy-ga-inferenc-da7cc73997-249ddb7a7fe4a4db.elb.cn-north-1.amazonaws.com.cn on 443");
    expect(r.stdout).toContain("premium → qwen25-7b-premium 100 % / qwen25-7b-premium-canary 0 %; 100 req/min per client");
    expect(r.stdout).toContain("seed's surge: step 400 → 4000 QPS (premium 80 → 160)");
    expect(r.stdout).toContain("nothing was deployed");
    expect(r.stdout).toMatch(/^Totals: \d+ resources to create/m);
    expect(r.stdout).toMatch(/^  Total CNY: CNY [\d,]+ \/ [\d,]+ \/ [\d,]+/m);
  });

  it("--json prints one JSON document in the documented shape", async () => {
    const r = await plan("--stack", "prod", "--json");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.project).toBe("inference-platform");
    expect(doc.stack).toBe("prod");
    expect(Array.isArray(doc.resources)).toBe(true);
    for (const res of doc.resources) {
      expect(Object.keys(res)).toEqual(expect.arrayContaining(["urn", "type", "name", "custom", "parent", "provider", "inputs"]));
    }
    const system = doc.resources.find((x: { name: string; type: string }) => x.name === "china-eks-system" && x.type === "aws:eks/nodeGroup:NodeGroup");
    expect(system.parent).toMatch(/inference:eks:EksCluster::china-eks$/);
    expect(system.provider).toMatch(/^urn:pulumi:prod::inference-platform::.*pulumi:providers:aws::china-aws::/);
    expect(doc.outputs.regions.china.partition).toBe("aws-cn");
    // Each region's monthly cost in its partition's currency, at the capacity plan's min, desired and max.
    expect(doc.cost.regions.china.currency).toBe("CNY");
    expect(doc.cost.regions.frankfurt.currency).toBe("USD");
    const { min, desired, max } = doc.cost.regions.china.monthly;
    expect(min).toBeGreaterThan(0);
    expect(min <= desired && desired <= max).toBe(true);
  });

  it("takes --mermaid as a format of its own (what it prints: test/plan/output.test.ts)", async () => {
    const r = await plan("--stack", "prod", "--json", "--mermaid");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--json and --mermaid exclude each other");
  });

  it("refuses a GPU type cn-north-1 does not offer: non-zero exit naming key, value and allowed families", async () => {
    const file = editedStackFile("prod", (c) => { c["inference-platform:regions"][0].gpuPools[0].instanceTypes = ["p5.48xlarge"]; });
    const r = await plan("--stack", "prod", "--stack-file", file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Pulumi.prod.yaml inference-platform:regions[0].gpuPools[0].instanceTypes[0] (got \"p5.48xlarge\"): not offered in cn-north-1; allowed GPU families: g4dn, g5, p3");
  });

  it("refuses an unknown stack with the stacks that exist", async () => {
    const r = await plan("--stack", "staging");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no stack file .*Pulumi\.staging\.yaml: stacks here are Pulumi\.dev\.yaml, Pulumi\.prod\.yaml/);
  });
});
