// Plan lines of the global geo-DNS, from the stack output `dns`.
import type { StackSection } from "./types";

interface DnsSummary {
  recordName: string;
  routingPolicy: string;
  zoneId: string;
  ttlSeconds: number;
  routingTable: Array<{ location: string; region: string; recordType: string; crossPartition: boolean; target: string }>;
  healthChecks: Record<string, { id: string; fqdn: string; type: string; path: string; port: number; intervalSeconds: number; failureThreshold: number }>;
}

/** The DNS name, its routing table (location → region → target) and the health checks. */
export const dnsSection: StackSection = (outputs) => {
  const dns = outputs.dns as DnsSummary | undefined;
  if (!dns?.recordName) return [];
  const width = Math.max(...dns.routingTable.map((r) => r.location.length));
  const regionWidth = Math.max(...dns.routingTable.map((r) => r.region.length));
  const lines = [
    `Geo-DNS ${dns.recordName} (${dns.routingPolicy} routing, zone ${dns.zoneId}, TTL ${dns.ttlSeconds} s)`,
    "  Routing table:",
    ...dns.routingTable.map((r) => `    ${r.location.padEnd(width)} → ${r.region.padEnd(regionWidth)}  ${r.recordType} ${r.target}${r.crossPartition ? "  (other partition: plain CNAME, no alias)" : ""}`),
    "  Health checks (one per region, alarmed in us-east-1):",
  ];
  for (const [region, hc] of Object.entries(dns.healthChecks)) {
    lines.push(`    ${region.padEnd(regionWidth)}  ${hc.type} ${hc.fqdn}:${hc.port}${hc.path} every ${hc.intervalSeconds} s, unhealthy after ${hc.failureThreshold} failures (${hc.id})`);
  }
  return lines;
};
