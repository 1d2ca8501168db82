// The pack as `pulumi preview --policy-pack policy` would load it, and the
// bookkeeping that keeps rules, cases and the README table in step.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { resourceRules, stackRules } from "../../policy/rules";
import { TSC } from "../support/package";
import { REPO_ROOT } from "../support/render";
import { eksGpuCases } from "./cases/eks-gpu";
import { frontDoorCases } from "./cases/front-door";
import { kubernetesCases } from "./cases/kubernetes";
import { networkCases } from "./cases/network";
import { platformCases } from "./cases/platform";

const POLICY_DIR = path.join(REPO_ROOT, "policy");
const rules = [...resourceRules, ...stackRules];
const cases = [...eksGpuCases, ...networkCases, ...kubernetesCases, ...platformCases, ...frontDoorCases];

describe("the pack loads as CrossGuard expects", () => {
  it("has a PulumiPolicy.yaml with the nodejs runtime and a description", () => {
    const doc = parse(fs.readFileSync(path.join(POLICY_DIR, "PulumiPolicy.yaml"), "utf8")) as Record<string, unknown>;
    expect(doc.runtime).toBe("nodejs");
    expect(typeof doc.description).toBe("string");
    expect((doc.description as string).length).toBeGreaterThan(20);
  });

  it("has a package.json with the version PolicyPack reads and the SDKs it runs on", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(POLICY_DIR, "package.json"), "utf8")) as { version: string; dependencies: Record<string, string> };
    expect(pkg.version).toBe("0.1.0");
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["@pulumi/policy", "@pulumi/pulumi"]);
  });

  it("type-checks under the pack's own tsconfig, as the analyzer's ts-node does", () => {
    // Throws (and fails the test with tsc's output) on any error.
    execFileSync(process.execPath, [TSC, "-p", path.join(POLICY_DIR, "tsconfig.json"), "--noEmit"], { cwd: REPO_ROOT, encoding: "utf8" });
  }, 120_000);

  it("gives every rule a unique name, a description, a control and an enforcement level", () => {
    const names = rules.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const r of rules) {
      expect(r.name, r.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.description.length, r.name).toBeGreaterThan(10);
      expect(r.control.length, r.name).toBeGreaterThan(0);
      expect(["advisory", "mandatory"], r.name).toContain(r.enforcementLevel);
    }
  });

  it("keeps one rule per file, named after it", () => {
    const files = fs.readdirSync(path.join(POLICY_DIR, "rules")).filter((f) => f !== "index.ts").map((f) => f.replace(/\.ts$/, "")).sort();
    expect(files).toEqual(rules.map((r) => r.name).sort());
  });

  it("holds the GPU taint to its own literal: nothing the pack loads imports the component's constant", () => {
    // A check that imported components/gpu-node-pool/taint.ts would follow any change to it and never fire.
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, spec] of fs.readFileSync(file, "utf8").matchAll(/from "(\.{1,2}\/[^"]+)"/g)) {
        const target = path.resolve(path.dirname(file), spec!);
        for (const candidate of [`${target}.ts`, path.join(target, "index.ts")]) if (fs.existsSync(candidate)) visit(candidate);
      }
    };
    visit(path.join(POLICY_DIR, "index.ts"));
    expect(seen.size).toBeGreaterThan(rules.length);
    expect([...seen].filter((f) => f.endsWith(path.join("gpu-node-pool", "taint.ts")))).toEqual([]);
  });

  it("gives every config property a default and never declares enforcementLevel (the pack server refuses it)", () => {
    for (const r of rules) {
      for (const [key, schema] of Object.entries(r.configSchema?.properties ?? {})) {
        expect(key, r.name).not.toBe("enforcementLevel");
        expect(schema.default, `${r.name}.${key}`).toBeDefined();
      }
    }
  });
});

describe("cases and documentation cover every rule", () => {
  const own = new Set(cases.map((c) => c.rule));

  it("names only rules of the pack in the case tables", () => {
    const names = new Set(rules.map((r) => r.name));
    expect([...own].filter((n) => !names.has(n))).toEqual([]);
    expect(cases.flatMap((c) => c.fires).filter((n) => !names.has(n))).toEqual([]);
  });

  it("has a compliant and a violating case for each rule of the tables", () => {
    for (const name of own) {
      const mine = cases.filter((c) => c.rule === name);
      expect(mine.some((c) => c.fires.length === 0), `${name}: compliant case`).toBe(true);
      expect(mine.some((c) => c.fires.includes(name)), `${name}: violating case`).toBe(true);
    }
  });

  it("lists every rule in the main README's table with its kind, control, enforcement and an existing test that names it", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    // The rule table is the one under "## Policy pack", up to the next heading.
    const section = readme.slice(readme.indexOf("## Policy pack")).split(/\n## /)[0]!;
    const rows = new Map(section.split("\n").filter((l) => l.startsWith("| `")).map((l) => {
      const [name, kind, control, level, test] = l.split("|").slice(1, -1).map((c) => c.trim());
      return [name!.replace(/`/g, ""), { kind, control, level, test: test! }];
    }));
    expect([...rows.keys()].sort()).toEqual(rules.map((r) => r.name).sort());
    for (const r of rules) {
      const row = rows.get(r.name)!;
      expect(row, r.name).toEqual({ kind: (stackRules as readonly unknown[]).includes(r) ? "stack" : "resource", control: r.control, level: r.enforcementLevel, test: row.test });
      const testFile = path.join(REPO_ROOT, row.test);
      expect(fs.existsSync(testFile), `${r.name}: ${row.test}`).toBe(true);
      // Our own rules' cases live in tables next to the test file that runs them.
      if (!own.has(r.name)) expect(fs.readFileSync(testFile, "utf8"), `${r.name} in ${row.test}`).toContain(r.name);
    }
  });
});
