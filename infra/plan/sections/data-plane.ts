// Plan lines of a region's Redis and Kafka with their sizing, from `regions.<name>.redis` and `.kafka`.
import type { RegionSection } from "./types";

interface RedisSummary {
  engine: string;
  nodeType: string;
  nodes: number;
  multiAz: boolean;
  snapshotRetentionDays: number;
  evictionPolicy: string;
  primaryEndpoint: string;
  readerEndpoint: string;
  port: number;
}

interface KafkaSummary {
  kafkaVersion: string;
  brokerInstanceType: string;
  brokers: number;
  volumeSizeGiB: number;
  maxVolumeSizeGiB: number;
  replicationFactor: number;
  minInsyncReplicas: number;
  bootstrapBrokersIam: string;
  topics: Array<{ name: string; purpose: string; partitions: number; replicationFactor: number; retentionHours: number }>;
  topicsJob: string;
}

function redisLines(r: RedisSummary): string[] {
  const replicas = r.nodes - 1;
  const layout = replicas === 0 ? "single node, no failover" : `primary + ${replicas} replica(s), ${r.multiAz ? "Multi-AZ automatic failover" : "single AZ"}`;
  return [
    `Redis: ${r.engine} ${r.nodes} × ${r.nodeType} (${layout}); snapshots kept ${r.snapshotRetentionDays} d; eviction ${r.evictionPolicy}; TLS + AUTH`,
    `  primary ${r.primaryEndpoint}:${r.port}, reader ${r.readerEndpoint}:${r.port}`,
  ];
}

function kafkaLines(k: KafkaSummary): string[] {
  return [
    `Kafka: MSK ${k.kafkaVersion} ${k.brokers} × ${k.brokerInstanceType} over 3 AZs, ${k.volumeSizeGiB} GiB/broker (autoscaling to ${k.maxVolumeSizeGiB} GiB); RF ${k.replicationFactor}, min ISR ${k.minInsyncReplicas}; IAM over TLS`,
    `  bootstrap ${k.bootstrapBrokersIam.split(",")[0] ?? ""}${k.brokers > 1 ? ` (+${k.brokers - 1} more)` : ""}`,
    `  topics (Job ${k.topicsJob}):`,
    ...k.topics.map((t) => `    ${t.name} [${t.purpose}] ${t.partitions} partition(s), RF ${t.replicationFactor}, retention ${t.retentionHours} h`),
  ];
}

/** Redis and Kafka of the region with their sizing, endpoints and topics. */
export const dataPlaneSection: RegionSection = (region) => [
  ...(region.redis ? redisLines(region.redis as RedisSummary) : []),
  ...(region.kafka ? kafkaLines(region.kafka as KafkaSummary) : []),
];
