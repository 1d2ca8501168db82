// The routing table as data: locations as written in the stack file, and the records rendered from a table.
import { describe, expect, it } from "vitest";
import { geolocationFields, recordSpecs } from "../../components/geo-dns/records";
import { buildRoutingTable, formatLocation, parseLocation } from "../../components/geo-dns/table";

describe("routing table", () => {
  it("parses and prints the location forms, refusing anything else", () => {
    expect(parseLocation("country:CN")).toEqual({ kind: "country", country: "CN" });
    expect(parseLocation("continent:EU")).toEqual({ kind: "continent", continent: "EU" });
    expect(parseLocation("subdivision:US-CA")).toEqual({ kind: "subdivision", country: "US", subdivision: "CA" });
    for (const bad of ["CN", "continent:XX", "country:cn", "country:US-CA", "subdivision:US", "*"]) expect(parseLocation(bad)).toBeUndefined();
    expect(formatLocation({ kind: "default" })).toBe("*");
  });

  it("renders the default record as country * and marks cross-partition targets", () => {
    expect(geolocationFields({ kind: "default" })).toEqual({ country: "*" });
    const table = buildRoutingTable({ policy: "geolocation", routes: [{ location: "country:CN", region: "china" }], defaultRegion: "frankfurt", regions: ["china", "frankfurt"] });
    const awsRegions: Record<string, string> = { china: "cn-north-1", frankfurt: "eu-central-1" };
    expect(recordSpecs(table, (r) => awsRegions[r]!, "aws")).toEqual([
      { setIdentifier: "country-CN", region: "china", geolocation: { country: "CN" }, crossPartition: true },
      { setIdentifier: "default", region: "frankfurt", geolocation: { country: "*" }, crossPartition: false },
    ]);
  });
});
