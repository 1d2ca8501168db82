/**
 * The IAM role Alertmanager publishes to the alarm topic with: bound to its
 * service account through Pod Identity, or IRSA where Pod Identity does not
 * exist (China), and allowed only to publish to that one topic with its key.
 */
import * as pulumi from "@pulumi/pulumi";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import type { Partition } from "../lib/partition";
import type { Tags } from "../lib/tags";
import { workloadRole, type WorkloadIdentity, type WorkloadRole } from "../lib/workload-identity";

/** Inputs of {@link alarmTopicPublisher}. */
export interface AlarmTopicPublisherArgs {
  identity: WorkloadIdentity;
  partition: Partition;
  namespace: string;
  serviceAccount: string;
  topicArn: pulumi.Input<string>;
  /** KMS key of the topic (SNS needs a data key to store the message encrypted). */
  keyArn: pulumi.Input<string>;
  tags: Tags;
}

/** A role for `namespace/serviceAccount` that may publish to the topic; put its annotations on the account. */
export function alarmTopicPublisher(name: string, args: AlarmTopicPublisherArgs, parent: pulumi.Resource): WorkloadRole {
  const bound = workloadRole(name, {
    identity: args.identity, partition: args.partition, namespace: args.namespace, serviceAccount: args.serviceAccount, tags: args.tags,
  }, { parent });
  new RolePolicy(name, {
    role: bound.role.name,
    policy: pulumi.all([args.topicArn, args.keyArn]).apply(([topicArn, keyArn]) => JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "sns:Publish", Resource: topicArn },
        { Effect: "Allow", Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: keyArn },
      ],
    })),
  }, { parent });
  return bound;
}
