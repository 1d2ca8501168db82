import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedGeoDnsSettings } from "./contract";
import { RECORD_TYPE, type RecordSpec } from "./records";
import { formatLocation, type RoutingTable } from "./table";

/** One record of the group, as the stack reports it. */
export interface RoutedRecord {
  setIdentifier: string;
  /** Location as written in the stack file (`*` for the default), or `latency to <aws region>`. */
  location: string;
  /** Region name the record sends users to. */
  region: string;
  recordType: typeof RECORD_TYPE;
  /** True when the target lives in another partition than the hosted zone (so no alias is possible). */
  crossPartition: boolean;
  /** The region's load balancer hostname. */
  target: pulumi.Input<string>;
}

/** One region's health check, as the stack reports it. */
export interface ReportedHealthCheck {
  id: pulumi.Output<string>;
  fqdn: pulumi.Input<string>;
  type: "HTTPS";
  path: string;
  port: number;
  intervalSeconds: number;
  failureThreshold: number;
}

/**
 * What the stack exports about its DNS: where each user goes and how health
 * is judged. A type alias, not an interface, so it is a plain record of outputs.
 */
export type GeoDnsOutputs = {
  recordName: string;
  routingPolicy: RoutingTable["policy"];
  zoneId: pulumi.Output<string>;
  ttlSeconds: number;
  routingTable: RoutedRecord[];
  /** Per region name. */
  healthChecks: Record<string, ReportedHealthCheck>;
  /** Undefined when alarms are off. */
  alarmTopicArn: pulumi.Output<string> | undefined;
};

/** Inputs of {@link geoDnsOutputs}: the settings and what the component created from them. */
export interface GeoDnsOutputsArgs {
  settings: ResolvedGeoDnsSettings;
  table: RoutingTable;
  records: readonly RecordSpec[];
  zoneId: pulumi.Output<string>;
  /** Load balancer hostname per region name, in endpoint order. */
  hostnames: Record<string, pulumi.Input<string>>;
  healthCheckIds: Record<string, pulumi.Output<string>>;
  alarmTopicArn: pulumi.Output<string> | undefined;
}

/** The outputs, keys in the order the stack has always exported them. */
export function geoDnsOutputs(a: GeoDnsOutputsArgs): GeoDnsOutputs {
  const { settings, table } = a;
  const hc = settings.healthCheck;
  const locationOf = new Map(table.policy === "geolocation" ? table.routes.map((r) => [r.setIdentifier, formatLocation(r.location)]) : []);
  return {
    recordName: settings.recordName,
    routingPolicy: table.policy,
    zoneId: a.zoneId,
    ttlSeconds: settings.ttlSeconds,
    routingTable: a.records.map((spec) => ({
      setIdentifier: spec.setIdentifier,
      location: locationOf.get(spec.setIdentifier) ?? `latency to ${spec.latencyRegion}`,
      region: spec.region,
      recordType: RECORD_TYPE,
      crossPartition: spec.crossPartition,
      target: a.hostnames[spec.region]!,
    })),
    healthChecks: Object.fromEntries(Object.entries(a.hostnames).map(([region, fqdn]) => [region, {
      id: a.healthCheckIds[region]!,
      fqdn,
      type: "HTTPS",
      path: hc.path,
      port: hc.port,
      intervalSeconds: hc.intervalSeconds,
      failureThreshold: hc.failureThreshold,
    }])),
    alarmTopicArn: a.alarmTopicArn,
  };
}
