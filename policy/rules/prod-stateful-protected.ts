import { configWithDefaults } from "../lib/config";
import { isProduction, PROD_STACKS_SCHEMA } from "../lib/stack";
import type { PlatformResourceRule } from "../rule";

const defaults = {
  prodStacks: ["prod"],
  statefulTypes: [
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:msk/cluster:Cluster",
    "aws:msk/serverlessCluster:ServerlessCluster",
    "aws:kms/key:Key",
    "aws:eks/cluster:Cluster",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:route53/record:Record",
    "aws:route53/healthCheck:HealthCheck",
  ],
};

/**
 * A refactor that renames a component, or a `pulumi destroy` on the wrong
 * stack, deletes the sessions cache, the Kafka backlog and, worst, a KMS key
 * whose loss makes every Secret and snapshot it wrapped unreadable; or a
 * cluster, the model weights, the audit logs, or a region's DNS record and
 * health check (the region drops out of geo-DNS). In prod
 * these carry `protect` (the engine refuses to delete them) and
 * `retainOnDelete` (a removal from the program leaves the cloud resource).
 *
 * Limitation: @pulumi/policy 1.21 passes no `retainOnDelete` in the resource
 * options, so under `pulumi preview --policy-pack` only `protect` is checked;
 * the in-process runner (npm run plan, tests) passes both and both are checked.
 * Production is a stack prodStacks names (the URN's stack part: an analyzer
 * does not see the stack's config, where the program reads `environment`) or
 * a resource tagged environment=prod, as the platform's regions tag every AWS
 * resource. Untagged types (Route 53 records) rely on the stack name.
 */
export const prodStatefulProtected: PlatformResourceRule = {
  name: "prod-stateful-protected",
  description: "In production stacks, clusters, caches, Kafka, KMS keys, buckets, log groups and DNS records and health checks have protect and retainOnDelete.",
  control: "platform (AWS Security Hub FSBP KMS.3 for keys)",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      prodStacks: PROD_STACKS_SCHEMA,
      statefulTypes: { type: "array", items: { type: "string" }, default: defaults.statefulTypes, description: "Resource types that hold data or keys." },
    },
  },
  validateResource: (args, report) => {
    const { prodStacks, statefulTypes } = configWithDefaults(args, defaults);
    if (!statefulTypes.includes(args.type)) args.notApplicable("not a stateful type");
    if (!isProduction(args.urn, args.props, prodStacks)) args.notApplicable("not a production stack");
    const missing: string[] = [];
    if (!args.opts.protect) missing.push("protect");
    // Only present when the caller knows it (the in-process runner); the engine does not pass it.
    if ((args.opts as { retainOnDelete?: boolean }).retainOnDelete === false) missing.push("retainOnDelete");
    if (missing.length > 0) report(`stateful resource in production without ${missing.join(" and ")}: a refactor or destroy would delete its data.`);
  },
};
