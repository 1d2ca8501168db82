/**
 * Prometheus scrape of MSK open monitoring: every broker serves the JMX
 * exporter on 11001 and the node exporter on 11002. Brokers are not
 * Kubernetes objects, so they are listed by DNS name in scrape configs that
 * live in a Secret of their own, which Prometheus reads as its additional
 * scrape configs. Only that Secret waits for the MSK cluster (about 35
 * minutes to create): the release, and everything after it, does not.
 */
import * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { stringify } from "yaml";

/** Port of the JMX exporter on each MSK broker. */
const MSK_JMX_EXPORTER_PORT = 11001;
/** Port of the node exporter on each MSK broker. */
const MSK_NODE_EXPORTER_PORT = 11002;

/**
 * Broker host names from a bootstrap list (`b-1.x.kafka.region.amazonaws.com:9098,…`).
 * The list may name only some brokers; MSK names brokers `b-<n>.<cluster suffix>`,
 * so with `brokerCount` every broker `b-1` … `b-<count>` is listed.
 */
export function brokerHostsFrom(bootstrapBrokers: string, brokerCount?: number): string[] {
  const hosts = bootstrapBrokers.split(",").map((entry) => entry.trim().replace(/:\d+$/, "")).filter((h) => h !== "");
  const all = new Set(hosts);
  const suffix = hosts.map((h) => /^b-\d+\.(.+)$/.exec(h)?.[1]).find((s) => s !== undefined);
  if (suffix && brokerCount) for (let i = 1; i <= brokerCount; i++) all.add(`b-${i}.${suffix}`);
  return [...all].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

/** One Prometheus `scrape_config` with static targets. */
export interface StaticScrapeConfig {
  job_name: string;
  scrape_interval: string;
  static_configs: Array<{ targets: string[]; labels: Record<string, string> }>;
  relabel_configs: Array<{ source_labels: string[]; regex: string; target_label: string; replacement: string }>;
}

/**
 * The two open-monitoring jobs for `brokerHosts`; the `broker` label keeps the
 * short name (`b-1`). Relabelling touches targets only, never series: the
 * consumer-lag alert reads `kafka_consumer_group_ConsumerLagMetrics_Value`
 * (labels `groupId`, `topic`, `name`) from the JMX job, so a metric keep-list
 * added here must keep that name and those labels.
 */
export function mskScrapeConfigs(brokerHosts: string[], clusterLabel: string): StaticScrapeConfig[] {
  const job = (name: string, port: number): StaticScrapeConfig => ({
    job_name: name,
    scrape_interval: "60s",
    static_configs: [{ targets: brokerHosts.map((h) => `${h}:${port}`), labels: { kafka_cluster: clusterLabel } }],
    relabel_configs: [{ source_labels: ["__address__"], regex: "(b-\\d+)\\..*", target_label: "broker", replacement: "$1" }],
  });
  return [job("msk-jmx-exporter", MSK_JMX_EXPORTER_PORT), job("msk-node-exporter", MSK_NODE_EXPORTER_PORT)];
}

/** Where the scrape jobs are: Secret name and key, in the monitoring namespace. */
export interface ScrapeSecretRef {
  name: string;
  key: string;
}

/** The Secret Prometheus reads the MSK jobs from. */
const MSK_SCRAPE_SECRET: ScrapeSecretRef = { name: "msk-scrape-configs", key: "msk-scrape-configs.yaml" };

/** Inputs of {@link mskScrapeSecret}. */
export interface MskScrapeSecretArgs {
  /** Namespace of Prometheus. */
  namespace: string;
  /** MSK bootstrap brokers (`host:port,…`). */
  bootstrapBrokers: pulumi.Input<string>;
  /** The cluster (label `kafka_cluster`) and how many brokers it has (all are scraped). @default label "msk", the bootstrap hosts only */
  kafka?: { clusterName: pulumi.Input<string>; brokerCount: number };
}

/**
 * The Secret with the two open-monitoring jobs of the cluster's brokers.
 * Returns where it is as plain strings: the release must name it without
 * taking a dependency on it (and through it on the MSK cluster).
 */
export function mskScrapeSecret(name: string, args: MskScrapeSecretArgs, opts: pulumi.CustomResourceOptions): ScrapeSecretRef {
  const jobs = pulumi.all([args.bootstrapBrokers, args.kafka?.clusterName ?? "msk"]).apply(([bootstrap, cluster]) =>
    stringify(mskScrapeConfigs(brokerHostsFrom(bootstrap, args.kafka?.brokerCount), cluster)));
  new Secret(`${name}-msk-scrape`, {
    metadata: { name: MSK_SCRAPE_SECRET.name, namespace: args.namespace, labels: { "app.kubernetes.io/part-of": "inference-platform" } },
    type: "Opaque",
    stringData: { [MSK_SCRAPE_SECRET.key]: jobs },
  }, opts);
  return MSK_SCRAPE_SECRET;
}
