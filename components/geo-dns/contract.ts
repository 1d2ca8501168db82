/**
 * The contract of GeoDns: its settings, their defaults and their rules,
 * defined once. `GeoDnsArgs` extends `GeoDnsSettings`, the component validates
 * with this schema, and the stack file's `dns:` section is this schema (plus
 * the account the zone lives in). Pulumi-free.
 */
import { z } from "zod";
import type { SettingsProblem } from "../lib/contract";
import { buildRoutingTable, LOCATION_FORMS, parseLocation, type RoutingTable } from "./table";

/** Route 53 health checkers probe every 10 or 30 seconds, nothing else. */
const HEALTH_CHECK_INTERVALS: readonly number[] = [10, 30];
/** Consecutive failures Route 53 accepts before a check turns unhealthy. */
const MIN_FAILURES = 1;
const MAX_FAILURES = 10;
/** With health checks, Route 53 recommends a TTL of 60 s or less so clients follow health changes. */
const MAX_HEALTH_CHECKED_TTL = 60;

const wholeNumber = z.number().int("a whole number");
const domainName = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "a lower-case domain name such as api.example.com");
const regionName = z.string().min(1, "a region name of this stack");
const failures = `Route 53 allows ${MIN_FAILURES}–${MAX_FAILURES} consecutive failures`;

/** The HTTPS health check of each regional endpoint; each field may be given alone. */
const healthCheckSchema = z.strictObject({
  /** HTTPS path Route 53 probes on each regional endpoint. @default /healthz */
  path: z.string().regex(/^\//, "an absolute path such as /healthz").default("/healthz"),
  /** Seconds between probes of each Route 53 checker: 10 or 30. @default 30 */
  intervalSeconds: z.number()
    .refine((v) => HEALTH_CHECK_INTERVALS.includes(v), `Route 53 probes every ${HEALTH_CHECK_INTERVALS.join(" or ")} seconds; allowed: ${HEALTH_CHECK_INTERVALS.join(", ")}`)
    .default(30),
  /** Consecutive failed probes before an endpoint is unhealthy, 1–10. @default 3 */
  failureThreshold: wholeNumber.min(MIN_FAILURES, failures).max(MAX_FAILURES, failures).default(3),
  /** Port probed. @default 443 */
  port: wholeNumber.min(1, "a TCP port 1–65535").max(65535, "a TCP port 1–65535").default(443),
});

/** Settings of the stack's one DNS name, routing each user to the right healthy region. */
export const geoDnsSettingsSchema = z.strictObject({
  /** The hosted zone: `id` of an existing public zone, or `create` with the domain of a new one (delegate it from the parent). */
  zone: z.strictObject({
    id: z.string().regex(/^Z[A-Z0-9]{1,31}$/, "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ").optional(),
    create: domainName.optional(),
  }),
  /** The name users resolve, e.g. `api.example.com`; not the zone apex (a CNAME cannot live there). */
  recordName: domainName,
  /** geolocation (location → region table) or latency (Route 53 picks the fastest region). @default geolocation */
  routingPolicy: z.enum(["geolocation", "latency"]).default("geolocation"),
  /** Location → region; the default (`*`) record comes from `defaultRegion`. Geolocation only. @default [] */
  routes: z.array(z.strictObject({
    location: z.string().refine((l) => parseLocation(l) !== undefined, `a location: ${LOCATION_FORMS}`),
    region: regionName,
  })).default([]),
  /** Region answering everyone no route matches (the `*` record). Required for geolocation. @default none */
  defaultRegion: regionName.optional(),
  /** TTL of every record, 1–60 s. @default 60 */
  ttlSeconds: wholeNumber.min(1, "at least 1")
    .max(MAX_HEALTH_CHECKED_TTL, `at most ${MAX_HEALTH_CHECKED_TTL}: with health checks Route 53 recommends ${MAX_HEALTH_CHECKED_TTL} s or less`)
    .default(60),
  /** Health check of each endpoint. @default { path: "/healthz", intervalSeconds: 30, failureThreshold: 3, port: 443 } */
  healthCheck: healthCheckSchema.prefault({}),
  /** Alarm on each health check to a KMS-encrypted SNS topic in us-east-1; prod keeps it on. @default true */
  alarms: z.boolean().default(true),
  /** E-mail addresses told when a region's health check fails. @default [] */
  alarmEmails: z.array(z.email("an e-mail address")).default([]),
}).superRefine((s, ctx) => {
  const add = (path: Array<string | number>, message: string) => ctx.addIssue({ code: "custom", path, message });
  if ((s.zone.id === undefined) === (s.zone.create === undefined)) {
    add(["zone"], "set exactly one of zone.id (an existing public hosted zone) or zone.create (the domain of a new one)");
  }
  const apex = s.zone.create;
  if (apex !== undefined) {
    if (s.recordName === apex) add(["recordName"], `a CNAME cannot sit at the zone apex ${apex}; use a name below it such as api.${apex}`);
    else if (!s.recordName.endsWith(`.${apex}`)) add(["recordName"], `must be a name inside the zone ${apex}`);
  }
  // Locations are canonical (parseLocation is strict), so equal text means the same record.
  const firstAt = new Map<string, number>();
  s.routes.forEach((route, i) => {
    const first = firstAt.get(route.location);
    if (first !== undefined) add(["routes", i, "location"], `${route.location} is already mapped by routes[${first}]; each location may be mapped once`);
    else firstAt.set(route.location, i);
  });
});

/** What a caller may set (defaulted keys optional). */
export type GeoDnsSettings = z.input<typeof geoDnsSettingsSchema>;
/** Settings with every default applied. */
export type ResolvedGeoDnsSettings = z.output<typeof geoDnsSettingsSchema>;
/** Health check settings as a caller writes them. */
export type GeoDnsHealthCheckSettings = z.input<typeof healthCheckSchema>;

/**
 * Routes and the default record against the regions that exist (the stack's
 * regions, which are the endpoints): each must name one of them, and
 * geolocation needs a default record for everyone no route matches.
 */
export function regionRoutingProblems(
  s: Pick<ResolvedGeoDnsSettings, "routingPolicy" | "routes" | "defaultRegion">,
  regions: readonly string[],
): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const allowed = `allowed: ${regions.join(", ")}`;
  const unknown = (region: string) => `"${region}" is not a region of this stack; ${allowed}`;
  s.routes.forEach((route, i) => {
    if (!regions.includes(route.region)) problems.push({ path: ["routes", i, "region"], message: unknown(route.region) });
  });
  if (s.defaultRegion !== undefined && !regions.includes(s.defaultRegion)) {
    problems.push({ path: ["defaultRegion"], message: unknown(s.defaultRegion) });
  }
  if (s.routingPolicy === "geolocation" && s.defaultRegion === undefined) {
    problems.push({
      path: ["defaultRegion"],
      message: `default record missing: geolocation routing needs a region for everyone no route matches (and for addresses Route 53 cannot place); ${allowed}`,
    });
  }
  return problems;
}

/** What prod adds to the rules: a failing region must raise an alarm. */
export function geoDnsProdProblems(s: ResolvedGeoDnsSettings): SettingsProblem[] {
  return s.alarms ? [] : [{ path: ["alarms"], message: "prod alarms on every health check; alarms false is allowed in dev only" }];
}

/** The routing table the settings describe over `regions` (in stack order: latency gets one record each). */
export function routingTableOf(s: ResolvedGeoDnsSettings, regions: readonly string[]): RoutingTable {
  return buildRoutingTable({ policy: s.routingPolicy, routes: s.routes, defaultRegion: s.defaultRegion, regions });
}
