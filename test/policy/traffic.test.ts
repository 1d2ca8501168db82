import { beforeAll, describe, expect, it } from "vitest";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { runPolicyPack, type PolicyViolation } from "../../policy/runner";
import { publicLbServiceTlsOnly } from "../../policy/rules/public-lb-service-tls-only";
import { route53GeolocationComplete } from "../../policy/rules/route53-geolocation-complete";
import { route53HealthCheckHttps } from "../../policy/rules/route53-health-check-https";
import { route53HealthCheckedTtl } from "../../policy/rules/route53-health-checked-ttl";
import { renderRealStack } from "../support/render";

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

describe("public-lb-service-tls-only", () => {
  it("passes the prod gateway Services (443 only)", async () => {
    expect(await runPolicyPack(prod, { resourceRules: [publicLbServiceTlsOnly], stackRules: [] })).toEqual([]);
  });

  it("fires, alone, when an internet-facing Service also listens on 80", async () => {
    const found = await newViolations(mutated("china-ingress-gateway", "kubernetes:core/v1:Service", (r) => {
      const spec = r.inputs.spec as { ports: unknown[] };
      return withInputs(r, { spec: { ...spec, ports: [...spec.ports, { name: "http", port: 80, targetPort: 8080, protocol: "TCP" }] } });
    }));
    expect(found.map((v) => v.policy)).toEqual(["public-lb-service-tls-only"]);
    expect(found[0]!.message).toContain("listens on 80");
  });

  it("leaves internal load balancers alone", async () => {
    const internal = mutated("china-ingress-gateway", "kubernetes:core/v1:Service", (r) => {
      const metadata = r.inputs.metadata as { annotations: Record<string, string> };
      const spec = r.inputs.spec as { ports: unknown[] };
      return withInputs(r, {
        metadata: { ...metadata, annotations: { ...metadata.annotations, "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" } },
        spec: { ...spec, ports: [...spec.ports, { name: "http", port: 80 }] },
      });
    });
    expect(await runPolicyPack(internal, { resourceRules: [publicLbServiceTlsOnly], stackRules: [] })).toEqual([]);
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
