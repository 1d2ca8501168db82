// Every Kubernetes object of both real stacks validates against its official schema (Kubernetes
// OpenAPI, KEDA, Prometheus operator, Gateway API, Envoy Gateway), and a new kind without a schema
// fails here until one is added.
// Both ways: a broken copy of an object of each stack is refused.
import { describe, expect, it } from "vitest";
import type { RenderedStack } from "../../infra/plan/harness";
import { KUBERNETES_SCHEMAS, NOT_SCHEMA_CHECKED, schemaVerdict } from "../support/kubernetes-schemas";
import { bothRealStacks } from "../support/render";

const stacks: Record<string, RenderedStack> = bothRealStacks();

/** `o` without the values the render hides as "[secret]" (their shape is the component tests' business). */
function withoutSecrets(o: unknown): unknown {
  if (Array.isArray(o)) return o.map(withoutSecrets);
  if (o === null || typeof o !== "object") return o;
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== "[secret]").map(([k, v]) => [k, withoutSecrets(v)]));
}

/** The stack's Kubernetes objects (providers and Helm releases aside). */
const objects = (stack: string) => stacks[stack]!.resources.filter((r) =>
  r.custom && r.type.startsWith("kubernetes:") && !NOT_SCHEMA_CHECKED.has(r.type));

const HTTP_ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
const TRAFFIC_POLICY = "kubernetes:gateway.envoyproxy.io/v1alpha1:BackendTrafficPolicy";
/** Inputs of the stack's first object of `type` whose name ends with `suffix` (every region has one). */
const inputsOf = (stack: string, type: string, suffix: string) => objects(stack).find((r) => r.type === type && r.name.endsWith(suffix))!.inputs;

describe.each(["prod", "dev"])("%s: Kubernetes objects against the official schemas", (stack) => {
  it("every kind has a schema, and every object validates", () => {
    const kinds = new Set(objects(stack).map((r) => r.type));
    expect([...kinds].filter((t) => !(t in KUBERNETES_SCHEMAS))).toEqual([]);
    expect(objects(stack).length).toBeGreaterThan(40);
    for (const r of objects(stack)) expect(schemaVerdict(r.type, withoutSecrets(r.inputs) as Record<string, unknown>), `${r.type} ${r.name}`).toBe("valid");
  });

  it("a broken object is refused (a Job's backoffLimit as text, a PriorityClass value as text)", () => {
    const job = structuredClone(objects(stack).find((r) => r.type === "kubernetes:batch/v1:Job")!.inputs) as { spec: { backoffLimit: unknown } };
    job.spec.backoffLimit = "six";
    expect(schemaVerdict("kubernetes:batch/v1:Job", job)).toMatch(/backoffLimit must be integer/);
    const pc = structuredClone(objects(stack).find((r) => r.type === "kubernetes:scheduling.k8s.io/v1:PriorityClass")!.inputs) as { value: unknown };
    pc.value = "high";
    expect(schemaVerdict("kubernetes:scheduling.k8s.io/v1:PriorityClass", pc)).toMatch(/value must be integer/);
    expect(() => schemaVerdict("kubernetes:networking.k8s.io/v1:Ingress", {})).toThrow(/no schema for kubernetes:networking.k8s.io\/v1:Ingress/);
  });

  it("a broken front-door object is refused (an HTTPRoute backend's weight as text, a rate limit per fortnight)", () => {
    const route = structuredClone(inputsOf(stack, HTTP_ROUTE, "-front-door-route-generation")) as { spec: { rules: Array<{ backendRefs: Array<{ weight: unknown }> }> } };
    expect(schemaVerdict(HTTP_ROUTE, route)).toBe("valid");
    route.spec.rules[0]!.backendRefs[0]!.weight = "ninety";
    expect(schemaVerdict(HTTP_ROUTE, route)).toMatch(/rules\/0\/backendRefs\/0\/weight must be integer/);
    const policy = structuredClone(inputsOf(stack, TRAFFIC_POLICY, "-front-door-traffic-api")) as { spec: { rateLimit: { global: { rules: Array<{ limit: { unit: unknown } }> } } } };
    expect(schemaVerdict(TRAFFIC_POLICY, policy)).toBe("valid");
    policy.spec.rateLimit.global.rules[0]!.limit.unit = "Fortnight";
    expect(schemaVerdict(TRAFFIC_POLICY, policy)).toMatch(/rules\/0\/limit\/unit must be equal to one of the allowed values/);
  });
});
