// Every key of the stack file, as its schema lists them, set off its default on a copy of a real stack file
// and found on the resource that must carry it: a value hard-coded in a component, or a key nobody reads,
// fails here. All edits for one stack file go into one copy, rendered once (two renders in all).
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { stackConfigSchema } from "../../infra/config/schema";
import { renderStack, type RenderedStack } from "../../infra/plan/harness";
import { leafKeys, type Copy, type Reaches, type Unreached } from "../support/config-keys";
import { editedStackFile, REPO_ROOT } from "../support/render";
import { DATA_PLANE_KEYS } from "./config-keys/data-plane";
import { DNS_KEYS } from "./config-keys/dns";
import { FRONT_DOOR_KEYS } from "./config-keys/front-door";
import { MONITORING_KEYS } from "./config-keys/monitoring";
import { SERVING_KEYS } from "./config-keys/serving";
import { STACK_KEYS } from "./config-keys/stack";

/**
 * One entry per leaf key of the stack file's schema, area by area. The order counts: the edits go into a copy in
 * it, and the list of keys that reach no resource is checked in it.
 */
const AREAS = [STACK_KEYS, DATA_PLANE_KEYS, FRONT_DOOR_KEYS, MONITORING_KEYS, SERVING_KEYS, DNS_KEYS];
const TABLE: Record<string, Reaches | Unreached> = Object.fromEntries(AREAS.flatMap((area) => Object.entries(area)));

const LEAVES = leafKeys(stackConfigSchema);
const reaching = Object.entries(TABLE).filter((entry): entry is [string, Reaches] => "found" in entry[1]);
const unreached = Object.entries(TABLE).filter((entry): entry is [string, Unreached] => "reason" in entry[1]);

/** Defaults of the stack-wide keys, which Pulumi.yaml declares. */
function projectDefaults(): Record<string, unknown> {
  const decls = parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")).config as Record<string, { default?: unknown }>;
  return Object.fromEntries(Object.entries(decls).filter(([, d]) => "default" in d).map(([k, d]) => [k, d.default]));
}

describe("the table of stack-file keys", () => {
  it("has one entry per leaf key of the schema, and none for a key the schema lacks", () => {
    const keys = LEAVES.map((k) => k.path);
    const missing = keys.filter((k) => !(k in TABLE));
    const unknown = Object.keys(TABLE).filter((k) => !keys.includes(k));
    expect({ missing, unknown }).toEqual({ missing: [], unknown: [] });
    // The merge would keep the later of two entries for one key, which a single object literal refused to compile.
    const areaKeys = AREAS.flatMap((area) => Object.keys(area));
    expect(areaKeys.filter((k, i) => areaKeys.indexOf(k) !== i)).toEqual([]);
    expect(keys.length).toBeGreaterThan(100);
  });

  it("sets every key off its default (the schema's, or Pulumi.yaml's for the stack-wide keys)", () => {
    const fromProject = projectDefaults();
    const onDefault = LEAVES.flatMap((k) => {
      const dflt = k.default ? k.default.value : fromProject[k.path];
      const entry = TABLE[k.path];
      return dflt !== undefined && entry && "value" in entry && JSON.stringify(entry.value) === JSON.stringify(dflt) ? [k.path] : [];
    });
    expect(onDefault).toEqual([]);
  });

  it("changes a pool's node counts, or a model server's replica bounds, with every key that shapes planning", () => {
    for (const [key, e] of reaching) if ("without" in e) expect(e.expected, key).not.toEqual(e.without);
  });

  it("leaves only a short, explained list of keys that reach no resource", () => {
    expect(unreached.map(([key]) => key)).toEqual([
      "regions[].gpuPools[].gpusPerNode",
      "regions[].kafka.topicsJob.acceptUnverifiedIamAuthJar",
      "regions[].monitoring.metrics.requestSuccess",
      "regions[].monitoring.requestTopic",
    ]);
  });
});

describe("every key set off its default reaches the resource that carries it", () => {
  const renders: Partial<Record<Copy, RenderedStack>> = {};
  // One copy of each real stack file with every edit meant for it, rendered once.
  beforeAll(async () => {
    for (const copy of ["prod", "dev"] as const) {
      const edits = reaching.filter(([, e]) => e.copy === copy);
      const stackFile = editedStackFile(copy, (c) => edits.forEach(([, e]) => e.edit(c)));
      renders[copy] = await renderStack({ stack: copy, stackFile });
    }
  });

  it.each(reaching)("%s", (_key, e) => {
    expect(e.found(renders[e.copy]!)).toEqual("expected" in e ? e.expected : e.value);
  });
});
