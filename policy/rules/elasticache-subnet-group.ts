import { onlyTypes } from "../lib/applies";
import { text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/**
 * The default subnet group spans the default VPC's subnets, which are public
 * in most accounts. A cache gets its own subnet group in the platform's
 * private subnets.
 */
export const elasticacheSubnetGroup: PlatformResourceRule = {
  name: "elasticache-subnet-group",
  description: "ElastiCache replication groups and clusters use their own subnet group, not the default one.",
  control: "AWS Security Hub FSBP ElastiCache.7",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/cluster:Cluster"], (args, report) => {
    // A cluster inside a replication group inherits the group's subnet group.
    if (args.type === "aws:elasticache/cluster:Cluster" && text(args.props.replicationGroupId)) args.notApplicable("member of a replication group");
    const group = text(args.props.subnetGroupName);
    if (!group || group === "default") report(`subnetGroupName is ${group ? '"default"' : "not set (the default group)"}: use a subnet group of the private subnets.`);
  }),
};
