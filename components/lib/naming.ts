import * as pulumi from "@pulumi/pulumi";

/**
 * Physical name of an AWS resource whose name is unique per account and
 * region (EKS clusters, MSK clusters, ElastiCache groups, log groups): the
 * stack comes first, so dev and prod can share an account without
 * AlreadyExists errors. Lower-case, as ElastiCache requires.
 */
export function stackScopedName(name: string): string {
  return `${pulumi.getStack()}-${name}`.toLowerCase();
}
