// The stack file's `dns` section: the GeoDns contract plus the rules that need the stack.
import { describe, expect, it } from "vitest";
import { parseStackFile as parseFile, refusalOfEditedProd as refusal, type RawConfig as Config } from "../support/config";
import { editedStackFile } from "../support/render";

const dns = (c: Config): Config => c["inference-platform:dns"];

describe("dns config: good cases", () => {
  it("accepts the real prod file: CN → china, EU → frankfurt, default frankfurt", () => {
    const cfg = parseFile("prod");
    expect(cfg.dns).toMatchObject({
      zone: { id: "Z0PRODINFERENCEEXAMPLE" },
      recordName: "api.inference.example.com",
      routingPolicy: "geolocation",
      routes: [{ location: "country:CN", region: "china" }, { location: "continent:EU", region: "frankfurt" }],
      defaultRegion: "frankfurt",
      ttlSeconds: 60,
      healthCheck: { path: "/healthz", intervalSeconds: 30, failureThreshold: 3, port: 443 },
      alarms: true,
      profile: "inference-prod-global",
    });
  });

  it("accepts the real dev file, where shanghai stands in for China", () => {
    const cfg = parseFile("dev");
    expect(cfg.dns?.routes).toEqual([{ location: "country:CN", region: "shanghai" }, { location: "continent:EU", region: "frankfurt" }]);
    expect(cfg.dns?.defaultRegion).toBe("frankfurt");
  });

  it("accepts the boundary values Route 53 allows", () => {
    const file = editedStackFile("prod", (c) => {
      dns(c).healthCheck = { path: "/ready", intervalSeconds: 10, failureThreshold: 10, port: 8443 };
      dns(c).ttlSeconds = 1;
    });
    const cfg = parseFile("prod", file);
    expect(cfg.dns?.healthCheck).toEqual({ path: "/ready", intervalSeconds: 10, failureThreshold: 10, port: 8443 });
    expect(cfg.dns?.ttlSeconds).toBe(1);
  });

  it("lets dev turn the health-check alarms off", () => {
    const file = editedStackFile("dev", (c) => { dns(c).alarms = false; });
    expect(parseFile("dev", file).dns?.alarms).toBe(false);
  });
});

describe("dns config: refused cases name what is allowed", () => {
  it("refuses a geolocation table without a default record", () => {
    const message = refusal((c) => delete dns(c).defaultRegion);
    expect(message).toContain("inference-platform:dns.defaultRegion (missing): default record missing");
    expect(message).toContain("allowed: china, frankfurt");
  });

  it("refuses a location mapped twice", () => {
    const message = refusal((c) => dns(c).routes.push({ location: "country:CN", region: "frankfurt" }));
    expect(message).toContain('inference-platform:dns.routes[2].location (got "country:CN"): country:CN is already mapped by routes[0]; each location may be mapped once');
  });

  it("refuses a mapping to a region that is not in the stack", () => {
    const message = refusal((c) => { dns(c).routes[0].region = "shanghai"; });
    expect(message).toContain('inference-platform:dns.routes[0].region (got "shanghai"): "shanghai" is not a region of this stack; allowed: china, frankfurt');
  });

  it("refuses a default region that is not in the stack", () => {
    const message = refusal((c) => { dns(c).defaultRegion = "tokyo"; });
    expect(message).toContain('inference-platform:dns.defaultRegion (got "tokyo"): "tokyo" is not a region of this stack; allowed: china, frankfurt');
  });

  it("refuses failure thresholds outside 1–10", () => {
    expect(refusal((c) => { dns(c).healthCheck.failureThreshold = 11; }))
      .toContain("inference-platform:dns.healthCheck.failureThreshold (got 11): Route 53 allows 1–10 consecutive failures");
    expect(refusal((c) => { dns(c).healthCheck.failureThreshold = 0; }))
      .toContain("inference-platform:dns.healthCheck.failureThreshold (got 0): Route 53 allows 1–10 consecutive failures");
  });

  it("refuses a request interval other than 10 or 30 seconds", () => {
    expect(refusal((c) => { dns(c).healthCheck.intervalSeconds = 20; }))
      .toContain("inference-platform:dns.healthCheck.intervalSeconds (got 20): Route 53 probes every 10 or 30 seconds; allowed: 10, 30");
  });

  it("refuses a location that is not continent:, country: or subdivision:", () => {
    expect(refusal((c) => { dns(c).routes[0].location = "CN"; }))
      .toContain('inference-platform:dns.routes[0].location (got "CN"): a location: "continent:<AF|AN|AS|EU|NA|OC|SA>"');
  });

  it("refuses both or neither of zone.id and zone.create, and a record at the created zone's apex", () => {
    expect(refusal((c) => { dns(c).zone = {}; }))
      .toContain("inference-platform:dns.zone (got {}): set exactly one of zone.id (an existing public hosted zone) or zone.create (the domain of a new one)");
    expect(refusal((c) => { dns(c).zone = { create: "api.inference.example.com" }; }))
      .toContain("a CNAME cannot sit at the zone apex api.inference.example.com; use a name below it such as api.api.inference.example.com");
  });

  it("refuses a DNS role outside the global partition", () => {
    expect(refusal((c) => { delete dns(c).profile; dns(c).assumeRoleArn = "arn:aws-cn:iam::123456789012:role/dns"; }))
      .toContain("must be an IAM role ARN of the aws partition (arn:aws:iam::…), where Route 53 public zones and health checks live");
  });

  it("refuses turning the alarms off in prod, and unknown keys", () => {
    expect(refusal((c) => { dns(c).alarms = false; }))
      .toContain("inference-platform:dns.alarms (got false): prod alarms on every health check; alarms false is allowed in dev only");
    expect(refusal((c) => { dns(c).alarm = true; })).toContain("inference-platform:dns.alarm (got true): unknown key (misspelt?)");
  });
});
