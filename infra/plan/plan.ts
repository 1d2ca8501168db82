/**
 * `npm run plan -- --stack <dev|prod> [--json] [--stack-file PATH]`
 *
 * Renders the real stack program offline under Pulumi's mock runtime (no
 * credentials, no CLI) and prints what `pulumi up` would register. It is a
 * plan, not a deployment: ids and ARNs shown are placeholders.
 */
import { renderStack, type RenderedStack } from "./harness";

// Pulumi captures a stack trace per resource; mapping each through source maps
// costs about a third of a second per plan and the plan never prints them.
process.setSourceMapsEnabled(false);
import { formatPlan } from "./format";

interface PlanArgs {
  stack: string;
  json: boolean;
  stackFile?: string;
}

function parseArgs(argv: string[]): PlanArgs {
  const args: Partial<PlanArgs> = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") args.json = true;
    else if (a === "--stack" || a === "-s") args.stack = argv[++i];
    else if (a === "--stack-file") args.stackFile = argv[++i];
    else if (a?.startsWith("--stack=")) args.stack = a.slice("--stack=".length);
    else throw new Error(`unknown argument ${a}; usage: npm run plan -- --stack <dev|prod> [--json] [--stack-file PATH]`);
  }
  if (!args.stack) throw new Error("missing --stack; usage: npm run plan -- --stack <dev|prod> [--json] [--stack-file PATH]");
  return args as PlanArgs;
}

function toJson(r: RenderedStack): string {
  return JSON.stringify({
    project: r.project,
    stack: r.stack,
    resources: r.resources.map((x) => ({
      urn: x.urn, type: x.type, name: x.name, custom: x.custom, parent: x.parent ?? null, provider: x.provider ?? null,
      inputs: x.inputs, options: x.options,
    })),
    outputs: r.outputs,
  }, null, 2);
}

async function main(): Promise<number> {
  let args: PlanArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  try {
    const rendered = await renderStack({ stack: args.stack, stackFile: args.stackFile });
    process.stdout.write(args.json ? `${toJson(rendered)}\n` : formatPlan(rendered));
    return 0;
  } catch (e) {
    process.stderr.write(`plan failed for stack ${args.stack}:\n${(e as Error).message}\n`);
    return 1;
  }
}

// Exit only once stdout has drained: a piped 1 MB JSON plan is cut short otherwise.
const exitAfterFlush = (code: number) => process.stdout.write("", () => process.exit(code));
main().then(exitAfterFlush, (e) => {
  process.stderr.write(`${String(e)}\n`);
  exitAfterFlush(1);
});
