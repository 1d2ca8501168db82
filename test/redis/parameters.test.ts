// The Redis parameter group and the snapshot and maintenance windows.
import { describe, expect, it } from "vitest";
import { cacheParameters, parameterGroupFamily } from "../../components/redis/parameters";
import { windowProblems } from "../../components/redis/windows";

describe("Redis parameters and windows", () => {
  it("derives the parameter group family from engine and version", () => {
    expect(parameterGroupFamily("redis", "7.1")).toBe("redis7");
    expect(parameterGroupFamily("valkey", "8.0")).toBe("valkey8");
  });

  it("sets the documented eviction policy for the response cache", () => {
    expect(cacheParameters("volatile-ttl")).toEqual([
      { name: "maxmemory-policy", value: "volatile-ttl" },
      { name: "maxmemory-samples", value: "10" },
      { name: "timeout", value: "300" },
    ]);
  });

  it("accepts separate windows of an hour and checks windows that wrap midnight", () => {
    expect(windowProblems("17:00-18:00", "sun:19:00-sun:20:00")).toEqual([]);
    expect(windowProblems("23:30-00:30", "wed:02:00-wed:03:00")).toEqual([]);
    expect(windowProblems("23:30-00:30", "sat:23:45-sun:01:00")).toEqual([
      { window: "maintenanceWindow", reason: "overlaps the daily snapshot window 23:30-00:30; ElastiCache needs them apart" },
    ]);
  });

  it("refuses malformed, short and overlapping windows with what is allowed", () => {
    expect(windowProblems("5pm", "sunday")).toEqual([
      { window: "snapshotWindow", reason: 'a daily UTC window "hh:mm-hh:mm" such as "17:00-18:00"' },
      { window: "maintenanceWindow", reason: 'a weekly UTC window "ddd:hh:mm-ddd:hh:mm" such as "sun:19:00-sun:20:00" (days sun…sat)' },
    ]);
    expect(windowProblems("17:00-17:30", "sun:19:00-sun:19:30")).toEqual([
      { window: "snapshotWindow", reason: "must last at least 60 minutes" },
      { window: "maintenanceWindow", reason: "must last at least 60 minutes" },
    ]);
    expect(windowProblems("17:00-18:00", "tue:17:30-tue:18:30")).toEqual([
      { window: "maintenanceWindow", reason: "overlaps the daily snapshot window 17:00-18:00; ElastiCache needs them apart" },
    ]);
  });
});
