// ElastiCache and MSK rules of the policy pack: each passes the platform's resources and fires alone on its violation.
import { beforeAll, describe, expect, it } from "vitest";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { runPolicyPack } from "../../policy/runner";
import { resourceRules } from "../../policy/rules";
import { elasticacheAuth } from "../../policy/rules/elasticache-auth";
import { elasticacheAutoMinorUpgrade } from "../../policy/rules/elasticache-auto-minor-upgrade";
import { elasticacheAutomaticFailover } from "../../policy/rules/elasticache-automatic-failover";
import { elasticacheBackups } from "../../policy/rules/elasticache-backups";
import { elasticacheEncryptedAtRest } from "../../policy/rules/elasticache-encrypted-at-rest";
import { elasticacheEncryptedInTransit } from "../../policy/rules/elasticache-encrypted-in-transit";
import { elasticacheSubnetGroup } from "../../policy/rules/elasticache-subnet-group";
import { mskAuthenticatedClients } from "../../policy/rules/msk-authenticated-clients";
import { mskBrokerLogs } from "../../policy/rules/msk-broker-logs";
import { mskEncryptedAtRest } from "../../policy/rules/msk-encrypted-at-rest";
import { mskEncryptedInTransit } from "../../policy/rules/msk-encrypted-in-transit";
import { mskPublicAccessDisabled } from "../../policy/rules/msk-public-access-disabled";
import { renderRealStack } from "../support/render";

const DATA_PLANE_RULES = [
  elasticacheEncryptedAtRest, elasticacheEncryptedInTransit, elasticacheAuth, elasticacheBackups, elasticacheAutoMinorUpgrade,
  elasticacheAutomaticFailover, elasticacheSubnetGroup,
  mskEncryptedInTransit, mskEncryptedAtRest, mskAuthenticatedClients, mskPublicAccessDisabled, mskBrokerLogs,
];

const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
const CACHE_CLUSTER = "aws:elasticache/cluster:Cluster";
const MSK = "aws:msk/cluster:Cluster";

/** A Multi-AZ replication group as the platform builds it for prod. */
const goodGroup = {
  engine: "redis", engineVersion: "7.1", nodeType: "cache.r6g.large", numCacheClusters: 3, automaticFailoverEnabled: true, multiAzEnabled: true,
  atRestEncryptionEnabled: true, kmsKeyId: "arn:aws:kms:eu-central-1:123456789012:key/k", transitEncryptionEnabled: true, transitEncryptionMode: "required",
  authToken: "[secret]", autoMinorVersionUpgrade: true, snapshotRetentionLimit: 7, replicationGroupId: "prod-frankfurt-redis", subnetGroupName: "prod-frankfurt-redis",
};
/** An MSK cluster as the platform builds it. */
const goodCluster = {
  clusterName: "prod-frankfurt-kafka",
  brokerNodeGroupInfo: { instanceType: "kafka.m5.large", clientSubnets: ["a", "b", "c"], securityGroups: ["sg"], connectivityInfo: { publicAccess: { type: "DISABLED" } } },
  clientAuthentication: { sasl: { iam: true, scram: false }, unauthenticated: false },
  encryptionInfo: { encryptionAtRestKmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/k", encryptionInTransit: { clientBroker: "TLS", inCluster: true } },
  loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: "/aws/msk/prod-frankfurt-kafka/brokers" } } },
};

/** A one-resource stack named `stack`, as the harness would have rendered it. */
function oneResource(stack: string, type: string, inputs: Record<string, unknown>): RenderedStack {
  const resource: RenderedResource = {
    urn: `urn:pulumi:${stack}::inference-platform::${type}::r`, type, name: "r", custom: true, inputs,
    options: { protect: false, retainOnDelete: false, dependencies: [], ignoreChanges: [], deleteBeforeReplace: false },
  };
  return { project: "inference-platform", stack, stackFile: `Pulumi.${stack}.yaml`, resources: [resource], outputs: {} };
}

/** Violations of the data-plane rules for one resource: `[rule, message]`. */
async function violations(type: string, inputs: Record<string, unknown>, stack = "prod"): Promise<Array<[string, string]>> {
  const found = await runPolicyPack(oneResource(stack, type, inputs), { resourceRules: DATA_PLANE_RULES, stackRules: [] });
  return found.map((v) => [v.policy, v.message]);
}

