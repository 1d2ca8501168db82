import type { ContinentCode, GeoLocation, GeoRoute, GeolocationTable } from "./table";

/**
 * Where a DNS query comes from, as Route 53's IP-to-location mapping sees it.
 * `undefined` stands for an address Route 53 cannot place anywhere.
 */
export interface UserLocation {
  continent: ContinentCode;
  /** ISO 3166-1 alpha-2 country code. */
  country?: string;
  /** Subdivision code within the country (e.g. `CA` for California). */
  subdivision?: string;
}

/** Why `resolve` chose what it chose. */
export type ResolutionRule =
  /** The most specific matching record is healthy. */
  | "most-specific"
  /** The most specific match is unhealthy; a larger region's (or the default) record answered. */
  | "larger-region"
  /** Every record is unhealthy, so Route 53 treats them all as healthy. */
  | "all-unhealthy"
  /** No record matches the location and there is no default: Route 53 answers "no answer". */
  | "no-match"
  /**
   * Every record that matches is unhealthy while some other record is healthy.
   * The Route 53 guide does not say what is answered then; we do not guess.
   */
  | "undocumented";

/** The answer `resolve` models. */
export interface Resolution {
  /** Region whose endpoint Route 53 returns; undefined for "no-match" and "undocumented". */
  region: string | undefined;
  /** The record that answered. */
  route: GeoRoute | undefined;
  rule: ResolutionRule;
}

/** How well `record` covers `user`: 3 subdivision, 2 country, 1 continent, 0 default; undefined when it does not. */
function specificity(record: GeoLocation, user: UserLocation | undefined): number | undefined {
  switch (record.kind) {
    case "default": return 0;
    case "continent": return user?.continent === record.continent ? 1 : undefined;
    case "country": return user?.country === record.country ? 2 : undefined;
    case "subdivision": return user?.country === record.country && user.subdivision === record.subdivision ? 3 : undefined;
  }
}

/**
 * Models how Route 53 answers a geolocation query when every record has a
 * health check (`healthy` = names of the regions whose health check passes):
 *
 * 1. The smallest geographic region wins: subdivision > country > continent >
 *    default ("priority goes to the smallest geographic region",
 *    https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-geo.html).
 * 2. If that record's endpoint is unhealthy, Route 53 "looks for a record for the
 *    larger, associated geographic region" — state, country, continent, then
 *    the default record, in that order, until one is healthy
 *    (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-geo.html#rrsets-values-geo-associate-with-health-check).
 * 3. "If no record is healthy, all records are healthy": when none of the records
 *    in the group is healthy, "Route 53 considers all the records in the group to
 *    be healthy and selects one based on the routing policy"
 *    (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html),
 *    i.e. step 1 again, ignoring health.
 * 4. Without a matching record and without a default, Route 53 returns
 *    "no answer" (routing-policy-geo.html above).
 */
export function resolve(table: GeolocationTable, location: UserLocation | undefined, healthy: ReadonlySet<string>): Resolution {
  const chain = table.routes
    .map((route) => ({ route, rank: specificity(route.location, location) }))
    .filter((c): c is { route: GeoRoute; rank: number } => c.rank !== undefined)
    .sort((a, b) => b.rank - a.rank)
    .map((c) => c.route);
  const best = chain[0];
  if (!best) return { region: undefined, route: undefined, rule: "no-match" };

  const firstHealthy = chain.find((route) => healthy.has(route.region));
  if (firstHealthy) {
    return { region: firstHealthy.region, route: firstHealthy, rule: firstHealthy === best ? "most-specific" : "larger-region" };
  }
  if (table.routes.every((route) => !healthy.has(route.region))) {
    return { region: best.region, route: best, rule: "all-unhealthy" };
  }
  return { region: undefined, route: undefined, rule: "undocumented" };
}
