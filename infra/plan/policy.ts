// The plan's policy step: reads a policy config file and words the violations
// the in-process runner (policy/runner.ts) finds, for the text plan and stderr.
import * as fs from "node:fs";
import type { PolicyPackConfig } from "@pulumi/policy";
import { parse as parseYaml } from "yaml";
import type { PolicyViolation } from "../../policy/runner";

/**
 * Reads a policy config file in the shape of `pulumi preview
 * --policy-pack-config` (JSON, or the same as YAML): rule name → enforcement
 * level, or → {enforcementLevel?, ...config}.
 */
export function readPolicyConfig(file: string): PolicyPackConfig {
  const doc: unknown = parseYaml(fs.readFileSync(file, "utf8"));
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new Error(`policy config ${file} must map rule names to an enforcement level or a config object`);
  }
  return doc as PolicyPackConfig;
}

const where = (v: PolicyViolation): string => v.urn ?? "(stack)";

/** Text plan section listing the violations, mandatory first. */
export function formatViolations(violations: readonly PolicyViolation[], ruleCount: number): string {
  const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory");
  const advisory = violations.filter((v) => v.enforcementLevel === "advisory");
  if (violations.length === 0) return `Policy pack inference-platform: ${ruleCount} rules, no violations.\n`;
  const lines = [`Policy pack inference-platform: ${ruleCount} rules, ${mandatory.length} mandatory and ${advisory.length} advisory violation(s)`];
  for (const v of [...mandatory, ...advisory]) {
    lines.push(`  [${v.enforcementLevel}] ${v.policy}`, `    ${where(v)}`, `    ${v.message}`);
  }
  return `${lines.join("\n")}\n`;
}

/** What stderr says when mandatory violations refuse the plan: one line per rule and resource. */
export function refusalMessage(violations: readonly PolicyViolation[]): string {
  const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory");
  return [
    `plan refused: ${mandatory.length} mandatory policy violation(s)`,
    ...mandatory.map((v) => `  ${v.policy}: ${where(v)}: ${v.message}`),
  ].join("\n");
}
