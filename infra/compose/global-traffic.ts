// Composes the stack's geo-DNS: one name routing each user to the nearest healthy region.
import * as pulumi from "@pulumi/pulumi";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import { GeoDns } from "../../components/geo-dns";
import { ROUTE53_METRICS_REGION } from "../../components/geo-dns/alarms";
import { RECORD_TYPE } from "../../components/geo-dns/records";
import { buildRoutingTable, formatLocation, type RoutingTable } from "../../components/geo-dns/table";
import { PROJECT, type StackConfig } from "../config";
import type { IngressHandles, StepOutputs } from "./types";

/** One region's entry point, as DNS sees it. */
export interface RegionEndpoint {
  name: string;
  awsRegion: string;
  partition: string;
  ingress: IngressHandles;
}

/** The one routing table of the stack, built from its `dns` section (shared by GeoDns and `resolve`). */
export function stackRoutingTable(cfg: StackConfig): RoutingTable | undefined {
  if (!cfg.dns) return undefined;
  return buildRoutingTable({
    policy: cfg.dns.routingPolicy,
    routes: cfg.dns.routes,
    defaultRegion: cfg.dns.defaultRegion,
    regions: cfg.regions.map((r) => r.name),
  });
}

/**
 * Adds the stack-level DNS (outside any region). Route 53 is global and its
 * zones live in the global partition's account, so the DNS gets its own AWS
 * provider (profile or role from `dns`), in us-east-1 where Route 53 publishes
 * health-check metrics for the alarms.
 */
export function composeGlobalTraffic(cfg: StackConfig, endpoints: RegionEndpoint[]): StepOutputs {
  const dns = cfg.dns;
  const table = stackRoutingTable(cfg);
  if (!dns || !table) return {};
  const tags = { project: PROJECT, stack: pulumi.getStack(), region: ROUTE53_METRICS_REGION, owner: cfg.owner };
  const provider = new AwsProvider("dns-aws", {
    region: ROUTE53_METRICS_REGION,
    profile: dns.profile,
    assumeRoles: dns.assumeRoleArn ? [{ roleArn: dns.assumeRoleArn, sessionName: `${PROJECT}-${pulumi.getStack()}-dns` }] : undefined,
    defaultTags: { tags },
  });

  const endpointOf = new Map(endpoints.map((e) => [e.name, e]));
  const hostnameOf = (e: RegionEndpoint): pulumi.Output<string> => {
    if (!e.ingress.hostname) throw new Error(`region ${e.name} has no public ingress hostname for DNS to route to`);
    return e.ingress.hostname;
  };
  const geoDns = new GeoDns("dns", {
    table,
    endpoints: Object.fromEntries(endpoints.map((e) => [e.name, { hostname: hostnameOf(e), awsRegion: e.awsRegion }])),
    zoneId: dns.zone.id,
    createZoneName: dns.zone.create,
    recordName: dns.recordName,
    ttlSeconds: dns.ttlSeconds,
    healthCheck: dns.healthCheck,
    alarmEmails: dns.alarmEmails,
    protectStateful: cfg.environment === "prod",
    tags,
  }, { providers: { aws: provider } });

  const locationOf = new Map(table.policy === "geolocation" ? table.routes.map((r) => [r.setIdentifier, formatLocation(r.location)]) : []);
  return {
    recordName: geoDns.recordName,
    routingPolicy: geoDns.routingPolicy,
    zoneId: geoDns.zoneId,
    ttlSeconds: dns.ttlSeconds,
    routingTable: geoDns.records.map((spec) => ({
      setIdentifier: spec.setIdentifier,
      location: locationOf.get(spec.setIdentifier) ?? `latency to ${spec.latencyRegion}`,
      region: spec.region,
      recordType: RECORD_TYPE,
      crossPartition: spec.crossPartition,
      target: hostnameOf(endpointOf.get(spec.region)!),
    })),
    healthChecks: Object.fromEntries(endpoints.map((e) => [e.name, {
      id: geoDns.healthCheckIds[e.name],
      fqdn: hostnameOf(e),
      type: "HTTPS",
      path: dns.healthCheck.path,
      port: dns.healthCheck.port,
      intervalSeconds: dns.healthCheck.intervalSeconds,
      failureThreshold: dns.healthCheck.failureThreshold,
    }])),
    alarmTopicArn: geoDns.alarmTopicArn,
  };
}
