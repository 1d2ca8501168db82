// ManagedRedis under Pulumi mocks: secure defaults, what it publishes to pods, settings that reach the resources, refusals.
import * as pulumi from "@pulumi/pulumi";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { beforeAll, describe, expect, it } from "vitest";
import type { ManagedRedisArgs } from "../../components/redis";
import { recordRegistrations, waitForRPCs, onlyInputs } from "../support/components";

const tags = { project: "p", stack: "s", region: "eu-central-1", owner: "o" };
const redisArgs: ManagedRedisArgs = { vpcId: "vpc-1", subnetIds: ["s-a", "s-b", "s-c"], clientSecurityGroupId: "sg-nodes", tags };

/** How a secret value travels to the engine: a signature marks it secret. */
const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
const host = (prefix: string) => expect.stringMatching(new RegExp(`^${prefix}\\.stack-cache\\.[0-9a-f]{6}\\.eu-central-1\\.cache\\.amazonaws\\.com$`));

describe("ManagedRedis under mocks", () => {
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  const one = (type: string, name: string) => onlyInputs(registered, type, name);
  let providers: { aws: AwsProvider; kubernetes: KubernetesProvider };

  beforeAll(async () => {
    await recordRegistrations(registered);
    providers = { aws: new AwsProvider("aws", { region: "eu-central-1" }), kubernetes: new KubernetesProvider("k8s", { kubeconfig: "{}" }) };
    const { ManagedRedis } = await import("../../components/redis");
    new ManagedRedis("cache", { ...redisArgs, connection: { namespace: "inference" } }, { providers });
    new ManagedRedis("tuned", {
      ...redisArgs, engine: "valkey", engineVersion: "8.0", nodeType: "cache.r7g.large", replicas: 2, snapshotRetentionDays: 14,
      snapshotWindow: "02:00-03:00", maintenanceWindow: "wed:04:00-wed:05:00", evictionPolicy: "allkeys-lru", logRetentionDays: 90,
      port: 6380, cacheTtlSeconds: 45, connection: { namespace: "inference", configMapName: "tuned-connection", secretName: "tuned-auth" },
    }, { providers });
    await waitForRPCs();
  });

  it("gives ManagedRedis a replica, Multi-AZ failover, TLS, KMS, AUTH and backups by default", () => {
    expect(one("aws:elasticache/replicationGroup:ReplicationGroup", "cache")).toMatchObject({
      engine: "redis", engineVersion: "7.1", nodeType: "cache.r6g.large", numCacheClusters: 2, automaticFailoverEnabled: true, multiAzEnabled: true,
      atRestEncryptionEnabled: true, kmsKeyId: "arn:aws:kms:eu-central-1:123456789012:key/cache-data",
      transitEncryptionEnabled: true, transitEncryptionMode: "required", authToken: secret("mock-password-cache-auth"),
      snapshotRetentionLimit: 7, snapshotWindow: "17:00-18:00", maintenanceWindow: "sun:19:00-sun:20:00", autoMinorVersionUpgrade: true,
      replicationGroupId: "stack-cache", subnetGroupName: "stack-cache", parameterGroupName: "stack-cache-redis7", securityGroupIds: ["cache-id"],
    });
    expect(one("aws:elasticache/subnetGroup:SubnetGroup", "cache").name).toBe("stack-cache");
    expect(one("aws:elasticache/parameterGroup:ParameterGroup", "cache-redis7")).toMatchObject({ name: "stack-cache-redis7", family: "redis7", parameters: [
      { name: "maxmemory-policy", value: "volatile-ttl" }, { name: "maxmemory-samples", value: "10" }, { name: "timeout", value: "300" },
    ] });
    expect(one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "cache-from-nodes")).toMatchObject({
      securityGroupId: "cache-id", referencedSecurityGroupId: "sg-nodes", ipProtocol: "tcp", fromPort: 6379, toPort: 6379,
    });
    expect(one("aws:cloudwatch/logGroup:LogGroup", "cache-slow-log")).toMatchObject({ name: "/aws/elasticache/stack-cache/slow-log", retentionInDays: 30 });
    expect(one("aws:cloudwatch/logGroup:LogGroup", "cache-engine-log")).toMatchObject({ name: "/aws/elasticache/stack-cache/engine-log", retentionInDays: 30 });
  });

  it("publishes the Redis endpoints in a ConfigMap and the token only in a Secret", () => {
    expect(one("kubernetes:core/v1:ConfigMap", "cache-connection")).toMatchObject({
      metadata: { name: "redis-connection", namespace: "inference" },
      data: {
        REDIS_PRIMARY_HOST: host("master"),
        REDIS_READER_HOST: host("replica"),
        REDIS_PORT: "6379", REDIS_TLS: "true", RESPONSE_CACHE_TTL_SECONDS: "30",
      },
    });
    expect(JSON.stringify(one("kubernetes:core/v1:ConfigMap", "cache-connection"))).not.toContain("mock-password");
    expect(one("kubernetes:core/v1:Secret", "cache-auth")).toMatchObject({ metadata: { name: "redis-auth", namespace: "inference" }, stringData: secret({ REDIS_AUTH_TOKEN: "mock-password-cache-auth" }) });
  });

  it("carries every setting to the resource it configures", () => {
    expect(one("aws:elasticache/replicationGroup:ReplicationGroup", "tuned")).toMatchObject({
      engine: "valkey", engineVersion: "8.0", nodeType: "cache.r7g.large", numCacheClusters: 3, port: 6380,
      snapshotRetentionLimit: 14, snapshotWindow: "02:00-03:00", maintenanceWindow: "wed:04:00-wed:05:00", parameterGroupName: "stack-tuned-valkey8",
    });
    expect(one("aws:elasticache/parameterGroup:ParameterGroup", "tuned-valkey8").parameters).toContainEqual({ name: "maxmemory-policy", value: "allkeys-lru" });
    expect(one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "tuned-from-nodes")).toMatchObject({ fromPort: 6380, toPort: 6380 });
    expect(one("aws:cloudwatch/logGroup:LogGroup", "tuned-slow-log").retentionInDays).toBe(90);
    expect(one("kubernetes:core/v1:ConfigMap", "tuned-connection")).toMatchObject({
      metadata: { name: "tuned-connection" }, data: { REDIS_PORT: "6380", RESPONSE_CACHE_TTL_SECONDS: "45" },
    });
    expect(one("kubernetes:core/v1:Secret", "tuned-auth").metadata).toMatchObject({ name: "tuned-auth" });
  });

  it("refuses bad inputs before registering any child", async () => {
    const { ManagedRedis } = await import("../../components/redis");
    const before = registered.length;
    expect(() => new ManagedRedis("bad", { ...redisArgs, nodeType: "cache.m4.large" }, { providers })).toThrow(/unknown node type family cache.m4/);
    expect(() => new ManagedRedis("onesubnet", { ...redisArgs, subnetIds: ["s-a"] }, { providers })).toThrow("subnetIds: Multi-AZ needs subnets in at least two AZs");
    await waitForRPCs();
    expect(registered.slice(before).filter((r) => r.type !== "inference:data:ManagedRedis")).toEqual([]);
  });

  it("refuses a component name that makes the stack-scoped replication group id too long, before registering any child", async () => {
    const { ManagedRedis } = await import("../../components/redis");
    const before = registered.length;
    // "stack-" + 35 characters = 41 > ElastiCache's 40.
    const longRedis = `cache-${"x".repeat(29)}`;
    expect(() => new ManagedRedis(longRedis, redisArgs, { providers })).toThrow(
      `name: replication group id "stack-${longRedis}" (<stack>-<name>, 41 characters) is not allowed: ElastiCache takes 1 to 40`,
    );
    await waitForRPCs();
    expect(registered.slice(before).filter((r) => r.type !== "inference:data:ManagedRedis")).toEqual([]);
  });
});
