import * as pulumi from "@pulumi/pulumi";
import { HealthCheck } from "@pulumi/aws/route53/healthCheck";
import { Record as DnsRecord } from "@pulumi/aws/route53/record";
import { Zone } from "@pulumi/aws/route53/zone";
import { partitionOf } from "../lib/partition";
import { refuseInputs } from "../lib/problems";
import { namedTags, type Tags } from "../lib/tags";
import { healthCheckAlarms, ROUTE53_METRICS_REGION } from "./alarms";
import { RECORD_TYPE, recordSpecs, type RecordSpec } from "./records";
import type { RoutingTable } from "./table";
import { geoDnsProblems } from "./validate";

/** One region's public entry point, as DNS routes to it. */
export interface GeoDnsEndpoint {
  /** Public hostname of the region's load balancer: health-checked and the CNAME target. */
  hostname: pulumi.Input<string>;
  /** AWS region of the endpoint (its partition decides whether the record crosses partitions). */
  awsRegion: string;
}

/** Health checks, one per endpoint. */
export interface GeoDnsHealthCheckArgs {
  /** HTTPS path probed on each endpoint. @default "/healthz" */
  path?: string;
  /** Seconds between probes of each checker: 10 or 30. @default 30 */
  intervalSeconds?: number;
  /** Consecutive failures before unhealthy, 1–10. @default 3 */
  failureThreshold?: number;
  /** Port probed. @default 443 */
  port?: number;
}

/** Inputs of {@link GeoDns}. */
export interface GeoDnsArgs {
  /** Which location (or, for latency routing, which region) goes where; see `buildRoutingTable`. */
  table: RoutingTable;
  /** Endpoint per region name; every region the table names must be here. */
  endpoints: Record<string, GeoDnsEndpoint>;
  /** Existing public hosted zone. @default none: set this or `createZoneName` */
  zoneId?: pulumi.Input<string>;
  /** Creates a public hosted zone of this name instead (delegate it from the parent domain). @default none */
  createZoneName?: string;
  /** The name users resolve, e.g. `api.example.com`; not the zone apex (a CNAME cannot live there). */
  recordName: string;
  /** TTL of every record, 1–60 s. @default 60 */
  ttlSeconds?: number;
  /** Health check settings. @default { path: "/healthz", intervalSeconds: 30, failureThreshold: 3, port: 443 } */
  healthCheck?: GeoDnsHealthCheckArgs;
  /** Alarm on each health check to a KMS-encrypted SNS topic in us-east-1. @default true */
  alarms?: boolean;
  /** E-mail addresses subscribed to the alarm topic. @default [] */
  alarmEmails?: string[];
  /** Protect the created hosted zone and the alarm topic's KMS key (prod). @default false */
  protectStateful?: boolean;
  /** Tags on every taggable resource. */
  tags: Tags;
}

/**
 * Global geo-DNS for the platform, created once per stack outside any region
 * with an AWS provider of the global partition in us-east-1 (passed by the
 * caller): one HTTPS health check per regional endpoint, one CNAME record per
 * table route bound to its region's health check, and an alarm per health check.
 */
export class GeoDns extends pulumi.ComponentResource {
  /** Hosted zone holding the records. */
  readonly zoneId: pulumi.Output<string>;
  /** The name users resolve. */
  readonly recordName: string;
  /** Routing policy of the record group. */
  readonly routingPolicy: RoutingTable["policy"];
  /** The records, as rendered from the table. */
  readonly records: RecordSpec[];
  /** Route 53 health check id per region name. */
  readonly healthCheckIds: Record<string, pulumi.Output<string>>;
  /** SNS topic of the health-check alarms; undefined when alarms are off. */
  readonly alarmTopicArn: pulumi.Output<string> | undefined;

  constructor(name: string, args: GeoDnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:traffic:GeoDns", name, {}, opts);
    const hc = { path: "/healthz", intervalSeconds: 30, failureThreshold: 3, port: 443, ...args.healthCheck };
    const ttl = args.ttlSeconds ?? 60;
    refuseInputs("GeoDns", name, geoDnsProblems({
      table: args.table,
      endpointRegions: Object.keys(args.endpoints),
      hasZoneId: args.zoneId !== undefined,
      createZoneName: args.createZoneName,
      recordName: args.recordName,
      ttlSeconds: ttl,
      ...hc,
    }));
    const protect = args.protectStateful ?? false;
    const tags = args.tags;

    this.zoneId = args.zoneId !== undefined
      ? pulumi.output(args.zoneId)
      : new Zone(`${name}-zone`, {
        name: args.createZoneName!,
        comment: `Geo-DNS of ${args.recordName}`,
        tags: namedTags(tags, args.createZoneName!),
      }, { parent: this, protect, retainOnDelete: protect }).zoneId;

    this.healthCheckIds = Object.fromEntries(Object.entries(args.endpoints).map(([region, endpoint]) => {
      const check = new HealthCheck(`${name}-${region}`, {
        type: "HTTPS",
        fqdn: endpoint.hostname,
        port: hc.port,
        resourcePath: hc.path,
        requestInterval: hc.intervalSeconds,
        failureThreshold: hc.failureThreshold,
        // The NLB serves the platform's certificate; SNI makes a TLS-terminating listener pick it.
        enableSni: true,
        measureLatency: true,
        tags: namedTags(tags, `${name}-${region}`),
      }, { parent: this });
      return [region, check.id];
    }));

    // Route 53 itself is global; the zone lives in the global partition.
    const zonePartition = partitionOf(ROUTE53_METRICS_REGION);
    this.records = recordSpecs(args.table, (region) => args.endpoints[region]!.awsRegion, zonePartition);
    for (const spec of this.records) {
      new DnsRecord(`${name}-${spec.setIdentifier}`, {
        zoneId: this.zoneId,
        name: args.recordName,
        type: RECORD_TYPE,
        ttl,
        setIdentifier: spec.setIdentifier,
        geolocationRoutingPolicies: spec.geolocation ? [spec.geolocation] : undefined,
        latencyRoutingPolicies: spec.latencyRegion ? [{ region: spec.latencyRegion }] : undefined,
        healthCheckId: this.healthCheckIds[spec.region],
        records: [args.endpoints[spec.region]!.hostname],
      }, { parent: this });
    }

    this.alarmTopicArn = (args.alarms ?? true)
      ? healthCheckAlarms(name, { healthCheckIds: this.healthCheckIds, emails: args.alarmEmails ?? [], protect, tags }, this)
      : undefined;
    this.recordName = args.recordName;
    this.routingPolicy = args.table.policy;
    this.registerOutputs({
      zoneId: this.zoneId,
      recordName: this.recordName,
      healthCheckIds: this.healthCheckIds,
      alarmTopicArn: this.alarmTopicArn,
    });
  }
}
