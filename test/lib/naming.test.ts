// Stack-scoped physical names (components/lib/naming.ts): the stack first, lower-case.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { stackScopedName } from "../../components/lib/naming";

describe("stack-scoped physical names", () => {
  beforeAll(async () => {
    await pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs }, "project", "Prod", false);
  });

  it("puts the stack first so dev and prod can share an account and region", () => {
    expect(stackScopedName("frankfurt-redis")).toBe("prod-frankfurt-redis");
    expect(stackScopedName("frankfurt-redis")).not.toBe("frankfurt-redis");
  });

  it("lower-cases the whole name, as ElastiCache requires", () => {
    expect(stackScopedName("China-Kafka")).toBe("prod-china-kafka");
  });
});
