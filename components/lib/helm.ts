import * as pulumi from "@pulumi/pulumi";
import { Release } from "@pulumi/kubernetes/helm/v3/release";

/** A Helm chart at a pinned version in its upstream repository. */
export interface ChartSource {
  /** Chart name. */
  chart: string;
  /** Pinned chart version: never a range, so a preview diff shows every upgrade. */
  version: string;
  /** Upstream repository: an https Helm repository, or an `oci://` registry path (the chart name is appended). */
  repository: string;
}

/**
 * Credentials for a private chart mirror, e.g. an ECR registry holding the
 * China copies of upstream charts (user `AWS`, a 12-hour authorization token).
 * The Kubernetes provider's embedded Helm pulls with them, so the deploying
 * machine needs no `helm registry login`. A token fetched per run changes the
 * release inputs on every run: Helm then upgrades to identical manifests.
 */
export interface ChartRegistryAuth {
  username: pulumi.Input<string>;
  /** Kept secret in state and previews whatever the caller passes. */
  password: pulumi.Input<string>;
}

/** Inputs of {@link pinnedRelease}. */
export interface PinnedReleaseArgs {
  /** The chart and its pinned version. */
  source: ChartSource;
  /**
   * Mirror to fetch the chart from instead of upstream: an `oci://` registry
   * path (the chart name is appended) or an https Helm repository.
   * @default upstream
   */
  chartMirror?: string;
  /**
   * Credentials for `chartMirror`. Never sent when the chart comes from
   * upstream, so a mirror's token cannot leak to a public repository.
   * @default none (anonymous pulls)
   */
  registryAuth?: ChartRegistryAuth;
  /** Namespace to install into (created when missing). */
  namespace: string;
  /** Chart values (an Output when they hold another resource's outputs, e.g. an endpoint). */
  values: pulumi.Input<Record<string, unknown>>;
  /** Seconds Helm waits for the release to become ready. @default 600 */
  timeoutSeconds?: number;
}

/**
 * A Helm release of a pinned chart, atomic (a failed upgrade rolls back) and
 * fetched from the region's chart mirror when one is set, since China cannot
 * reach most upstream chart repositories.
 */
export function pinnedRelease(name: string, args: PinnedReleaseArgs, opts: pulumi.CustomResourceOptions): Release {
  const { source, chartMirror } = args;
  const registry = chartMirror ?? source.repository;
  const fromOci = registry.startsWith("oci://");
  const credentials = chartMirror !== undefined && args.registryAuth
    ? { username: args.registryAuth.username, password: pulumi.secret(args.registryAuth.password) }
    : undefined;
  return new Release(name, {
    name,
    chart: fromOci ? `${registry.replace(/\/+$/, "")}/${source.chart}` : source.chart,
    version: source.version,
    // An oci:// chart carries its registry in `chart`; the credentials alone go here.
    repositoryOpts: fromOci ? credentials : { repo: registry, ...credentials },
    namespace: args.namespace,
    createNamespace: true,
    atomic: true,
    cleanupOnFail: true,
    timeout: args.timeoutSeconds ?? 600,
    values: args.values,
  }, opts);
}
