import { describe, expect, it } from "vitest";
import { routingTableOf } from "../../components/geo-dns/contract";
import { resolve } from "../../components/geo-dns/resolve";
import { buildRoutingTable, type GeolocationTable, type RoutingTable } from "../../components/geo-dns/table";
import { parseStackConfig, rawConfigFromPulumi } from "../../infra/config/load";
import { stackConfigMap } from "../../infra/plan/harness";
import { REPO_ROOT } from "../support/render";

/** The routing table GeoDns renders for the real prod stack (same function, same value). */
function prodTable(): GeolocationTable {
  const cfg = parseStackConfig(rawConfigFromPulumi(stackConfigMap(REPO_ROOT, "prod").config), "Pulumi.prod.yaml");
  if (!cfg.dns) throw new Error("prod has a dns section");
  const table: RoutingTable = routingTableOf(cfg.dns, cfg.regions.map((r) => r.name));
  if (table.policy !== "geolocation") throw new Error("prod routes by geolocation");
  return table;
}

const table = prodTable();
const bothHealthy = new Set(["china", "frankfurt"]);

const CN_USER = { continent: "AS", country: "CN" } as const;
const DE_USER = { continent: "EU", country: "DE" } as const;
const US_USER = { continent: "NA", country: "US", subdivision: "CA" } as const;

describe("resolve over the prod routing table", () => {
  it("is the table of the prod stack file", () => {
    expect(table.routes.map((r) => [r.setIdentifier, r.region])).toEqual([
      ["country-CN", "china"],
      ["continent-EU", "frankfurt"],
      ["default", "frankfurt"],
    ]);
  });

  it("sends a user in China to the China region", () => {
    expect(resolve(table, CN_USER, bothHealthy)).toMatchObject({ region: "china", rule: "most-specific", route: { setIdentifier: "country-CN" } });
  });

  it("sends a user in Germany to Frankfurt through the EU continent record", () => {
    expect(resolve(table, DE_USER, bothHealthy)).toMatchObject({ region: "frankfurt", rule: "most-specific", route: { setIdentifier: "continent-EU" } });
  });

  it("sends a user in the US to the default region", () => {
    expect(resolve(table, US_USER, bothHealthy)).toMatchObject({ region: "frankfurt", rule: "most-specific", route: { setIdentifier: "default" } });
  });

  it("sends an address Route 53 cannot place to the default region", () => {
    expect(resolve(table, undefined, bothHealthy)).toMatchObject({ region: "frankfurt", route: { setIdentifier: "default" } });
  });

  it("falls back to the default (Frankfurt) for a user in China when China is unhealthy", () => {
    expect(resolve(table, CN_USER, new Set(["frankfurt"]))).toMatchObject({ region: "frankfurt", rule: "larger-region", route: { setIdentifier: "default" } });
  });

  it("keeps a user in Germany on Frankfurt when only China is unhealthy", () => {
    expect(resolve(table, DE_USER, new Set(["frankfurt"]))).toMatchObject({ region: "frankfurt", rule: "most-specific" });
  });

  it("treats every record as healthy when every target is unhealthy, as the Route 53 guide documents", () => {
    // "If none of the records in a group of records are healthy ... Route 53 considers all the
    // records in the group to be healthy": the most specific match answers again.
    const none = new Set<string>();
    expect(resolve(table, CN_USER, none)).toMatchObject({ region: "china", rule: "all-unhealthy", route: { setIdentifier: "country-CN" } });
    expect(resolve(table, DE_USER, none)).toMatchObject({ region: "frankfurt", rule: "all-unhealthy", route: { setIdentifier: "continent-EU" } });
    expect(resolve(table, US_USER, none)).toMatchObject({ region: "frankfurt", rule: "all-unhealthy", route: { setIdentifier: "default" } });
  });

  it("does not guess for a user in Germany when Frankfurt is unhealthy and only China is healthy", () => {
    // Germany matches continent EU and the default, both Frankfurt: no healthy record in the chain,
    // while China's is healthy. The guide does not say what is answered then; resolve does not guess.
    expect(resolve(table, DE_USER, new Set(["china"]))).toEqual({ region: undefined, route: undefined, rule: "undocumented" });
  });
});

describe("resolve over other tables (config changes only)", () => {
  const threeRegions = buildRoutingTable({
    policy: "geolocation",
    routes: [
      { location: "subdivision:US-CA", region: "oregon" },
      { location: "country:US", region: "virginia" },
      { location: "continent:NA", region: "virginia" },
      { location: "country:CN", region: "china" },
    ],
    defaultRegion: "frankfurt",
    regions: ["china", "frankfurt", "virginia", "oregon"],
  }) as GeolocationTable;
  const all = new Set(["china", "frankfurt", "virginia", "oregon"]);

  it("prefers subdivision over country over continent", () => {
    expect(resolve(threeRegions, { continent: "NA", country: "US", subdivision: "CA" }, all).region).toBe("oregon");
    expect(resolve(threeRegions, { continent: "NA", country: "US", subdivision: "TX" }, all).region).toBe("virginia");
    expect(resolve(threeRegions, { continent: "NA", country: "CA" }, all)).toMatchObject({ region: "virginia", route: { setIdentifier: "continent-NA" } });
  });

  it("walks state, country, continent, default in that order when records are unhealthy", () => {
    const ca = { continent: "NA", country: "US", subdivision: "CA" } as const;
    expect(resolve(threeRegions, ca, new Set(["virginia", "frankfurt", "china"]))).toMatchObject({ region: "virginia", rule: "larger-region", route: { setIdentifier: "country-US" } });
    expect(resolve(threeRegions, ca, new Set(["frankfurt", "china"]))).toMatchObject({ region: "frankfurt", rule: "larger-region", route: { setIdentifier: "default" } });
  });

  it("answers no answer when nothing matches and there is no default", () => {
    const noDefault = buildRoutingTable({ policy: "geolocation", routes: [{ location: "country:CN", region: "china" }], regions: ["china"] }) as GeolocationTable;
    expect(resolve(noDefault, { continent: "EU", country: "DE" }, new Set(["china"]))).toEqual({ region: undefined, route: undefined, rule: "no-match" });
  });
});
