import * as pulumi from "@pulumi/pulumi";
import { HealthCheck } from "@pulumi/aws/route53/healthCheck";
import { Record as DnsRecord } from "@pulumi/aws/route53/record";
import { Zone } from "@pulumi/aws/route53/zone";
import { propertyPath } from "../lib/contract";
import { partitionOf } from "../lib/partition";
import { settingsOrRefuse } from "../lib/problems";
import { namedTags, type Tags } from "../lib/tags";
import { healthCheckAlarms, ROUTE53_METRICS_REGION } from "./alarms";
import { checkerRegionsFor } from "./checker-regions";
import { geoDnsSettingsSchema, regionRoutingProblems, routingTableOf, type GeoDnsSettings } from "./contract";
import { geoDnsOutputs, type GeoDnsOutputs } from "./outputs";
import { RECORD_TYPE, recordSpecs, type RecordSpec } from "./records";
import type { RoutingTable } from "./table";

export {
  geoDnsProdProblems, geoDnsSettingsSchema, regionRoutingProblems,
  type GeoDnsHealthCheckSettings as GeoDnsHealthCheckArgs, type GeoDnsSettings, type ResolvedGeoDnsSettings,
} from "./contract";
export type { GeoDnsOutputs } from "./outputs";
export { ROUTE53_METRICS_REGION } from "./alarms";

/** One region's public entry point, as DNS routes to it. */
export interface GeoDnsEndpoint {
  /** Public hostname of the region's load balancer: health-checked and the CNAME target. */
  hostname: pulumi.Input<string>;
  /** AWS region of the endpoint (its partition decides whether the record crosses partitions). */
  awsRegion: string;
}

/** Inputs of {@link GeoDns}: its settings (contract.ts, defaults there) and what connects it. */
export interface GeoDnsArgs extends GeoDnsSettings {
  /** Endpoint per region name, in stack order; every region the routes name must be here. Each gets a health check. */
  endpoints: Record<string, GeoDnsEndpoint>;
  /** Protect the created hosted zone and the alarm topic's KMS key (prod). @default false */
  protectStateful?: boolean;
  /** Tags on every taggable resource. */
  tags: Tags;
}

/**
 * Global geo-DNS for the platform, created once per stack outside any region
 * with an AWS provider of the global partition in us-east-1 (passed by the
 * caller): one HTTPS health check per regional endpoint, one CNAME record per
 * route of the routing table (built from the settings) bound to its region's
 * health check, and an alarm per health check.
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
  /** Everything above plus the settings, shaped as the stack exports it (`outputs.dns`). */
  readonly outputs: GeoDnsOutputs;

  constructor(name: string, args: GeoDnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:traffic:GeoDns", name, {}, opts);
    const regions = Object.keys(args.endpoints);
    const settings = settingsOrRefuse("GeoDns", name, geoDnsSettingsSchema, args, (set) =>
      regionRoutingProblems(set, regions).map((p) => ({ property: propertyPath(p.path), reason: p.message })));
    const table = routingTableOf(settings, regions);
    const hc = settings.healthCheck;
    const protect = args.protectStateful ?? false;
    const tags = args.tags;

    // The schema lets exactly one of the two through.
    const { id: zoneId, create: createZoneName } = settings.zone;
    this.zoneId = createZoneName === undefined
      ? pulumi.output(zoneId!)
      : new Zone(`${name}-zone`, {
        name: createZoneName,
        comment: `Geo-DNS of ${settings.recordName}`,
        tags: namedTags(tags, createZoneName),
      }, { parent: this, protect, retainOnDelete: protect }).zoneId;

    // Prod keeps its health checks and records through a refactor: removing one drops the region from DNS.
    const kept = { parent: this, protect, retainOnDelete: protect };
    this.healthCheckIds = Object.fromEntries(Object.entries(args.endpoints).map(([region, endpoint]) => {
      const checkers = checkerRegionsFor(endpoint.awsRegion);
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
        ...(checkers ? { regions: checkers } : {}),
        tags: namedTags(tags, `${name}-${region}`),
      }, kept);
      return [region, check.id];
    }));

    // Route 53 itself is global; the zone lives in the global partition.
    const zonePartition = partitionOf(ROUTE53_METRICS_REGION);
    this.records = recordSpecs(table, (region) => args.endpoints[region]!.awsRegion, zonePartition);
    for (const spec of this.records) {
      new DnsRecord(`${name}-${spec.setIdentifier}`, {
        zoneId: this.zoneId,
        name: settings.recordName,
        type: RECORD_TYPE,
        ttl: settings.ttlSeconds,
        setIdentifier: spec.setIdentifier,
        geolocationRoutingPolicies: spec.geolocation ? [spec.geolocation] : undefined,
        latencyRoutingPolicies: spec.latencyRegion ? [{ region: spec.latencyRegion }] : undefined,
        healthCheckId: this.healthCheckIds[spec.region],
        records: [args.endpoints[spec.region]!.hostname],
      }, kept);
    }

    this.alarmTopicArn = settings.alarms
      ? healthCheckAlarms(name, { healthCheckIds: this.healthCheckIds, emails: settings.alarmEmails, protect, tags }, this)
      : undefined;
    this.recordName = settings.recordName;
    this.routingPolicy = table.policy;
    this.outputs = geoDnsOutputs({
      settings,
      table,
      records: this.records,
      zoneId: this.zoneId,
      hostnames: Object.fromEntries(Object.entries(args.endpoints).map(([region, e]) => [region, e.hostname])),
      healthCheckIds: this.healthCheckIds,
      alarmTopicArn: this.alarmTopicArn,
    });
    this.registerOutputs({
      zoneId: this.zoneId,
      recordName: this.recordName,
      healthCheckIds: this.healthCheckIds,
      alarmTopicArn: this.alarmTopicArn,
    });
  }
}
