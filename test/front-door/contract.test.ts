// The FrontDoor contract on its own: every default once (the seed's figures), every rule both ways,
// and the seed's timeout rule (timeout = p90 × 1.6) that the API timeout defaults from.
import { describe, expect, it } from "vitest";
import { frontDoorSettingsSchema } from "../../components/front-door/contract";
import { gatewayDuration, TIMEOUT_PER_P90, timeoutFromP90 } from "../../components/front-door/timeouts";
import { parseSettings, propertyPath } from "../../components/lib/contract";
import { SEED } from "../../components/lib/seed";

const auth = { issuer: "https://id.example.com/", jwksUri: "https://id.example.com/.well-known/jwks.json" };

const parsed = (input: Record<string, unknown>) => {
  const result = parseSettings(frontDoorSettingsSchema, { auth, ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
};
const problems = (input: Record<string, unknown>) => {
  const result = parseSettings(frontDoorSettingsSchema, input);
  if (result.ok) throw new Error("accepted");
  return result.problems.map((p) => `${propertyPath(p.path)}: ${p.message}`);
};

describe("FrontDoor settings", () => {
  it("defaults every optional setting once: the seed's tier weights, back-off and timeouts", () => {
    expect(parsed({})).toEqual({
      auth: { ...auth, audiences: [], tierClaim: "tier", clientClaim: "sub" },
      tierWeights: { premium: 100, free: 10 },
      requestsPerWeightPerMinute: 1,
      timeouts: { generationSeconds: 300, apiMilliseconds: 800 },
      retry: { attempts: 3, backoffBaseSeconds: 1, backoffMaxSeconds: 30, budgetPercent: 20 },
      circuitBreaker: { maxPendingRequests: 1024, maxParallelRequests: 1024 },
      outlierDetection: { consecutive5xx: 5, intervalSeconds: 10, baseEjectionSeconds: 30, maxEjectionPercent: 50 },
      proxyReplicas: 2,
    });
  });

  it("takes its figures from the seed: API timeout = timeoutFromP90(500) = SEED.timeoutMs, back-off cap SEED.backoffCapSeconds", () => {
    expect(parsed({}).timeouts.apiMilliseconds).toBe(timeoutFromP90(500));
    expect(parsed({}).timeouts.apiMilliseconds).toBe(SEED.timeoutMs);
    expect(parsed({}).retry.backoffMaxSeconds).toBe(SEED.backoffCapSeconds);
  });

  it("accepts settings within the rules, defaulting the rest of a section", () => {
    const s = parsed({
      auth: { ...auth, audiences: ["inference-api"], tierClaim: "plan", clientClaim: "client_id" },
      tierWeights: { premium: 50 }, requestsPerWeightPerMinute: 0.5,
      timeouts: { generationSeconds: 120 }, retry: { attempts: 0, backoffBaseSeconds: 2, backoffMaxSeconds: 2 },
      outlierDetection: { maxEjectionPercent: 100 }, proxyReplicas: 3,
    });
    expect(s).toMatchObject({
      auth: { audiences: ["inference-api"], tierClaim: "plan", clientClaim: "client_id" },
      tierWeights: { premium: 50, free: 10 }, requestsPerWeightPerMinute: 0.5,
      timeouts: { generationSeconds: 120, apiMilliseconds: 800 },
      retry: { attempts: 0, backoffBaseSeconds: 2, backoffMaxSeconds: 2, budgetPercent: 20 },
      outlierDetection: { maxEjectionPercent: 100, consecutive5xx: 5 }, proxyReplicas: 3,
    });
  });

  it("refuses every bad setting at once, saying what is allowed", () => {
    expect(problems({
      auth: { issuer: "http://id.example.com/", jwksUri: "not a url", tierClaim: "1tier" },
      tierWeights: { premium: 0, free: -1 },
      requestsPerWeightPerMinute: 0,
      timeouts: { generationSeconds: 0, apiMilliseconds: -5 },
      retry: { attempts: 11, backoffBaseSeconds: 10, backoffMaxSeconds: 5, budgetPercent: 0 },
      circuitBreaker: { maxPendingRequests: 0 },
      outlierDetection: { maxEjectionPercent: 0 },
      proxyReplicas: 1,
      replicas: 2,
    })).toEqual([
      "auth.issuer: an https URL (the token issuer)",
      "auth.jwksUri: an https URL serving the issuer's JWKS",
      "auth.tierClaim: a claim name such as tier or plan",
      "tierWeights.premium: must be > 0: a tier with no weight could never be served",
      "tierWeights.free: must be > 0: a tier with no weight could never be served",
      "requestsPerWeightPerMinute: must be > 0",
      "timeouts.generationSeconds: must be > 0",
      "timeouts.apiMilliseconds: must be > 0",
      "retry.attempts: at most 10",
      "retry.budgetPercent: a whole percent, 1 to 100",
      "retry.backoffMaxSeconds: below backoffBaseSeconds (10): the cap must be at least the first back-off",
      "circuitBreaker.maxPendingRequests: a whole number ≥ 1",
      "outlierDetection.maxEjectionPercent: 1 to 100",
      "proxyReplicas: at least 2: one proxy is a single point of failure for the region",
      "replicas: unknown key (misspelt?)",
    ]);
  });

  it("refuses a back-off cap below the first back-off, and a missing auth section", () => {
    expect(problems({ auth, retry: { backoffBaseSeconds: 10, backoffMaxSeconds: 5 } })).toEqual([
      "retry.backoffMaxSeconds: below backoffBaseSeconds (10): the cap must be at least the first back-off",
    ]);
    expect(problems({})).toEqual(["auth: Invalid input: expected object, received undefined"]);
  });

  it("refuses timeouts above their ceilings and unknown keys inside a section", () => {
    expect(problems({ auth: { ...auth, jwks: "x" }, timeouts: { generationSeconds: 3601, apiMilliseconds: 60_001, api: 1 } })).toEqual([
      "auth.jwks: unknown key (misspelt?)",
      "timeouts.generationSeconds: at most 3600",
      "timeouts.apiMilliseconds: at most 60000",
      "timeouts.api: unknown key (misspelt?)",
    ]);
  });
});

describe("the seed's timeout rule", () => {
  it("gives 800 ms for a p90 of 500 ms, and rounds up to a whole millisecond", () => {
    expect(TIMEOUT_PER_P90).toBe(1.6);
    expect(timeoutFromP90(500)).toBe(800);
    expect(timeoutFromP90(250)).toBe(400);
    expect(timeoutFromP90(0.1)).toBe(1);
    expect(timeoutFromP90(333)).toBe(533);
  });

  it("refuses a p90 that is zero, negative, NaN or infinite", () => {
    for (const p90 of [0, -500, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => timeoutFromP90(p90), String(p90)).toThrow(new RangeError(`timeoutFromP90: p90 ${p90} ms is not a positive number`));
    }
  });
});

describe("durations as the Gateway API writes them", () => {
  // GEP-2257: up to four <1–5 digits><h|m|s|ms> groups, no decimal point.
  const GATEWAY_DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;

  it("writes whole seconds, milliseconds, or both", () => {
    expect(gatewayDuration(300)).toBe("300s");
    expect(gatewayDuration(0.8)).toBe("800ms");
    expect(gatewayDuration(90.5)).toBe("90s500ms");
    expect(gatewayDuration(3600.25)).toBe("3600s250ms");
    for (const s of [300, 0.8, 90.5, 3600.25, 0.0004]) expect(gatewayDuration(s), String(s)).toMatch(GATEWAY_DURATION);
  });

  it("never writes a decimal point or 0s (which would turn a timeout off)", () => {
    expect(gatewayDuration(0.0004)).toBe("1ms");
    expect(`${0.8}s`).not.toMatch(GATEWAY_DURATION);
  });
});
