// What prod keeps through a refactor or a destroy of the wrong stack (protect + retainOnDelete), decided by
// `environment`, and where Route 53 probes each region from. Both ways: prod protects, dev does not.
import { describe, expect, it } from "vitest";
import type { RenderedStack } from "../../infra/plan/harness";
import { MIN_CHECKER_REGIONS } from "../../components/geo-dns/checker-regions";
import { bothRealStacks, ofType } from "../support/render";

const stacks: Record<string, RenderedStack> = bothRealStacks();

/** The resources that hold data, an audit trail, or a region's place in DNS. */
const KEPT = [
  "aws:eks/cluster:Cluster",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:msk/cluster:Cluster",
  "aws:kms/key:Key",
  "aws:s3/bucket:Bucket",
  "aws:route53/record:Record",
  "aws:route53/healthCheck:HealthCheck",
];
/** Audit log groups: the EKS control plane's (API and audit logs) and the VPC flow logs. */
const isAuditLog = (name: string) => /-(eks-control-plane|net-flow-logs)$/.test(name);

describe("the environment tag the policy pack reads", () => {
  it.each(["prod", "dev"] as const)("is on every tagged AWS resource of %s, and its providers' default tags, saying %s", (stack) => {
    const tagged = stacks[stack]!.resources.filter((r) => r.type.startsWith("aws:") && typeof r.inputs.tags === "object");
    expect(tagged.length).toBeGreaterThan(100);
    const wrong = tagged.filter((r) => (r.inputs.tags as Record<string, string>).environment !== stack).map((r) => `${r.type} ${r.name}`);
    expect(wrong).toEqual([]);
    for (const provider of ofType(stacks[stack]!, "pulumi:providers:aws")) {
      expect(JSON.parse(String(provider.inputs.defaultTags)).tags, provider.name).toMatchObject({ environment: stack });
    }
  });

  it("stays out of what the node launch templates tag: there it would make a new version, which rolls every node", () => {
    const templates = ofType(stacks.prod!, "aws:ec2/launchTemplate:LaunchTemplate");
    expect(templates.length).toBeGreaterThan(2);
    for (const t of templates) {
      expect((t.inputs.tags as Record<string, string>).environment, t.name).toBe("prod");
      for (const spec of t.inputs.tagSpecifications as Array<{ resourceType: string; tags: Record<string, string> }>) {
        expect(spec.tags, `${t.name} ${spec.resourceType}`).toMatchObject({ owner: "platform-team" });
        expect(spec.tags.environment, `${t.name} ${spec.resourceType}`).toBeUndefined();
      }
    }
  });
});

describe("protection", () => {
  it("keeps every cluster, data store, key, bucket, DNS record, health check and audit log in prod", () => {
    const kept = stacks.prod!.resources.filter((r) => KEPT.includes(r.type) || (r.type === "aws:cloudwatch/logGroup:LogGroup" && isAuditLog(r.name)));
    expect(new Set(kept.map((r) => r.type))).toEqual(new Set([...KEPT, "aws:cloudwatch/logGroup:LogGroup"]));
    for (const r of kept) expect(r.options, `${r.type} ${r.name}`).toMatchObject({ protect: true, retainOnDelete: true });
  });

  it("protects none of them in dev, where stacks are torn down and rebuilt", () => {
    const kept = stacks.dev!.resources.filter((r) => KEPT.includes(r.type) || r.type === "aws:cloudwatch/logGroup:LogGroup");
    expect(kept.length).toBeGreaterThan(10);
    for (const r of kept) expect(r.options, `${r.type} ${r.name}`).toMatchObject({ protect: false, retainOnDelete: false });
  });
});

describe("Route 53 checker regions", () => {
  it("probes the China endpoint from the Asia-Pacific checkers only, at least Route 53's minimum of them", () => {
    const china = ofType(stacks.prod!, "aws:route53/healthCheck:HealthCheck").find((c) => c.name === "dns-china")!;
    expect(china.inputs.regions).toEqual(["ap-northeast-1", "ap-southeast-1", "ap-southeast-2"]);
    expect((china.inputs.regions as string[]).length).toBeGreaterThanOrEqual(MIN_CHECKER_REGIONS);
  });

  it("leaves other endpoints to Route 53's default checkers (all regions)", () => {
    for (const stack of ["prod", "dev"]) {
      const others = ofType(stacks[stack]!, "aws:route53/healthCheck:HealthCheck").filter((c) => c.name !== "dns-china");
      expect(others.length).toBeGreaterThan(0);
      for (const c of others) expect(c.inputs.regions, c.name).toBeUndefined();
    }
  });
});
