import { describe, expect, it } from "vitest";
import { brokerHostsFrom, mskScrapeConfigs } from "../../components/monitoring/msk-scrape";

const suffix = "prod-kafka.abc123.c2.kafka.eu-central-1.amazonaws.com";

describe("MSK open-monitoring scrape", () => {
  it("lists every broker, also those the bootstrap string leaves out", () => {
    expect(brokerHostsFrom(`b-2.${suffix}:9098,b-1.${suffix}:9098`, 3)).toEqual([`b-1.${suffix}`, `b-2.${suffix}`, `b-3.${suffix}`]);
    expect(brokerHostsFrom(`b-1.${suffix}:9098,b-10.${suffix}:9098,b-2.${suffix}:9098`)).toEqual([`b-1.${suffix}`, `b-2.${suffix}`, `b-10.${suffix}`]);
  });

  it("keeps hosts that do not follow MSK's naming as given", () => {
    expect(brokerHostsFrom("kafka-a.internal:9092, kafka-b.internal:9092", 3)).toEqual(["kafka-a.internal", "kafka-b.internal"]);
    expect(brokerHostsFrom("")).toEqual([]);
  });

  it("scrapes the JMX exporter on 11001 and the node exporter on 11002", () => {
    const [jmx, node] = mskScrapeConfigs([`b-1.${suffix}`, `b-2.${suffix}`], "prod-kafka");
    expect(jmx!.job_name).toBe("msk-jmx-exporter");
    expect(jmx!.static_configs).toEqual([{ targets: [`b-1.${suffix}:11001`, `b-2.${suffix}:11001`], labels: { kafka_cluster: "prod-kafka" } }]);
    expect(node!.job_name).toBe("msk-node-exporter");
    expect(node!.static_configs[0]!.targets).toEqual([`b-1.${suffix}:11002`, `b-2.${suffix}:11002`]);
  });

  it("keeps every series of the JMX job, the consumer-lag metric among them: target relabelling only, no metric relabelling", () => {
    const [jmx] = mskScrapeConfigs([`b-1.${suffix}`], "prod-kafka");
    expect(jmx).toEqual({
      job_name: "msk-jmx-exporter",
      scrape_interval: "60s",
      static_configs: [{ targets: [`b-1.${suffix}:11001`], labels: { kafka_cluster: "prod-kafka" } }],
      relabel_configs: [{ source_labels: ["__address__"], regex: "(b-\\d+)\\..*", target_label: "broker", replacement: "$1" }],
    });
    expect(Object.keys(jmx!)).not.toContain("metric_relabel_configs");
  });
});
