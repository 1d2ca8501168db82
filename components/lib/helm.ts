import * as pulumi from "@pulumi/pulumi";
import { Release } from "@pulumi/kubernetes/helm/v3/release";

/** A Helm chart at a pinned version in its upstream repository. */
export interface ChartSource {
  /** Chart name. */
  chart: string;
  /** Pinned chart version: never a range, so a preview diff shows every upgrade. */
  version: string;
  /** Upstream https repository URL. */
  repository: string;
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
  /** Namespace to install into (created when missing). */
  namespace: string;
  /** Chart values. */
  values: Record<string, unknown>;
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
  const fromOci = chartMirror?.startsWith("oci://") ?? false;
  return new Release(name, {
    name,
    chart: fromOci ? `${chartMirror!.replace(/\/+$/, "")}/${source.chart}` : source.chart,
    version: source.version,
    repositoryOpts: fromOci ? undefined : { repo: chartMirror ?? source.repository },
    namespace: args.namespace,
    createNamespace: true,
    atomic: true,
    cleanupOnFail: true,
    timeout: args.timeoutSeconds ?? 600,
    values: args.values,
  }, opts);
}
