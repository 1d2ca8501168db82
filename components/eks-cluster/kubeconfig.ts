import * as pulumi from "@pulumi/pulumi";

/** What a kubeconfig for an EKS cluster needs. */
export interface KubeconfigInputs {
  clusterName: pulumi.Input<string>;
  endpoint: pulumi.Input<string>;
  /** Base64 certificate authority data. */
  certificateAuthority: pulumi.Input<string>;
  /** The cluster's AWS region (its partition's credentials sign the token). */
  region: pulumi.Input<string>;
  /** AWS profile `aws eks get-token` runs with. @default ambient credentials */
  profile?: string;
  /** Role `aws eks get-token` assumes. @default none */
  roleArn?: string;
}

/**
 * A kubeconfig (JSON form) that authenticates with `aws eks get-token`, so no
 * credential is stored in state; the profile or role selects the partition's
 * account (China uses its own).
 */
export function kubeconfigFor(k: KubeconfigInputs): pulumi.Output<string> {
  return pulumi.all([k.clusterName, k.endpoint, k.certificateAuthority, k.region]).apply(([name, endpoint, ca, region]) => {
    const args = ["eks", "get-token", "--cluster-name", name, "--region", region, "--output", "json"];
    if (k.roleArn) args.push("--role-arn", k.roleArn);
    const env = k.profile ? [{ name: "AWS_PROFILE", value: k.profile }] : undefined;
    return JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name, cluster: { server: endpoint, "certificate-authority-data": ca } }],
      contexts: [{ name, context: { cluster: name, user: name } }],
      "current-context": name,
      users: [{ name, user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args, env } } }],
    });
  });
}
