import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { readPlatform } from "../../components";
import { parsePlatformOutputs, platformOutputsSchema } from "../../components/platform-outputs/contract";
import { valueOf } from "../support/components";
import { renderRealStack } from "../support/render";

// The stack outputs are a contract another stack reads (issue #12): the real renders must keep to it,
// and a wrong shape must be refused with every wrong key path at once.

/** A region's outputs as the stack exports them, beyond the contract's keys. */
const rawRegion = (outputs: Record<string, unknown>, name: string) => (outputs.regions as Record<string, Record<string, unknown>>)[name]!;

describe("platform outputs contract", () => {
  for (const stack of ["prod", "dev"] as const) {
    it(`accepts the real ${stack} stack's outputs, with what a consumer needs per region`, async () => {
      const rendered = await renderRealStack(stack);
      const platform = parsePlatformOutputs(rendered.outputs);
      expect(platform.dnsName).toMatch(/\./);
      const regions = Object.entries(platform.regions);
      expect(regions.length).toBeGreaterThan(0);
      for (const [name, region] of regions) {
        const raw = rawRegion(rendered.outputs, name);
        expect(region.vpc.publicSubnetIds.length).toBeGreaterThan(0);
        expect(region.vpc.privateSubnetIds.length).toBeGreaterThan(0);
        expect(region.cluster.oidcIssuer).toMatch(/^https:\/\/oidc\.eks\./);
        expect(region.modelEndpoint).toMatch(new RegExp(`^http://[a-z0-9-]+\\.${region.appNamespace}\\.svc:8000$`));
        expect(region.hostname).toBe((raw.frontDoor as { hostname: string }).hostname);
        // Secrets stay secret in the outputs.
        expect((raw.redis as { authToken: unknown }).authToken).toBe("[secret]");
        // The connection objects a workload `envFrom`s exist, by those names, in the application namespace.
        const inNamespace = (kind: string, objectName: string) => rendered.resources.some((r) => r.type === `kubernetes:core/v1:${kind}`
          && (r.inputs.metadata as { name?: string; namespace?: string } | undefined)?.name === objectName
          && (r.inputs.metadata as { namespace?: string }).namespace === region.appNamespace);
        expect(inNamespace("ConfigMap", region.redis.connection.configMap)).toBe(true);
        expect(inNamespace("Secret", region.redis.connection.secret)).toBe(true);
        expect(inNamespace("ConfigMap", region.kafka.connection.configMap)).toBe(true);
        expect(inNamespace("ServiceAccount", region.kafka.connection.serviceAccount)).toBe(true);
      }
    });
  }

  it("sends the premium model server's URL as the model endpoint", async () => {
    const { outputs } = await renderRealStack("prod");
    const platform = parsePlatformOutputs(outputs);
    for (const [name, region] of Object.entries(platform.regions)) {
      const premium = (rawRegion(outputs, name).frontDoor as { tiers: { premium: { stable: string } } }).tiers.premium.stable;
      expect(region.modelEndpoint).toBe(`http://${premium}.${region.appNamespace}.svc:8000`);
    }
  });

  it("refuses a wrong shape with one error naming every wrong key path", async () => {
    const edited = structuredClone((await renderRealStack("prod")).outputs) as { regions: Record<string, { cluster: Record<string, unknown>; vpc: Record<string, unknown> }> };
    const [name] = Object.keys(edited.regions);
    const region = edited.regions[name!]!;
    delete region.cluster.endpoint;
    region.vpc.id = 42;
    expect(platformOutputsSchema.safeParse(edited).success).toBe(false);
    let message = "";
    try { parsePlatformOutputs(edited); } catch (e) { message = (e as Error).message; }
    expect(message).toContain("2 problem(s)");
    expect(message).toContain(`regions.${name}.cluster.endpoint`);
    expect(message).toContain(`regions.${name}.vpc.id`);
  });

  it("refuses outputs that are not an object", () => {
    expect(() => parsePlatformOutputs(undefined)).toThrow(/\(outputs\)/);
  });

  // The refused case is parsePlatformOutputs' (above): a rejected Output also rejects promises nobody awaits.
  it("reads a StackReference's outputs through the contract", async () => {
    const { outputs } = await renderRealStack("dev");
    // Only `outputs` of the reference is read: a stand-in avoids a Pulumi engine.
    const referenceTo = (value: unknown) => ({ outputs: pulumi.output(value) }) as unknown as pulumi.StackReference;
    const good = await valueOf(readPlatform(referenceTo(outputs)));
    expect(Object.keys(good.regions)).toEqual(Object.keys(outputs.regions as object));
  });

  it("reads a reference whose outputs are secret (the Redis token makes them so) as not secret: the contract holds none", async () => {
    const { outputs } = await renderRealStack("dev");
    const reference = { outputs: pulumi.secret(outputs) } as unknown as pulumi.StackReference;
    expect(await pulumi.isSecret(reference.outputs)).toBe(true);
    const platform = readPlatform(reference);
    expect(await pulumi.isSecret(platform)).toBe(false);
    // Only the contract's keys come through: the token is not among them.
    const region = Object.values((await valueOf(platform)).regions)[0]!;
    expect(Object.keys(region)).not.toContain("authToken");
    expect(Object.keys((region as { redis: object }).redis)).not.toContain("authToken");
  });
});
