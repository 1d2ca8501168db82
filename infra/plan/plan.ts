/**
 * `npm run plan -- --stack <dev|prod> [--json | --mermaid] [--stack-file PATH] [--policy-config FILE]`
 *
 * Renders the real stack program offline under Pulumi's mock runtime (no
 * credentials, no CLI) and prints what `pulumi up` would register. It is a
 * plan, not a deployment: ids and ARNs shown are placeholders. The policy pack
 * (policy/) then runs over the plan; a mandatory violation exits non-zero.
 * The text and JSON carry each region's monthly cost (cost/); `--mermaid`
 * prints the architecture as a Mermaid flowchart instead (mermaid.ts).
 */
import * as path from "node:path";
import type { PlanFormat } from "./output";
import { stackFilePath } from "./stack-file";

// Pulumi captures a stack trace per resource; mapping each through source maps
// costs about a third of a second per plan and the plan never prints them.
// PLAN_DEBUG=1 keeps both for debugging the program itself.
if (!process.env.PLAN_DEBUG) {
  process.setSourceMapsEnabled(false);
  // The same capture is then cheap: the plan reports messages, not stack traces.
  Error.stackTraceLimit = 0;
}

interface PlanArgs {
  stack: string;
  format: PlanFormat;
  stackFile?: string;
  /** Policy pack config file (rule → level or config), as `--policy-pack-config` takes it. */
  policyConfig?: string;
}

const USAGE = "usage: npm run plan -- --stack <dev|prod> [--json | --mermaid] [--stack-file PATH] [--policy-config FILE]";

function parseArgs(argv: string[]): PlanArgs {
  const args: Partial<PlanArgs> = { format: "text" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json" || a === "--mermaid") {
      if (args.format !== "text") throw new Error(`--json and --mermaid exclude each other; ${USAGE}`);
      args.format = a === "--json" ? "json" : "mermaid";
    }
    else if (a === "--stack" || a === "-s") args.stack = argv[++i];
    else if (a === "--stack-file") args.stackFile = argv[++i];
    else if (a === "--policy-config") args.policyConfig = argv[++i];
    else if (a?.startsWith("--stack=")) args.stack = a.slice("--stack=".length);
    else throw new Error(`unknown argument ${a}; ${USAGE}`);
  }
  if (!args.stack) throw new Error(`missing --stack; ${USAGE}`);
  return args as PlanArgs;
}

async function main(): Promise<number> {
  let args: PlanArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  // An unknown stack is refused before the heavy imports below.
  try {
    stackFilePath(path.resolve(__dirname, "..", ".."), args.stack, args.stackFile);
  } catch (e) {
    process.stderr.write(`plan failed for stack ${args.stack}:\n${(e as Error).message}\n`);
    return 1;
  }
  // Loaded here, not at the top: static imports would run before the source maps are turned off above.
  const [{ renderStack }, { readPolicyConfig, refusalMessage }, { hasMandatory, runPolicyPack }, { planOutput }] = await Promise.all([
    import("./harness"), import("./policy"), import("../../policy/runner"), import("./output"),
  ]);
  try {
    const rendered = await renderStack({ stack: args.stack, stackFile: args.stackFile });
    const config = args.policyConfig ? readPolicyConfig(args.policyConfig) : {};
    const violations = await runPolicyPack(rendered, { config });
    process.stdout.write(planOutput(args.format, rendered, violations));
    if (!hasMandatory(violations)) return 0;
    process.stderr.write(`${refusalMessage(violations)}\n`);
    return 1;
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
