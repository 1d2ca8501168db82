/**
 * `npm run diff -- --stack <s> --base <git-ref | plan.json> [--stack-file F] [--json] [--markdown]`
 *
 * Renders the base and the head offline and prints what changes between
 * them, resource by resource (diff/compare.ts), with the monthly cost delta.
 * Exits 3 when a protected or stateful resource would be deleted or replaced,
 * 2 on bad arguments or a plan that cannot be rendered, 0 otherwise.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlanDiff } from "./compare";
import { diffMarkdown, diffText } from "./markdown";
import { renderAtRef, type PlanDocument } from "./base";
import { diffReport } from "./report";

const USAGE = "usage: npm run diff -- --stack <dev|prod> --base <git-ref | plan.json> [--stack-file PATH] [--json] [--markdown]";
const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

interface DiffArgs { stack: string; base: string; stackFile?: string; format: "text" | "json" | "markdown" }

function parseArgs(argv: string[]): DiffArgs {
  const a: Partial<DiffArgs> = { format: "text" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--stack" || arg === "-s") a.stack = argv[++i];
    else if (arg === "--base") a.base = argv[++i];
    else if (arg === "--stack-file") a.stackFile = argv[++i];
    else if (arg === "--json") a.format = "json";
    else if (arg === "--markdown") a.format = "markdown";
    else throw new Error(`unknown argument ${arg}; ${USAGE}`);
  }
  if (!a.stack || !a.base) throw new Error(`--stack and --base are required; ${USAGE}`);
  return a as DiffArgs;
}

/** The JSON document: the shape. */
function diffJson(d: PlanDiff, cost: unknown): string {
  return JSON.stringify({ summary: d.summary, changes: d.changes, cost }, null, 2);
}

/**
 * The head, rendered in this process (a process less than the base's): what
 * `npm run plan -- --json` lists, without its policy run.
 */
async function renderHere(stack: string, stackFile?: string): Promise<PlanDocument> {
  // As in plan.ts: nothing reads Pulumi's per-resource stack traces here, and mapping them costs a third of a second.
  process.setSourceMapsEnabled(false);
  Error.stackTraceLimit = 0;
  const { renderStack } = await import("../harness");
  return renderStack({ stack, stackFile }) as Promise<PlanDocument>;
}

async function main(): Promise<number> {
  let args: DiffArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let base: PlanDocument;
  let head: PlanDocument;
  try {
    const isFile = args.base.endsWith(".json") && fs.existsSync(args.base);
    // Both settle before anything returns: the base's worktree is removed in its own finally, which an early exit would skip.
    const [b, h] = await Promise.allSettled([
      isFile ? Promise.resolve(JSON.parse(fs.readFileSync(args.base, "utf8")) as PlanDocument) : renderAtRef(REPO_ROOT, args.base, args.stack, log),
      renderHere(args.stack, args.stackFile),
    ]);
    if (b.status === "rejected") throw b.reason;
    if (h.status === "rejected") throw h.reason;
    [base, head] = [b.value, h.value];
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const report = diffReport(base, head);
  const out = args.format === "json" ? `${diffJson(report.diff, report.cost)}\n`
    : args.format === "markdown" ? diffMarkdown(args.stack, args.base, report.diff, report.costLines)
      : diffText(args.stack, args.base, report.diff, report.costLines);
  process.stdout.write(out);
  return report.exitCode;
}

// Exit only once stdout has drained: a piped JSON diff is cut short otherwise.
const exitAfterFlush = (code: number) => process.stdout.write("", () => process.exit(code));
main().then(exitAfterFlush, (e) => {
  process.stderr.write(`${String(e)}\n`);
  exitAfterFlush(2);
});
