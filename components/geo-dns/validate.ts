import type { InputProblem } from "../lib/problems";
import { formatLocation, type RoutingTable } from "./table";

/** Route 53 health checkers probe every 10 or 30 seconds, nothing else. */
export const HEALTH_CHECK_INTERVALS = [10, 30] as const;
/** Consecutive failures Route 53 accepts before a check turns unhealthy. */
export const FAILURE_THRESHOLD_RANGE = { min: 1, max: 10 } as const;
/** With health checks, Route 53 recommends a TTL of 60 s or less so clients follow health changes. */
export const MAX_HEALTH_CHECKED_TTL = 60;

/** What `validateGeoDns` needs to see. */
export interface GeoDnsShape {
  table: RoutingTable;
  /** Region names that have an endpoint. */
  endpointRegions: readonly string[];
  hasZoneId: boolean;
  createZoneName?: string;
  recordName: string;
  ttlSeconds: number;
  intervalSeconds: number;
  failureThreshold: number;
  port: number;
  path: string;
}

const FQDN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Every problem of a GeoDns input, each naming what is allowed. */
export function geoDnsProblems(s: GeoDnsShape): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (property: string, reason: string) => problems.push({ property, reason });

  if (s.hasZoneId === (s.createZoneName !== undefined)) add("zoneId", "set exactly one of zoneId (an existing hosted zone) or createZoneName (a new public hosted zone)");
  if (!FQDN.test(s.recordName)) add("recordName", `"${s.recordName}" is not a lower-case domain name such as api.example.com`);
  if (s.createZoneName !== undefined) {
    if (!FQDN.test(s.createZoneName)) add("createZoneName", `"${s.createZoneName}" is not a lower-case domain name such as example.com`);
    if (s.recordName === s.createZoneName) add("recordName", `a CNAME cannot sit at the zone apex ${s.createZoneName}; use a name below it such as api.${s.createZoneName}`);
    else if (!s.recordName.endsWith(`.${s.createZoneName}`)) add("recordName", `must be a name inside the zone ${s.createZoneName}`);
  }

  const known = new Set(s.endpointRegions);
  const seen = new Map<string, number>();
  s.table.routes.forEach((route, i) => {
    if (!known.has(route.region)) add(`table.routes[${i}].region`, `no endpoint for region "${route.region}"; allowed: ${[...known].join(", ")}`);
    const first = seen.get(route.setIdentifier);
    if (first !== undefined) add(`table.routes[${i}]`, `"${route.setIdentifier}" is already routed by table.routes[${first}]; each location may appear once`);
    else seen.set(route.setIdentifier, i);
  });
  if (s.table.policy === "geolocation" && !s.table.routes.some((r) => r.location.kind === "default")) {
    const mapped = s.table.routes.map((r) => formatLocation(r.location)).join(", ") || "nothing";
    add("table.routes", `no default (*) record: users outside ${mapped} would get no answer; add one routed to one of ${[...known].join(", ")}`);
  }

  if (!Number.isInteger(s.ttlSeconds) || s.ttlSeconds < 1 || s.ttlSeconds > MAX_HEALTH_CHECKED_TTL) {
    add("ttlSeconds", `${s.ttlSeconds} is outside 1–${MAX_HEALTH_CHECKED_TTL} s: with health checks Route 53 recommends ${MAX_HEALTH_CHECKED_TTL} s or less`);
  }
  if (!(HEALTH_CHECK_INTERVALS as readonly number[]).includes(s.intervalSeconds)) {
    add("healthCheck.intervalSeconds", `${s.intervalSeconds} s is not a Route 53 request interval; allowed: ${HEALTH_CHECK_INTERVALS.join(" or ")}`);
  }
  const { min, max } = FAILURE_THRESHOLD_RANGE;
  if (!Number.isInteger(s.failureThreshold) || s.failureThreshold < min || s.failureThreshold > max) {
    add("healthCheck.failureThreshold", `${s.failureThreshold} is outside what Route 53 allows: a whole number from ${min} to ${max}`);
  }
  if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535) add("healthCheck.port", `${s.port} is not a TCP port (1–65535)`);
  if (!s.path.startsWith("/")) add("healthCheck.path", `"${s.path}" must be an absolute path such as /healthz`);
  return problems;
}
