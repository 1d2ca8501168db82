// The in-process runner hands each rule what the engine would: these tests pin
// the argument shape, config and enforcement handling with probe rules.
import { describe, expect, it } from "vitest";
import type { PolicyResource, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { Cluster } from "@pulumi/aws/eks/cluster";
import { NodeGroup } from "@pulumi/aws/eks/nodeGroup";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { durationSeconds, hasMandatory, runPolicyPack } from "../../policy/runner";
import type { PlatformResourceRule, PlatformStackRule } from "../../policy/rule";

const STACK_URN = "urn:pulumi:prod::inference-platform::pulumi:pulumi:Stack::inference-platform-prod";
const PROVIDER_URN = "urn:pulumi:prod::inference-platform::pulumi:providers:aws::china-aws";
const COMPONENT_URN = "urn:pulumi:prod::inference-platform::inference:eks:EksCluster::china-eks";
const CLUSTER_URN = "urn:pulumi:prod::inference-platform::inference:eks:EksCluster$aws:eks/cluster:Cluster::china-eks";
const NODES_URN = "urn:pulumi:prod::inference-platform::inference:eks:EksCluster$aws:eks/nodeGroup:NodeGroup::china-gpu";

const options = (o: Partial<RenderedResource["options"]> = {}): RenderedResource["options"] => ({
  protect: false, retainOnDelete: false, dependencies: [], ignoreChanges: [], deleteBeforeReplace: false, ...o,
});

/** A small rendered stack: the stack, a China provider, a component with a cluster and a GPU node group. */
const stack: RenderedStack = {
  project: "inference-platform",
  stack: "prod",
  stackFile: "Pulumi.prod.yaml",
  outputs: {},
  resources: [
    { urn: STACK_URN, type: "pulumi:pulumi:Stack", name: "inference-platform-prod", custom: false, inputs: {}, options: options() },
    { urn: PROVIDER_URN, type: "pulumi:providers:aws", name: "china-aws", custom: true, parent: STACK_URN, inputs: { region: "cn-north-1" }, options: options() },
    { urn: COMPONENT_URN, type: "inference:eks:EksCluster", name: "china-eks", custom: false, parent: STACK_URN, inputs: {}, options: options() },
    {
      urn: CLUSTER_URN, type: "aws:eks/cluster:Cluster", name: "china-eks", custom: true, parent: COMPONENT_URN,
      provider: `${PROVIDER_URN}::china-aws-id`, inputs: { version: "1.34" }, options: options({ customTimeouts: { create: "30m", update: "1h30m", delete: "90s" } }),
    },
    {
      urn: NODES_URN, type: "aws:eks/nodeGroup:NodeGroup", name: "china-gpu", custom: true, parent: COMPONENT_URN,
      provider: `${PROVIDER_URN}::china-aws-id`, inputs: { instanceTypes: ["g5.12xlarge"] },
      options: options({ protect: true, retainOnDelete: true, deleteBeforeReplace: true, dependencies: [CLUSTER_URN], ignoreChanges: ["scalingConfig.desiredSize"] }),
    },
  ],
};

/** A rule that records what it is given and reports once per node group. */
function probe(seen: ResourceValidationArgs[], extra: Partial<PlatformResourceRule> = {}): PlatformResourceRule {
  return {
    name: "probe", description: "records its arguments", control: "platform", enforcementLevel: "mandatory",
    validateResource: (args, report) => {
      seen.push(args);
      if (args.type === "aws:eks/nodeGroup:NodeGroup") report("node group seen", "urn:ignored");
    },
    ...extra,
  };
}

describe("resource rules get the engine's arguments", () => {
  it("passes type, inputs as props, urn, name, options in seconds, retainOnDelete and the resolved provider", async () => {
    const seen: ResourceValidationArgs[] = [];
    await runPolicyPack(stack, { resourceRules: [probe(seen)], stackRules: [] });
    expect(seen.map((a) => a.name)).toEqual(["inference-platform-prod", "china-aws", "china-eks", "china-eks", "china-gpu"]);
    const nodes = seen[4]!;
    expect(nodes.type).toBe("aws:eks/nodeGroup:NodeGroup");
    expect(nodes.urn).toBe(NODES_URN);
    expect(nodes.props).toEqual({ instanceTypes: ["g5.12xlarge"] });
    expect(nodes.opts).toEqual({
      protect: true, ignoreChanges: ["scalingConfig.desiredSize"], deleteBeforeReplace: true, aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [],
      parent: COMPONENT_URN, retainOnDelete: true,
    });
    expect(nodes.provider).toEqual({ type: "pulumi:providers:aws", name: "china-aws", urn: PROVIDER_URN, props: { region: "cn-north-1" } });
    expect(seen[3]!.opts.customTimeouts).toEqual({ createSeconds: 1800, updateSeconds: 5400, deleteSeconds: 90 });
    expect(seen[0]!.provider).toBeUndefined();
    expect([...nodes.stackTags.entries()]).toEqual([["pulumi:project", "inference-platform"]]);
  });

  it("answers isType and asType by the class's type token, as the SDK does", async () => {
    const seen: ResourceValidationArgs[] = [];
    await runPolicyPack(stack, { resourceRules: [probe(seen)], stackRules: [] });
    const nodes = seen[4]!;
    expect(nodes.isType(NodeGroup)).toBe(true);
    expect(nodes.isType(Cluster)).toBe(false);
    expect(nodes.asType(NodeGroup)).toEqual({ instanceTypes: ["g5.12xlarge"] });
    expect(nodes.asType(Cluster)).toBeUndefined();
  });

  it("reports violations at the validated resource, whatever urn the rule passes", async () => {
    expect(await runPolicyPack(stack, { resourceRules: [probe([])], stackRules: [] })).toEqual([
      { policy: "probe", enforcementLevel: "mandatory", urn: NODES_URN, message: "node group seen" },
    ]);
  });

  it("treats notApplicable as silence and a thrown error as the engine's validation error", async () => {
    const skipping = probe([], { validateResource: (args) => args.notApplicable("never applies") });
    expect(await runPolicyPack(stack, { resourceRules: [skipping], stackRules: [] })).toEqual([]);
    const broken = probe([], { name: "broken", validateResource: () => { throw new Error("bug"); } });
    await expect(runPolicyPack(stack, { resourceRules: [broken], stackRules: [] }))
      .rejects.toThrow("Error validating resource with policy 'broken' from policy pack 'inference-platform': bug");
  });
});

describe("config and enforcement as the engine applies them", () => {
  const configured = (seen: Record<string, unknown>[]): PlatformResourceRule => probe([], {
    configSchema: { properties: { maxNodes: { type: "integer", default: 50 }, label: { type: "string" } } },
    validateResource: (args) => { seen.push(args.getConfig()); },
  });

  it("fills schema defaults, lets the user's values win and hides enforcementLevel", async () => {
    const seen: Record<string, unknown>[] = [];
    await runPolicyPack(stack, { resourceRules: [configured(seen)], stackRules: [] });
    expect(seen[0]).toEqual({ maxNodes: 50 });
    seen.length = 0;
    await runPolicyPack(stack, { resourceRules: [configured(seen)], stackRules: [], config: { probe: { enforcementLevel: "advisory", maxNodes: 8, label: "x" } } });
    expect(seen[0]).toEqual({ maxNodes: 8, label: "x" });
  });

  it("takes the level from config, else the rule, else advisory; remediate counts as mandatory; disabled skips", async () => {
    const levels = async (config: Parameters<typeof runPolicyPack>[1]): Promise<string[]> =>
      (await runPolicyPack(stack, { stackRules: [], ...config })).map((v) => v.enforcementLevel);
    expect(await levels({ resourceRules: [probe([])] })).toEqual(["mandatory"]);
    expect(await levels({ resourceRules: [probe([])], config: { probe: "advisory" } })).toEqual(["advisory"]);
    expect(await levels({ resourceRules: [probe([])], config: { probe: { enforcementLevel: "remediate" } } })).toEqual(["mandatory"]);
    expect(await levels({ resourceRules: [probe([], { enforcementLevel: undefined })] })).toEqual(["advisory"]);
    expect(await levels({ resourceRules: [probe([])], config: { probe: "disabled" } })).toEqual([]);
  });

  it("hasMandatory tells a refused plan from an advisory one", () => {
    expect(hasMandatory([{ policy: "a", enforcementLevel: "advisory", message: "m" }])).toBe(false);
    expect(hasMandatory([{ policy: "a", enforcementLevel: "advisory", message: "m" }, { policy: "b", enforcementLevel: "mandatory", message: "m" }])).toBe(true);
  });

  it("reads Go durations as the engine sends them", () => {
    expect([durationSeconds("30m"), durationSeconds("1h30m"), durationSeconds("90s"), durationSeconds("1.5h"), durationSeconds(undefined)]).toEqual([1800, 5400, 90, 5400, 0]);
  });
});

describe("stack rules get every resource, linked", () => {
  it("links parents and dependencies, resolves providers, and keeps an optional urn", async () => {
    let resources: PolicyResource[] = [];
    const rule: PlatformStackRule = {
      name: "stack-probe", description: "records the stack", control: "platform", enforcementLevel: "advisory",
      validateStack: (args: StackValidationArgs, report) => {
        resources = args.resources;
        report("whole stack");
        report("one resource", CLUSTER_URN);
      },
    };
    const violations = await runPolicyPack(stack, { resourceRules: [], stackRules: [rule] });
    expect(violations).toEqual([
      { policy: "stack-probe", enforcementLevel: "advisory", urn: undefined, message: "whole stack" },
      { policy: "stack-probe", enforcementLevel: "advisory", urn: CLUSTER_URN, message: "one resource" },
    ]);
    const nodes = resources.find((r) => r.name === "china-gpu")!;
    expect(nodes.parent?.urn).toBe(COMPONENT_URN);
    expect(nodes.parent?.parent?.urn).toBe(STACK_URN);
    expect(nodes.dependencies.map((d) => d.urn)).toEqual([CLUSTER_URN]);
    expect(nodes.provider?.props).toEqual({ region: "cn-north-1" });
    expect(nodes.isType(NodeGroup)).toBe(true);
  });
});
