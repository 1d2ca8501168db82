import * as pulumi from "@pulumi/pulumi";
import { LaunchTemplate } from "@pulumi/aws/ec2/launchTemplate";
import { ENVIRONMENT_TAG, namedTags, type Tags } from "./tags";

/** Inputs of {@link secureLaunchTemplate}. */
export interface SecureLaunchTemplateArgs {
  /** Root volume size in GiB. */
  rootVolumeGiB: number;
  /** Root device name of the AMI family (`/dev/xvda` for AL2023, `/dev/xvdb` data volume for Bottlerocket). */
  rootDeviceName: string;
  /** Tags for the template and the instances it launches. */
  tags: Tags;
}

/**
 * Launch template for EKS managed node groups: IMDSv2 required with a hop
 * limit of 2 (pods behind the node can still reach IMDS only through the SDKs
 * that speak v2), an encrypted gp3 root volume, and tags propagated to
 * instances and volumes so cost reports see them.
 */
export function secureLaunchTemplate(name: string, args: SecureLaunchTemplateArgs, opts: pulumi.CustomResourceOptions): LaunchTemplate {
  // The environment tag is for the policy pack, which sees the template, not the instances. In the
  // launched resources' tags it would make a new template version, and a new version rolls every node.
  const { [ENVIRONMENT_TAG]: _forPolicies, ...launchedTags } = args.tags;
  return new LaunchTemplate(name, {
    updateDefaultVersion: true,
    metadataOptions: {
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 2,
      instanceMetadataTags: "disabled",
    },
    blockDeviceMappings: [{
      deviceName: args.rootDeviceName,
      ebs: {
        volumeSize: args.rootVolumeGiB,
        volumeType: "gp3",
        encrypted: "true",
        deleteOnTermination: "true",
      },
    }],
    tagSpecifications: [
      { resourceType: "instance", tags: namedTags(launchedTags, name) },
      { resourceType: "volume", tags: namedTags(launchedTags, name) },
    ],
    tags: args.tags,
  }, opts);
}
