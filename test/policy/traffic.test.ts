import { beforeAll, describe, expect, it } from "vitest";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { runPolicyPack, type PolicyViolation } from "../../policy/runner";
import { clientTlsMinVersion } from "../../policy/rules/client-tls-min-version";
import { gatewayListenersTls } from "../../policy/rules/gateway-listeners-tls";
import { publicLbServiceTlsOnly } from "../../policy/rules/public-lb-service-tls-only";
import { publicLbTlsPolicy } from "../../policy/rules/public-lb-tls-policy";
import { route53GeolocationComplete } from "../../policy/rules/route53-geolocation-complete";
import { route53HealthCheckHttps } from "../../policy/rules/route53-health-check-https";
import { route53HealthCheckedTtl } from "../../policy/rules/route53-health-checked-ttl";
import { renderRealStack } from "../support/render";
import { frontDoorCases } from "./cases/front-door";
import { testCases } from "./cases-runner";

let prod: RenderedStack;
let baseline: PolicyViolation[];
beforeAll(async () => {
  prod = await renderRealStack("prod");
  baseline = await runPolicyPack(prod);
});

/** A copy of the prod render with one resource changed (or removed when `change` returns undefined). */
function mutated(name: string, type: string, change: (r: RenderedResource) => RenderedResource | undefined): RenderedStack {
  const copy = structuredClone(prod);
  const i = copy.resources.findIndex((r) => r.name === name && r.type === type);
  if (i < 0) throw new Error(`no ${type} ${name} in the prod render`);
  const changed = change(copy.resources[i]!);
  if (changed) copy.resources[i] = changed;
  else copy.resources.splice(i, 1);
  return copy;
}

/** Violations of the whole pack on `stack` that the unchanged prod render does not have. */
async function newViolations(stack: RenderedStack): Promise<PolicyViolation[]> {
  const known = new Set(baseline.map((v) => `${v.policy} ${v.urn} ${v.message}`));
  return (await runPolicyPack(stack)).filter((v) => !known.has(`${v.policy} ${v.urn} ${v.message}`));
}

const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
const ENVOY_PROXY = "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy";
const CLIENT_POLICY = "kubernetes:gateway.envoyproxy.io/v1alpha1:ClientTrafficPolicy";

const withInputs = (r: RenderedResource, inputs: Record<string, unknown>): RenderedResource => ({ ...r, inputs: { ...r.inputs, ...inputs } });

describe("route53-health-check-https", () => {
  it("passes the prod health checks (HTTPS)", async () => {
    expect(await runPolicyPack(prod, { resourceRules: [route53HealthCheckHttps], stackRules: [] })).toEqual([]);
  });

  it("fires, alone, on an HTTP or TCP health check", async () => {
    for (const type of ["HTTP", "TCP"]) {
      const found = await newViolations(mutated("dns-china", "aws:route53/healthCheck:HealthCheck", (r) => withInputs(r, { type })));
      expect(found.map((v) => [v.policy, v.urn?.endsWith("::dns-china")])).toEqual([["route53-health-check-https", true]]);
      expect(found[0]!.message).toContain(`health check type is ${type}`);
    }
  });
});

describe("route53-health-checked-ttl", () => {
  it("passes the prod records (TTL 60 s)", async () => {
    expect(await runPolicyPack(prod, { resourceRules: [route53HealthCheckedTtl], stackRules: [] })).toEqual([]);
  });

  it("fires, alone, on a health-checked record with a 300 s TTL", async () => {
    const found = await newViolations(mutated("dns-default", "aws:route53/record:Record", (r) => withInputs(r, { ttl: 300 })));
    expect(found.map((v) => v.policy)).toEqual(["route53-health-checked-ttl"]);
    expect(found[0]!.message).toContain("TTL 300 s on a health-checked record");
  });
});

describe("route53-geolocation-complete (stack rule)", () => {
  it("passes the prod records (default record, every record health-checked)", async () => {
    expect(await runPolicyPack(prod, { resourceRules: [], stackRules: [route53GeolocationComplete] })).toEqual([]);
  });

  it("fires, alone, when the default record is missing", async () => {
    const found = await newViolations(mutated("dns-default", "aws:route53/record:Record", () => undefined));
    expect(found.map((v) => v.policy)).toEqual(["route53-geolocation-complete"]);
    expect(found[0]!.message).toContain('geolocation records of api.inference.example.com have no default record (country "*")');
  });

  it("fires, alone, on a record without a health check", async () => {
    const found = await newViolations(mutated("dns-country-CN", "aws:route53/record:Record", (r) => withInputs(r, { healthCheckId: undefined })));
    expect(found.map((v) => [v.policy, v.urn?.endsWith("::dns-country-CN")])).toEqual([["route53-geolocation-complete", true]]);
    expect(found[0]!.message).toContain("geolocation record country-CN of api.inference.example.com has no health check");
  });
});

describe("public entry points: the front door's Gateway, NLB and client TLS, and consumers' LoadBalancer Services", () => {
  const rules = [publicLbServiceTlsOnly, publicLbTlsPolicy, gatewayListenersTls, clientTlsMinVersion];

  it.each(["dev", "prod"] as const)("%s's front door (Gateway, EnvoyProxy, ClientTrafficPolicy) is in scope and passes", async (stack) => {
    const rendered = await renderRealStack(stack);
    // Not vacuous: each region renders the objects the rules read.
    for (const type of [GATEWAY, ENVOY_PROXY, CLIENT_POLICY]) expect(rendered.resources.filter((r) => r.type === type), type).toHaveLength(2);
    expect(await runPolicyPack(rendered, { resourceRules: rules, stackRules: [] })).toEqual([]);
  });

  testCases(frontDoorCases);
});
