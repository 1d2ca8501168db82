/**
 * What a real preview would replace rather than update, for the stateful
 * types whose replacement loses data or an endpoint: the properties the AWS
 * provider marks "forces a new resource". Everything else is diffed as an
 * update (the offline diff cannot ask the provider). Paths are the plan's
 * input paths (camelCase), a prefix covers everything under it.
 *
 * Sources: the Pulumi AWS registry docs, which carry the Terraform AWS
 * provider's schema (each property's "Changing this forces a new resource"),
 * read 2026-11-29:
 * - https://www.pulumi.com/registry/packages/aws/api-docs/elasticache/replicationgroup/
 * - https://www.pulumi.com/registry/packages/aws/api-docs/msk/cluster/
 * - https://www.pulumi.com/registry/packages/aws/api-docs/eks/cluster/
 * - https://www.pulumi.com/registry/packages/aws/api-docs/kms/key/
 * - https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucket/
 * - https://www.pulumi.com/registry/packages/aws/api-docs/route53/zone/ , …/route53/record/ , …/route53/healthcheck/
 */
export const REPLACE_ON_CHANGE_RECORDED = "2026-11-29";

/** Replace-on-change input paths, by Pulumi type. */
export const REPLACE_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
  "aws:elasticache/replicationGroup:ReplicationGroup": [
    "replicationGroupId", "engine", "port", "subnetGroupName", "atRestEncryptionEnabled", "kmsKeyId", "preferredCacheClusterAzs", "snapshotArns", "snapshotName",
  ],
  "aws:msk/cluster:Cluster": [
    "clusterName", "brokerNodeGroupInfo.clientSubnets", "brokerNodeGroupInfo.securityGroups", "brokerNodeGroupInfo.azDistribution",
    "encryptionInfo.encryptionAtRestKmsKeyArn", "encryptionInfo.encryptionInTransit.inCluster",
  ],
  "aws:eks/cluster:Cluster": [
    "name", "roleArn", "encryptionConfig.provider.keyArn", "kubernetesNetworkConfig.serviceIpv4Cidr", "kubernetesNetworkConfig.ipFamily", "outpostConfig",
  ],
  "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId", "customKeyStoreId"],
  "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
  "aws:route53/zone:Zone": ["name", "delegationSetId"],
  "aws:route53/record:Record": ["name", "zoneId", "type", "setIdentifier"],
  "aws:route53/healthCheck:HealthCheck": ["type", "referenceName", "requestInterval", "measureLatency"],
};

/** Types whose delete or replacement loses data or a public endpoint: a change to one is marked protected. */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set(Object.keys(REPLACE_ON_CHANGE));

/** True when changing `path` of a `type` forces a replacement. */
export function forcesReplacement(type: string, path: string): boolean {
  return (REPLACE_ON_CHANGE[type] ?? []).some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
}
