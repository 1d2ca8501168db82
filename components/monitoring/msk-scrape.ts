/**
 * Prometheus scrape of MSK open monitoring: every broker serves the JMX
 * exporter on 11001 and the node exporter on 11002. Brokers are not
 * Kubernetes objects, so they are listed by DNS name in additional scrape
 * configs of the Prometheus the chart runs.
 */

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
