// GeoDns's contract: what it accepts and refuses, and that every setting reaches its resource (under mocks).
import * as pulumi from "@pulumi/pulumi";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import { beforeAll, describe, expect, it } from "vitest";
import { geoDnsProdProblems, geoDnsSettingsSchema, regionRoutingProblems, type GeoDnsArgs, type GeoDnsOutputs, type GeoDnsSettings } from "../../components/geo-dns";
import { parseSettings, propertyPath } from "../../components/lib/contract";
import { recordRegistrations, waitForRPCs, onlyInputs } from "../support/components";

const good: GeoDnsSettings = {
  zone: { id: "Z0123456789ABCDEFGHIJ" },
  recordName: "api.example.com",
  routes: [{ location: "country:CN", region: "china" }],
  defaultRegion: "frankfurt",
};
const REGIONS = ["china", "frankfurt"];

/** Schema problems, then the rules against the regions, as the component lists them. */
const problemsOf = (settings: GeoDnsSettings): string[] => {
  const parsed = parseSettings(geoDnsSettingsSchema, settings);
  const problems = parsed.ok ? regionRoutingProblems(parsed.value, REGIONS) : parsed.problems;
  return problems.map((p) => `${propertyPath(p.path)}: ${p.message}`);
};

describe("GeoDns settings", () => {
  it("accepts a complete table and fills in the defaults", () => {
    expect(problemsOf(good)).toEqual([]);
    expect(parseSettings(geoDnsSettingsSchema, good)).toMatchObject({ ok: true, value: {
      routingPolicy: "geolocation", ttlSeconds: 60, healthCheck: { path: "/healthz", intervalSeconds: 30, failureThreshold: 3, port: 443 },
      alarms: true, alarmEmails: [],
    } });
  });

  it("refuses a location routed twice", () => {
    expect(problemsOf({ ...good, routes: [{ location: "country:CN", region: "china" }, { location: "country:CN", region: "frankfurt" }] })).toEqual([
      "routes[1].location: country:CN is already mapped by routes[0]; each location may be mapped once",
    ]);
  });

  it("refuses a missing default and routes to regions that do not exist", () => {
    const { defaultRegion: _, ...noDefault } = good;
    expect(problemsOf({ ...noDefault, routes: [{ location: "country:CN", region: "china" }, { location: "country:JP", region: "tokyo" }] })).toEqual([
      'routes[1].region: "tokyo" is not a region of this stack; allowed: china, frankfurt',
      "defaultRegion: default record missing: geolocation routing needs a region for everyone no route matches (and for addresses Route 53 cannot place); allowed: china, frankfurt",
    ]);
    expect(problemsOf({ ...good, defaultRegion: "tokyo" })).toEqual(['defaultRegion: "tokyo" is not a region of this stack; allowed: china, frankfurt']);
  });

  it("needs no default and no routes for latency routing", () => {
    expect(problemsOf({ zone: good.zone, recordName: good.recordName, routingPolicy: "latency" })).toEqual([]);
  });

  it("refuses health check settings Route 53 does not take and a long TTL", () => {
    expect(problemsOf({ ...good, ttlSeconds: 300, healthCheck: { failureThreshold: 11, intervalSeconds: 20, port: 0, path: "healthz" } })).toEqual([
      "ttlSeconds: at most 60: with health checks Route 53 recommends 60 s or less",
      "healthCheck.path: an absolute path such as /healthz",
      "healthCheck.intervalSeconds: Route 53 probes every 10 or 30 seconds; allowed: 10, 30",
      "healthCheck.failureThreshold: Route 53 allows 1–10 consecutive failures",
      "healthCheck.port: a TCP port 1–65535",
    ]);
  });

  it("refuses a zone given twice and a record at the apex of, or outside, a created zone", () => {
    expect(problemsOf({ ...good, zone: { id: "Z0123456789ABCDEFGHIJ", create: "api.example.com" } })).toEqual([
      "zone: set exactly one of zone.id (an existing public hosted zone) or zone.create (the domain of a new one)",
      "recordName: a CNAME cannot sit at the zone apex api.example.com; use a name below it such as api.api.example.com",
    ]);
    expect(problemsOf({ ...good, zone: { create: "example.org" } })).toEqual(["recordName: must be a name inside the zone example.org"]);
    expect(problemsOf({ ...good, zone: {}, recordName: "API.example.com" })[0]).toBe("recordName: a lower-case domain name such as api.example.com");
  });

  it("lets dev turn the alarms off, never prod", () => {
    const settings = (alarms: boolean) => geoDnsSettingsSchema.parse({ ...good, alarms });
    expect(geoDnsProdProblems(settings(true))).toEqual([]);
    expect(geoDnsProdProblems(settings(false))).toEqual([{ path: ["alarms"], message: "prod alarms on every health check; alarms false is allowed in dev only" }]);
  });
});

