// The data plane of both real stacks, rendered under mocks: the Redis response cache per region, and its AUTH token kept secret.
import { describe, expect, it } from "vitest";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { bothRealStacks } from "../support/render";
import { runPlan } from "../support/plan-cli";
import { EXPECTED, named, regionIds } from "./data-plane-shared";

const stacks: Record<string, RenderedStack> = bothRealStacks();

describe.each(["prod", "dev"] as const)("data plane of stack %s", (stack) => {
  const get = () => stacks[stack]!;
  const prod = stack === "prod";

  describe.each(EXPECTED[stack].regions)("region $name", (region) => {
    const n = region.name;
    const { arn, privateSubnets, nodeSg } = regionIds(region);

    it("encrypts Redis with its KMS key and TLS, authenticates with a secret AUTH token", () => {
      const rg = named(get(), "aws:elasticache/replicationGroup:ReplicationGroup", `${n}-redis`);
      expect(rg.inputs).toMatchObject({
        engine: "redis", engineVersion: "7.1",
        atRestEncryptionEnabled: true, kmsKeyId: arn("kms", `key/${n}-redis-data`),
        transitEncryptionEnabled: true, transitEncryptionMode: "required",
        authToken: "[secret]", authTokenUpdateStrategy: "ROTATE",
      });
      expect(named(get(), "aws:kms/key:Key", `${n}-redis-data`).inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
    });

    it(`runs Redis ${prod ? "Multi-AZ with failover, 2 replicas and 7-day snapshots" : "as one node with 1-day snapshots"}`, () => {
      const rg = named(get(), "aws:elasticache/replicationGroup:ReplicationGroup", `${n}-redis`);
      expect(rg.inputs).toMatchObject(prod
        ? { nodeType: "cache.r6g.large", numCacheClusters: 3, multiAzEnabled: true, automaticFailoverEnabled: true, snapshotRetentionLimit: 7 }
        : { nodeType: "cache.t4g.small", numCacheClusters: 1, multiAzEnabled: false, automaticFailoverEnabled: false, snapshotRetentionLimit: 1 });
      expect(rg.inputs).toMatchObject({ autoMinorVersionUpgrade: true, maintenanceWindow: "sun:19:00-sun:20:00", snapshotWindow: "17:00-18:00" });
      expect(rg.options.customTimeouts).toEqual({ create: "60m", update: "90m", delete: "60m" });
    });

    it("names the replication group and its subnet group after the stack, so dev and prod can share an account", () => {
      const rg = named(get(), "aws:elasticache/replicationGroup:ReplicationGroup", `${n}-redis`);
      expect(rg.inputs.replicationGroupId).toBe(region.redisId);
      expect(rg.inputs.subnetGroupName).toBe(region.redisId);
      expect(named(get(), "aws:elasticache/subnetGroup:SubnetGroup", `${n}-redis`).inputs.name).toBe(region.redisId);
    });

    it("puts Redis in its own private subnet group behind a group that admits only the nodes on 6379", () => {
      const rg = named(get(), "aws:elasticache/replicationGroup:ReplicationGroup", `${n}-redis`);
      expect(named(get(), "aws:elasticache/subnetGroup:SubnetGroup", `${n}-redis`).inputs.subnetIds).toEqual(privateSubnets);
      expect(rg.inputs.securityGroupIds).toEqual([`${n}-redis-id`]);
      const rules = get().resources.filter((x) => x.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" && x.inputs.securityGroupId === `${n}-redis-id`);
      expect(rules.map((x) => x.inputs)).toEqual([expect.objectContaining({ referencedSecurityGroupId: nodeSg, ipProtocol: "tcp", fromPort: 6379, toPort: 6379 })]);
      expect(rules[0]!.inputs.cidrIpv4).toBeUndefined();
    });

    it("tunes the parameter group for the response cache and ships slow and engine logs with retention", () => {
      const rg = named(get(), "aws:elasticache/replicationGroup:ReplicationGroup", `${n}-redis`);
      expect(rg.inputs.parameterGroupName).toBe(`${region.redisId}-redis7`);
      expect(named(get(), "aws:elasticache/parameterGroup:ParameterGroup", `${n}-redis-redis7`).inputs).toMatchObject({
        name: `${region.redisId}-redis7`, family: "redis7", parameters: expect.arrayContaining([{ name: "maxmemory-policy", value: "volatile-ttl" }]),
      });
      expect(rg.inputs.logDeliveryConfigurations).toEqual([
        { destination: `/aws/elasticache/${region.redisId}/slow-log`, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" },
        { destination: `/aws/elasticache/${region.redisId}/engine-log`, destinationType: "cloudwatch-logs", logFormat: "json", logType: "engine-log" },
      ]);
      for (const log of ["slow-log", "engine-log"]) {
        expect(named(get(), "aws:cloudwatch/logGroup:LogGroup", `${n}-redis-${log}`).inputs).toMatchObject({ name: `/aws/elasticache/${region.redisId}/${log}`, retentionInDays: region.logDays });
      }
    });
  });

  it("never shows the AUTH token in plain text, in the outputs or in the JSON plan", () => {
    const json = JSON.stringify(get());
    expect(json).not.toContain("mock-password");
    expect(JSON.stringify(get().outputs)).not.toContain("mock-password");
    expect(json).toContain('"authToken":"[secret]"');
  });
});

describe("npm run plan -- --json", () => {
  it("prints the AUTH token only as [secret]", async () => {
    // The same command test/cli/plan.test.ts runs: one process per run serves both.
    const run = await runPlan("--stack", "prod", "--json");
    expect(run.code, run.stderr).toBe(0);
    const json = run.stdout;
    expect(json).not.toContain("mock-password");
    const plan = JSON.parse(json);
    expect(plan.outputs.regions.china.redis.authToken).toBe("[secret]");
    expect(plan.resources.find((r: RenderedResource) => r.name === "china-redis" && r.type === "aws:elasticache/replicationGroup:ReplicationGroup").inputs.authToken).toBe("[secret]");
  });
});
