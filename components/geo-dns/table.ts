/**
 * The routing table of the geo-DNS: which user location goes to which region.
 * It is data, built once from the stack configuration by `buildRoutingTable`;
 * the `GeoDns` component renders its records from it and `resolve` answers
 * queries over the very same value, so the model and the records cannot drift.
 */

/** Route 53's seven continent codes. */
export const CONTINENT_CODES = ["AF", "AN", "AS", "EU", "NA", "OC", "SA"] as const;
/** A Route 53 continent code. */
export type ContinentCode = (typeof CONTINENT_CODES)[number];

/**
 * A location a geolocation record answers for, from the most specific to the
 * catch-all default record (Route 53 writes the default as country `*`).
 */
export type GeoLocation =
  | { kind: "subdivision"; country: string; subdivision: string }
  | { kind: "country"; country: string }
  | { kind: "continent"; continent: ContinentCode }
  | { kind: "default" };

/** How a location is written in the stack file; what `parseLocation` accepts. */
export const LOCATION_FORMS =
  '"continent:<AF|AN|AS|EU|NA|OC|SA>", "country:<ISO 3166-1 alpha-2 code, e.g. CN>" or "subdivision:<country>-<code>, e.g. US-CA"';

/** Parses `continent:EU`, `country:CN` or `subdivision:US-CA`; undefined when malformed. */
export function parseLocation(text: string): GeoLocation | undefined {
  const m = /^(continent|country|subdivision):([A-Z]{2})(?:-([A-Z0-9]{1,3}))?$/.exec(text);
  if (!m) return undefined;
  const [, kind, code, sub] = m;
  if (kind === "continent") {
    return !sub && (CONTINENT_CODES as readonly string[]).includes(code!) ? { kind, continent: code as ContinentCode } : undefined;
  }
  if (kind === "country") return sub ? undefined : { kind, country: code! };
  return sub ? { kind: "subdivision", country: code!, subdivision: sub } : undefined;
}

/** The location as written in the stack file (`*` for the default record). */
export function formatLocation(location: GeoLocation): string {
  switch (location.kind) {
    case "subdivision": return `subdivision:${location.country}-${location.subdivision}`;
    case "country": return `country:${location.country}`;
    case "continent": return `continent:${location.continent}`;
    case "default": return "*";
  }
}

/** One geolocation record: where it answers, which region it sends users to. */
export interface GeoRoute {
  /** Route 53 set identifier, unique within the record name. */
  setIdentifier: string;
  location: GeoLocation;
  /** Region name (as in the stack's `regions[].name`). */
  region: string;
}

/** One latency record: Route 53 measures the latency to the region's AWS region. */
export interface LatencyRoute {
  setIdentifier: string;
  region: string;
}

/** Geolocation routing: records by location, with one default record. */
export interface GeolocationTable {
  policy: "geolocation";
  routes: GeoRoute[];
}

/** Latency routing: one record per region. */
export interface LatencyTable {
  policy: "latency";
  routes: LatencyRoute[];
}

/** The routing table, one of the two policies. */
export type RoutingTable = GeolocationTable | LatencyTable;

/** Inputs of {@link buildRoutingTable}, as the stack configuration holds them. */
export interface RoutingTableSpec {
  policy: "geolocation" | "latency";
  /** Location (see LOCATION_FORMS) → region name. */
  routes: ReadonlyArray<{ location: string; region: string }>;
  /** Region of the default (`*`) record; geolocation only. */
  defaultRegion?: string;
  /** Every region of the stack, in stack order (latency gets one record each). */
  regions: readonly string[];
}

/** Set identifier of a geolocation record, readable in the console: `country-CN`, `default`. */
function setIdentifierOf(location: GeoLocation): string {
  return location.kind === "default" ? "default" : formatLocation(location).replace(":", "-");
}

/**
 * Builds the routing table from configuration. Pure; malformed locations are
 * left out here because the config checks (and `GeoDns`) refuse them first.
 */
export function buildRoutingTable(spec: RoutingTableSpec): RoutingTable {
  if (spec.policy === "latency") {
    return { policy: "latency", routes: spec.regions.map((region) => ({ setIdentifier: `latency-${region}`, region })) };
  }
  const routes: GeoRoute[] = spec.routes.flatMap(({ location, region }) => {
    const parsed = parseLocation(location);
    return parsed ? [{ setIdentifier: setIdentifierOf(parsed), location: parsed, region }] : [];
  });
  if (spec.defaultRegion !== undefined) {
    routes.push({ setIdentifier: "default", location: { kind: "default" }, region: spec.defaultRegion });
  }
  return { policy: "geolocation", routes };
}
