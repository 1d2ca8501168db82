import { onlyTypes } from "../lib/applies";
import { list, record, text, texts } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/**
 * Kubernetes Secrets hold the Redis AUTH token, Grafana's password and the
 * workloads' credentials. EKS keeps etcd on encrypted volumes, but anyone
 * reading an etcd backup sees Secrets in clear unless they are envelope
 * encrypted with a KMS key we control (and can revoke).
 */
export const eksSecretsEncrypted: PlatformResourceRule = {
  name: "eks-secrets-encrypted",
  description: "EKS clusters encrypt Kubernetes Secrets with a KMS key (encryptionConfig for \"secrets\").",
  control: "AWS Security Hub FSBP EKS.3; CIS Amazon EKS Benchmark v1.7.0 5.3.1",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["aws:eks/cluster:Cluster"], (args, report) => {
    // aws v7 takes one object; older schemas took a list.
    const raw = args.props.encryptionConfig;
    const configs = Array.isArray(raw) ? list(raw) : [raw];
    const covered = configs.some((c) => {
      const config = record(c);
      return texts(config?.resources).includes("secrets") && (text(record(config?.provider)?.keyArn) ?? "") !== "";
    });
    if (!covered) report("no encryptionConfig with resources [\"secrets\"] and a provider.keyArn: Secrets would sit in etcd unencrypted by our key.");
  }),
};