describe("data-plane rules", () => {
  it("are listed in the pack, mandatory, with a control and a description", () => {
    for (const rule of DATA_PLANE_RULES) {
      expect(resourceRules).toContain(rule);
      expect(rule.enforcementLevel).toBe("mandatory");
      expect(rule.control.length).toBeGreaterThan(0);
      expect(rule.description.length).toBeGreaterThan(0);
    }
    expect(DATA_PLANE_RULES.map((r) => [r.name, r.control])).toEqual([
      ["elasticache-encrypted-at-rest", "AWS Security Hub FSBP ElastiCache.4"],
      ["elasticache-encrypted-in-transit", "AWS Security Hub FSBP ElastiCache.5"],
      ["elasticache-auth", "AWS Security Hub FSBP ElastiCache.6 (stricter: every engine version)"],
      ["elasticache-backups", "AWS Security Hub FSBP ElastiCache.1"],
      ["elasticache-auto-minor-upgrade", "AWS Security Hub FSBP ElastiCache.2"],
      ["elasticache-automatic-failover", "AWS Security Hub FSBP ElastiCache.3"],
      ["elasticache-subnet-group", "AWS Security Hub FSBP ElastiCache.7"],
      ["msk-encrypted-in-transit", "AWS Security Hub FSBP MSK.1"],
      ["msk-encrypted-at-rest", "platform"],
      ["msk-authenticated-clients", "AWS Security Hub FSBP MSK.6"],
      ["msk-public-access-disabled", "AWS Security Hub FSBP MSK.4"],
      ["msk-broker-logs", "platform (FSBP MSK.5 covers connectors only)"],
    ]);
  });

  it("pass the platform's replication group and MSK cluster", async () => {
    expect(await violations(RG, goodGroup)).toEqual([]);
    expect(await violations(MSK, goodCluster)).toEqual([]);
  });

  const cases: Array<{ rule: string; type: string; inputs: Record<string, unknown>; stack?: string; message: string }> = [
    { rule: "elasticache-encrypted-at-rest", type: RG, inputs: { ...goodGroup, atRestEncryptionEnabled: false }, message: "atRestEncryptionEnabled is not true" },
    { rule: "elasticache-encrypted-at-rest", type: RG, inputs: { ...goodGroup, kmsKeyId: undefined }, message: "kmsKeyId is not set" },
    { rule: "elasticache-encrypted-in-transit", type: RG, inputs: { ...goodGroup, transitEncryptionEnabled: false }, message: "transitEncryptionEnabled is not true" },
    { rule: "elasticache-encrypted-in-transit", type: RG, inputs: { ...goodGroup, transitEncryptionMode: "preferred" }, message: 'transitEncryptionMode is "preferred"' },
    { rule: "elasticache-auth", type: RG, inputs: { ...goodGroup, authToken: undefined }, message: "no authToken and no userGroupIds" },
    { rule: "elasticache-backups", type: RG, inputs: { ...goodGroup, snapshotRetentionLimit: 3 }, message: "snapshotRetentionLimit is 3 day(s); production stacks keep automatic snapshots at least 7 day(s)" },
    { rule: "elasticache-backups", type: RG, stack: "dev", inputs: { ...goodGroup, snapshotRetentionLimit: 0 }, message: "snapshotRetentionLimit is 0 day(s); keep automatic snapshots at least 1 day(s)" },
    { rule: "elasticache-backups", type: CACHE_CLUSTER, stack: "dev", inputs: { engine: "redis", subnetGroupName: "s" }, message: "snapshotRetentionLimit is 0 day(s)" },
    { rule: "elasticache-auto-minor-upgrade", type: RG, inputs: { ...goodGroup, autoMinorVersionUpgrade: false }, message: "autoMinorVersionUpgrade is false" },
    { rule: "elasticache-automatic-failover", type: RG, inputs: { ...goodGroup, numCacheClusters: 1, automaticFailoverEnabled: false, multiAzEnabled: false }, message: "production cache without automatic failover across AZs: automaticFailoverEnabled is not true; multiAzEnabled is not true; 1 node(s), no replica to fail over to" },
    { rule: "elasticache-subnet-group", type: RG, inputs: { ...goodGroup, subnetGroupName: "default" }, message: 'subnetGroupName is "default"' },
    { rule: "elasticache-subnet-group", type: RG, inputs: { ...goodGroup, subnetGroupName: undefined }, message: "subnetGroupName is not set (the default group)" },
    { rule: "msk-encrypted-in-transit", type: MSK, inputs: { ...goodCluster, encryptionInfo: { ...goodCluster.encryptionInfo, encryptionInTransit: { clientBroker: "TLS", inCluster: false } } }, message: "encryptionInTransit.inCluster is false" },
    { rule: "msk-encrypted-in-transit", type: MSK, inputs: { ...goodCluster, encryptionInfo: { ...goodCluster.encryptionInfo, encryptionInTransit: { clientBroker: "TLS_PLAINTEXT", inCluster: true } } }, message: "encryptionInTransit.clientBroker is TLS_PLAINTEXT" },
    { rule: "msk-encrypted-at-rest", type: MSK, inputs: { ...goodCluster, encryptionInfo: { encryptionInTransit: { clientBroker: "TLS", inCluster: true } } }, message: "encryptionAtRestKmsKeyArn is not set" },
    { rule: "msk-authenticated-clients", type: MSK, inputs: { ...goodCluster, clientAuthentication: { sasl: { iam: true }, unauthenticated: true } }, message: "clientAuthentication.unauthenticated is true" },
    { rule: "msk-authenticated-clients", type: MSK, inputs: { ...goodCluster, clientAuthentication: undefined }, message: "no client authentication is enabled" },
    { rule: "msk-public-access-disabled", type: MSK, inputs: { ...goodCluster, brokerNodeGroupInfo: { ...goodCluster.brokerNodeGroupInfo, connectivityInfo: { publicAccess: { type: "SERVICE_PROVIDED_EIPS" } } } }, message: "publicAccess.type is SERVICE_PROVIDED_EIPS" },
    { rule: "msk-broker-logs", type: MSK, inputs: { ...goodCluster, loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: false } } } }, message: "loggingInfo.brokerLogs delivers nowhere" },
  ];

  it.each(cases)("$rule fires alone on: $message", async ({ rule, type, inputs, stack, message }) => {
    const found = await violations(type, inputs, stack);
    expect(found.map(([policy]) => policy)).toEqual(found.map(() => rule));
    expect(found.length).toBeGreaterThan(0);
    expect(found.some(([, m]) => m.includes(message))).toBe(true);
  });

  it("lets dev run a single Redis node with one day of snapshots", async () => {
    expect(await violations(RG, { ...goodGroup, numCacheClusters: 1, automaticFailoverEnabled: false, multiAzEnabled: false, snapshotRetentionLimit: 1 }, "dev")).toEqual([]);
  });

  it("follows the production stack names of the rule config", async () => {
    const single = { ...goodGroup, numCacheClusters: 1, automaticFailoverEnabled: false, multiAzEnabled: false };
    const found = await runPolicyPack(oneResource("prod-eu", RG, single), {
      resourceRules: [elasticacheAutomaticFailover], config: { "elasticache-automatic-failover": { prodStacks: ["prod-eu"] } },
    });
    expect(found.map((v) => v.policy)).toEqual(["elasticache-automatic-failover"]);
    expect(await runPolicyPack(oneResource("prod-eu", RG, single), { resourceRules: [elasticacheAutomaticFailover] })).toEqual([]);
  });

  it("leave memcached and replication-group members alone", async () => {
    expect(await violations(CACHE_CLUSTER, { engine: "memcached", subnetGroupName: "s" })).toEqual([]);
    expect(await violations(CACHE_CLUSTER, { engine: "redis", replicationGroupId: "g", snapshotRetentionLimit: 7 })).toEqual([]);
  });
});

describe("data-plane rules on the real stacks", () => {
  const stacks: Record<string, RenderedStack> = {};
  beforeAll(async () => {
    stacks.prod = await renderRealStack("prod");
    stacks.dev = await renderRealStack("dev");
  });

  it.each(["prod", "dev"])("find nothing in %s", async (stack) => {
    expect(await runPolicyPack(stacks[stack]!, { resourceRules: DATA_PLANE_RULES, stackRules: [] })).toEqual([]);
  });
});
