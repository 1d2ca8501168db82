/**
 * The diff as text for a terminal and as a pull-request comment: summary
 * first, protected resources' deletes and replacements as warnings before
 * anything else, the cost delta, then the changes (collapsed in Markdown).
 */
import type { PlanDiff, PropertyChange, ResourceChange } from "./compare";

/** Marker that lets a workflow find and update its own comment. */
export const COMMENT_MARKER = "<!-- inference-platform:plan-diff -->";

const MAX_PROPERTIES = 40;
const show = (v: unknown): string => (v === undefined ? "(absent)" : JSON.stringify(v).slice(0, 160));
const property = (p: PropertyChange): string => `${p.path}: ${show(p.before)} → ${show(p.after)}`;

/** Lines of one change's properties, at most MAX_PROPERTIES, then how many more. */
function propertyLines(c: ResourceChange): string[] {
  const lines = c.properties.slice(0, MAX_PROPERTIES).map(property);
  if (c.properties.length > MAX_PROPERTIES) lines.push(`… ${c.properties.length - MAX_PROPERTIES} more`);
  return lines;
}

const losing = (d: PlanDiff) => d.changes.filter((c) => c.protected && (c.kind === "delete" || c.kind === "replace"));

/** Plain text for a terminal. */
export function diffText(stack: string, base: string, d: PlanDiff, costLines: readonly string[]): string {
  const s = d.summary;
  const lines = [`plan diff for stack ${stack} against ${base}: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete, ${s.same} unchanged`];
  for (const c of losing(d)) lines.push(`  ! ${c.kind.toUpperCase()} of protected ${c.type} ${c.name}${c.reason ? ` (${c.reason})` : ""}`);
  lines.push(...costLines);
  for (const c of d.changes) {
    lines.push(`${c.kind.padEnd(7)} ${c.protected ? "[protected] " : ""}${c.type} ${c.name}${c.movedFrom ? ` (moved from ${c.movedFrom})` : ""}${c.reason ? ` — ${c.reason}` : ""}`);
    if (c.kind === "update" || c.kind === "replace") lines.push(...propertyLines(c).map((l) => `    ${l}`));
  }
  return `${lines.join("\n")}\n`;
}

const cell = (s: string): string => s.replace(/\|/g, "\\|");

/** A pull-request comment body. */
export function diffMarkdown(stack: string, base: string, d: PlanDiff, costLines: readonly string[]): string {
  const s = d.summary;
  const out = [
    COMMENT_MARKER,
    `### Plan diff: \`${stack}\` against \`${base}\``,
    "",
    "| create | update | replace | delete | unchanged |",
    "| ---: | ---: | ---: | ---: | ---: |",
    `| ${s.create} | ${s.update} | ${s.replace} | ${s.delete} | ${s.same} |`,
    "",
  ];
  const lost = losing(d);
  if (lost.length > 0) {
    out.push("> [!CAUTION]", "> This change deletes or replaces protected or stateful resources:");
    for (const c of lost) out.push(`> - **${c.kind}** \`${c.type}\` \`${c.name}\`${c.reason ? `: ${cell(c.reason)}` : ""}`);
    out.push("");
  }
  if (costLines.length > 0) out.push("**Monthly cost**", "", ...costLines.map((l) => `    ${l}`), "");
  if (d.changes.length > 0) {
    out.push(`<details><summary>${d.changes.length} changed resource(s)</summary>`, "", "| kind | type | name | properties |", "| --- | --- | --- | --- |");
    for (const c of d.changes) {
      const props = c.kind === "update" || c.kind === "replace" ? propertyLines(c).map((l) => `\`${cell(l)}\``).join("<br>") : "";
      out.push(`| ${c.kind}${c.protected ? " ⚠" : ""} | \`${c.type}\` | \`${c.name}\` | ${props} |`);
    }
    out.push("", "</details>");
  } else {
    out.push("No resource changes.");
  }
  return `${out.join("\n")}\n`;
}
