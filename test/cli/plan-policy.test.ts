// `npm run plan` runs the pack: a stack file that config accepts but policy
// refuses makes the plan exit non-zero, naming the rule and the resource.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runPlan as plan } from "../support/plan-cli";
import { editedStackFile } from "../support/render";

const CLUSTER_URN = "urn:pulumi:dev::inference-platform::inference:region:RegionalPlatform$inference:eks:EksCluster$aws:eks/cluster:Cluster::shanghai-eks";

/** dev with Hong Kong's API public to "0.0.0.0/1" and "128.0.0.0/1": valid CIDRs, not 0.0.0.0/0, so config and the component accept it. */
const internetAllowList = (): string => editedStackFile("dev", (config) => {
  config["inference-platform:regions"][0].cluster = { ...config["inference-platform:regions"][0].cluster, publicAccessCidrs: ["0.0.0.0/1", "128.0.0.0/1"] };
});

// Each test starts a plan process and waits: they run side by side.
describe.concurrent("npm run plan runs the policy pack", { timeout: 120_000 }, () => {
  it("refuses a public endpoint whose allow-list is the whole internet, naming the rule and the cluster", async () => {
    const result = await plan("--stack", "dev", "--stack-file", internetAllowList());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("plan refused: 2 mandatory policy violation(s)");
    expect(result.stderr).toContain(`eks-endpoint-not-public: ${CLUSTER_URN}: publicAccessCidrs contains 0.0.0.0/1 (/1), broader than the allowed /16`);
    expect(result.stderr).toContain(`eks-endpoint-not-public: ${CLUSTER_URN}: publicAccessCidrs contains 128.0.0.0/1 (/1)`);
    expect(result.stdout).toContain("Policy pack inference-platform:");
    expect(result.stdout).toContain("[mandatory] eks-endpoint-not-public");
  });

  it("downgrades the rule with --policy-config and reports it in --json, exiting 0", async () => {
    const configFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-")), "policy.json");
    fs.writeFileSync(configFile, JSON.stringify({ "eks-endpoint-not-public": "advisory" }));
    const result = await plan("--stack", "dev", "--stack-file", internetAllowList(), "--json", "--policy-config", configFile);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { policy: { violations: unknown[] }; resources: { urn: string; options: Record<string, unknown> }[] };
    expect(doc.policy.violations).toEqual([
      { policy: "eks-endpoint-not-public", enforcementLevel: "advisory", urn: CLUSTER_URN, message: expect.stringContaining("0.0.0.0/1") },
      { policy: "eks-endpoint-not-public", enforcementLevel: "advisory", urn: CLUSTER_URN, message: expect.stringContaining("128.0.0.0/1") },
    ]);
    const cluster = doc.resources.find((r) => r.urn === CLUSTER_URN)!;
    expect(cluster.options).toMatchObject({ protect: false, customTimeouts: { create: "30m", update: "60m", delete: "30m" } });
  });
});