describe("GeoDns under mocks", () => {
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  const ofType = (type: string, prefix: string) => registered.filter((r) => r.type === type && r.name.startsWith(prefix));
  const one = (type: string, name: string) => onlyInputs(registered, type, name);
  const wiring: Pick<GeoDnsArgs, "endpoints" | "tags"> = {
    endpoints: { tokyo: { hostname: "tokyo.elb.example.com", awsRegion: "ap-northeast-1" }, oregon: { hostname: "oregon.elb.example.com", awsRegion: "us-west-2" } },
    tags: { project: "p" },
  };
  const refusals: Record<string, unknown> = {};
  let outputs: unknown;

  beforeAll(async () => {
    await recordRegistrations(registered, "us-east-1");
    const providers = { aws: new AwsProvider("aws", { region: "us-east-1" }) };
    const { GeoDns } = await import("../../components/geo-dns");
    const custom = new GeoDns("custom", {
      ...wiring,
      zone: { create: "example.com" },
      recordName: "api.example.com",
      routes: [{ location: "country:JP", region: "tokyo" }, { location: "subdivision:US-CA", region: "oregon" }],
      defaultRegion: "oregon",
      ttlSeconds: 30,
      healthCheck: { path: "/ready", intervalSeconds: 10, failureThreshold: 5, port: 8443 },
      alarmEmails: ["oncall@example.com"],
      protectStateful: true,
    }, { providers });
    new GeoDns("latency", { ...wiring, zone: { id: "Z0123456789ABCDEFGHIJ" }, recordName: "api.example.com", routingPolicy: "latency", alarms: false }, { providers });
    const refused: Array<[string, GeoDnsArgs]> = [
      ["refused-schema", { ...wiring, zone: {}, recordName: "api.example.com", ttlSeconds: 0, defaultRegion: "oregon" }],
      ["refused-regions", { ...wiring, zone: { id: "Z0123456789ABCDEFGHIJ" }, recordName: "api.example.com", routes: [{ location: "country:CN", region: "china" }] }],
    ];
    for (const [name, args] of refused) {
      try {
        new GeoDns(name, args, { providers });
      } catch (e) {
        refusals[name] = e;
      }
    }
    outputs = await new Promise((done) => pulumi.output(custom.outputs satisfies GeoDnsOutputs).apply(done));
    await waitForRPCs();
  });

  it("puts the health check settings on every check and the TTL on every record", () => {
    for (const [region, fqdn] of [["tokyo", "tokyo.elb.example.com"], ["oregon", "oregon.elb.example.com"]]) {
      expect(one("aws:route53/healthCheck:HealthCheck", `custom-${region}`)).toMatchObject({
        type: "HTTPS", fqdn, port: 8443, resourcePath: "/ready", requestInterval: 10, failureThreshold: 5, enableSni: true,
      });
    }
    const records = ofType("aws:route53/record:Record", "custom-");
    // Registration order under mocks is not the program's order: compare by name.
    expect(records.map((r) => [r.name, r.inputs.records, r.inputs.ttl, r.inputs.name]).sort()).toEqual([
      ["custom-country-JP", ["tokyo.elb.example.com"], 30, "api.example.com"],
      ["custom-default", ["oregon.elb.example.com"], 30, "api.example.com"],
      ["custom-subdivision-US-CA", ["oregon.elb.example.com"], 30, "api.example.com"],
    ]);
    expect(one("aws:route53/record:Record", "custom-subdivision-US-CA").geolocationRoutingPolicies).toEqual([{ country: "US", subdivision: "CA" }]);
  });

  it("creates the zone asked for and subscribes the alarm e-mails", () => {
    expect(one("aws:route53/zone:Zone", "custom-zone")).toMatchObject({ name: "example.com", comment: "Geo-DNS of api.example.com" });
    expect(one("aws:sns/topicSubscription:TopicSubscription", "custom-alarms-0")).toMatchObject({ protocol: "email", endpoint: "oncall@example.com" });
    expect(ofType("aws:cloudwatch/metricAlarm:MetricAlarm", "custom-").map((a) => a.name).sort()).toEqual(["custom-oregon-unhealthy", "custom-tokyo-unhealthy"]);
  });

  it("routes by latency, one record per endpoint, and creates no alarms when they are off", () => {
    expect(ofType("aws:route53/record:Record", "latency-").map((r) => [r.name, r.inputs.latencyRoutingPolicies]).sort()).toEqual([
      ["latency-latency-oregon", [{ region: "us-west-2" }]],
      ["latency-latency-tokyo", [{ region: "ap-northeast-1" }]],
    ]);
    expect(ofType("aws:sns/topic:Topic", "latency-")).toEqual([]);
    expect(ofType("aws:route53/zone:Zone", "latency-")).toEqual([]);
  });

  it("reports its routing table and health checks as the stack exports them", () => {
    expect(outputs).toEqual({
      recordName: "api.example.com",
      routingPolicy: "geolocation",
      zoneId: expect.stringMatching(/^Z[0-9A-F]+$/),
      ttlSeconds: 30,
      routingTable: [
        { setIdentifier: "country-JP", location: "country:JP", region: "tokyo", recordType: "CNAME", crossPartition: false, target: "tokyo.elb.example.com" },
        { setIdentifier: "subdivision-US-CA", location: "subdivision:US-CA", region: "oregon", recordType: "CNAME", crossPartition: false, target: "oregon.elb.example.com" },
        { setIdentifier: "default", location: "*", region: "oregon", recordType: "CNAME", crossPartition: false, target: "oregon.elb.example.com" },
      ],
      healthChecks: {
        tokyo: { id: "custom-tokyo-id", fqdn: "tokyo.elb.example.com", type: "HTTPS", path: "/ready", port: 8443, intervalSeconds: 10, failureThreshold: 5 },
        oregon: { id: "custom-oregon-id", fqdn: "oregon.elb.example.com", type: "HTTPS", path: "/ready", port: 8443, intervalSeconds: 10, failureThreshold: 5 },
      },
      alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:topic/custom-alarms",
    });
  });

  it("refuses bad settings, then routes to unknown regions, before any child registers", () => {
    for (const e of Object.values(refusals)) expect(e).toBeInstanceOf(pulumi.InputPropertiesError);
    expect((refusals["refused-schema"] as Error).message).toBe([
      'GeoDns "refused-schema": 2 invalid input(s):',
      "  - ttlSeconds: at least 1",
      "  - zone: set exactly one of zone.id (an existing public hosted zone) or zone.create (the domain of a new one)",
    ].join("\n"));
    expect((refusals["refused-regions"] as Error).message).toBe([
      'GeoDns "refused-regions": 2 invalid input(s):',
      '  - routes[0].region: "china" is not a region of this stack; allowed: tokyo, oregon',
      "  - defaultRegion: default record missing: geolocation routing needs a region for everyone no route matches (and for addresses Route 53 cannot place); allowed: tokyo, oregon",
    ].join("\n"));
    expect(registered.filter((r) => r.name.startsWith("refused") && r.type !== "inference:traffic:GeoDns")).toEqual([]);
  });
});
