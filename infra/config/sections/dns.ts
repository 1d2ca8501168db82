// Config of the global geo-DNS (issue: global traffic).
import { z } from "zod";
import { ROUTE53_METRICS_REGION } from "../../../components/geo-dns/alarms";
import { LOCATION_FORMS, parseLocation } from "../../../components/geo-dns/table";
import { FAILURE_THRESHOLD_RANGE, HEALTH_CHECK_INTERVALS, MAX_HEALTH_CHECKED_TTL } from "../../../components/geo-dns/validate";
import { partitionOf } from "../../../components/lib/partition";
import type { StackConfig } from "../schema";
import type { SemanticProblem } from "../semantics";

const domainName = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "a lower-case domain name such as api.example.com");
const regionName = z.string().min(1, "a region name of this stack");

const healthCheckDefaults = { path: "/healthz", intervalSeconds: 30, failureThreshold: 3, port: 443 };
const { min: minFailures, max: maxFailures } = FAILURE_THRESHOLD_RANGE;
const failuresMessage = `Route 53 allows ${minFailures}–${maxFailures} consecutive failures`;

const healthCheckSchema = z.strictObject({
  /** HTTPS path Route 53 probes on each regional endpoint. @default /healthz */
  path: z.string().regex(/^\//, "an absolute path such as /healthz").default(healthCheckDefaults.path),
  /** Seconds between probes of each Route 53 checker. @default 30 */
  intervalSeconds: z.number()
    .refine((v) => (HEALTH_CHECK_INTERVALS as readonly number[]).includes(v), `Route 53 probes every ${HEALTH_CHECK_INTERVALS.join(" or ")} seconds; allowed: ${HEALTH_CHECK_INTERVALS.join(", ")}`)
    .default(healthCheckDefaults.intervalSeconds),
  /** Consecutive failed probes before an endpoint is unhealthy. @default 3 */
  failureThreshold: z.number().int("a whole number").min(minFailures, failuresMessage).max(maxFailures, failuresMessage).default(healthCheckDefaults.failureThreshold),
  /** Port probed. @default 443 */
  port: z.number().int("a whole number").min(1, "a TCP port 1–65535").max(65535, "a TCP port 1–65535").default(healthCheckDefaults.port),
}).default(healthCheckDefaults);

/**
 * Top-level `dns`: one name routing each user to the right healthy region.
 * Absent: the stack has no public DNS (each region's NLB hostname stays reachable).
 */
export const dnsSectionSchema = z.strictObject({
  /** The hosted zone: `id` of an existing public zone, or `create` with the domain of a new one. */
  zone: z.strictObject({
    id: z.string().regex(/^Z[A-Z0-9]{1,31}$/, "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ").optional(),
    create: domainName.optional(),
  }),
  /** The name users resolve, below the zone apex. */
  recordName: domainName,
  /** geolocation (location → region table) or latency (Route 53 picks the fastest region). @default geolocation */
  routingPolicy: z.enum(["geolocation", "latency"]).default("geolocation"),
  /** Location → region; the default (`*`) record comes from `defaultRegion`. @default [] */
  routes: z.array(z.strictObject({
    location: z.string().refine((l) => parseLocation(l) !== undefined, `a location: ${LOCATION_FORMS}`),
    region: regionName,
  })).default([]),
  /** Region answering everyone no route matches (the `*` record). Required for geolocation. */
  defaultRegion: regionName.optional(),
  /** TTL of the records. @default 60 */
  ttlSeconds: z.number().int("a whole number").min(1, "at least 1").max(MAX_HEALTH_CHECKED_TTL, `at most ${MAX_HEALTH_CHECKED_TTL}: with health checks Route 53 recommends ${MAX_HEALTH_CHECKED_TTL} s or less`).default(60),
  healthCheck: healthCheckSchema,
  /** E-mail addresses told when a region's health check fails. @default [] */
  alarmEmails: z.array(z.email("an e-mail address")).default([]),
  /** Named AWS profile of the account holding the zone (Route 53 lives in the global partition). */
  profile: z.string().min(1).optional(),
  /** Role to assume in the account holding the zone. */
  assumeRoleArn: z.string().min(1).optional(),
}).optional();

/** The validated `dns` section. */
export type DnsConfig = NonNullable<z.infer<typeof dnsSectionSchema>>;

/** Cross-field rules of the DNS routing. */
export function checkDns(cfg: StackConfig): SemanticProblem[] {
  const dns = cfg.dns;
  if (!dns) return [];
  const problems: SemanticProblem[] = [];
  const add = (path: Array<string | number>, message: string) => problems.push({ path: ["dns", ...path], message });
  const regions = cfg.regions.map((r) => r.name);
  const allowed = `allowed: ${regions.join(", ")}`;

  if ((dns.zone.id === undefined) === (dns.zone.create === undefined)) {
    add(["zone"], "set exactly one of zone.id (an existing public hosted zone) or zone.create (the domain of a new one)");
  }
  const apex = dns.zone.create;
  if (apex !== undefined) {
    if (dns.recordName === apex) add(["recordName"], `a CNAME cannot sit at the zone apex ${apex}; use a name below it such as api.${apex}`);
    else if (!dns.recordName.endsWith(`.${apex}`)) add(["recordName"], `must be a name inside the zone ${apex}`);
  }

  const firstAt = new Map<string, number>();
  dns.routes.forEach((route, i) => {
    const first = firstAt.get(route.location);
    if (first !== undefined) add(["routes", i, "location"], `${route.location} is already mapped by dns.routes[${first}]; each location may be mapped once`);
    else firstAt.set(route.location, i);
    if (!regions.includes(route.region)) add(["routes", i, "region"], `"${route.region}" is not a region of this stack; ${allowed}`);
  });
  if (dns.defaultRegion !== undefined && !regions.includes(dns.defaultRegion)) {
    add(["defaultRegion"], `"${dns.defaultRegion}" is not a region of this stack; ${allowed}`);
  }
  if (dns.routingPolicy === "geolocation" && dns.defaultRegion === undefined) {
    add(["defaultRegion"], `default record missing: geolocation routing needs a region for everyone no route matches (and for addresses Route 53 cannot place); ${allowed}`);
  }

  if (dns.profile !== undefined && dns.assumeRoleArn !== undefined) add(["assumeRoleArn"], "set either profile or assumeRoleArn, not both");
  const globalPartition = partitionOf(ROUTE53_METRICS_REGION);
  if (dns.assumeRoleArn !== undefined && !dns.assumeRoleArn.startsWith(`arn:${globalPartition}:iam::`)) {
    add(["assumeRoleArn"], `must be an IAM role ARN of the ${globalPartition} partition (arn:${globalPartition}:iam::…), where Route 53 public zones and health checks live`);
  }
  return problems;
}
