import { partitionOf, type Partition } from "../lib/partition";
import type { GeoLocation, RoutingTable } from "./table";

/**
 * Every record of the group is a plain CNAME to the region's load balancer
 * hostname, never an alias, also for targets in the zone's own partition:
 * - Route 53 cannot alias to a resource in another partition, so the China
 *   (`aws-cn`) load balancer can only be reached by CNAME from a zone in `aws`;
 * - all records of a geolocation/latency group share one name and one type, and
 *   a CNAME cannot coexist with other record types at a name, so once one
 *   target needs a CNAME, all of them do;
 * - an alias to an NLB needs the NLB's canonical hosted zone id, which the
 *   Kubernetes Service that created it does not report.
 * The price: one extra lookup for resolvers, and health comes from our own
 * health checks (alias "evaluate target health" is not available).
 */
export const RECORD_TYPE = "CNAME";

/** Route 53 `GeoLocation` fields of a record (the default record is country `*`). */
export interface GeolocationFields {
  continent?: string;
  country?: string;
  subdivision?: string;
}

/** What one record of the group looks like, before it is bound to hostnames and health checks. */
export interface RecordSpec {
  setIdentifier: string;
  /** Region name the record sends users to. */
  region: string;
  /** Geolocation routing fields (geolocation policy). */
  geolocation?: GeolocationFields;
  /** AWS region Route 53 measures latency to (latency policy). */
  latencyRegion?: string;
  /** True when the target lives in another partition than the hosted zone. */
  crossPartition: boolean;
}

/** The Route 53 GeoLocation of a table location. */
export function geolocationFields(location: GeoLocation): GeolocationFields {
  switch (location.kind) {
    case "default": return { country: "*" };
    case "continent": return { continent: location.continent };
    case "country": return { country: location.country };
    case "subdivision": return { country: location.country, subdivision: location.subdivision };
  }
}

/**
 * One record spec per table route. `awsRegionOf` maps a region name to its AWS
 * region; the hosted zone lives in `zonePartition` (Route 53 of the global
 * partition for this platform).
 */
export function recordSpecs(table: RoutingTable, awsRegionOf: (region: string) => string, zonePartition: Partition): RecordSpec[] {
  const crossPartition = (region: string) => partitionOf(awsRegionOf(region)) !== zonePartition;
  if (table.policy === "latency") {
    return table.routes.map((r) => ({
      setIdentifier: r.setIdentifier,
      region: r.region,
      latencyRegion: awsRegionOf(r.region),
      crossPartition: crossPartition(r.region),
    }));
  }
  return table.routes.map((r) => ({
    setIdentifier: r.setIdentifier,
    region: r.region,
    geolocation: geolocationFields(r.location),
    crossPartition: crossPartition(r.region),
  }));
}
