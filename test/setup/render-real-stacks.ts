// `node --import tsx test/setup/render-real-stacks.ts <dir> <stack>...`: renders
// each unedited stack file with the plan harness, runs the whole pack over it
// with the default config, and writes both to <dir>/<stack>.v8, or the error
// to <dir>/<stack>.error. test/support/render.ts starts it once per run, the
// first time a test file asks for a real stack, and every file reads the
// results. v8 serialization keeps what JSON would drop (fields present but
// undefined); a file appears whole (written aside, then renamed).
import * as fs from "node:fs";
import * as path from "node:path";
import * as v8 from "node:v8";
import { renderStack } from "../../infra/plan/harness";
import { runPolicyPack } from "../../policy/runner";

const [dir, ...stacks] = process.argv.slice(2);

/** Writes `why` as the error of every stack that has no result yet. */
function failRest(why: string): void {
  for (const stack of stacks) {
    const exists = (ext: string) => fs.existsSync(path.join(dir!, `${stack}.${ext}`));
    if (!exists("v8") && !exists("error")) fs.writeFileSync(path.join(dir!, `${stack}.error`), why);
  }
}

async function main(): Promise<void> {
  if (!dir || stacks.length === 0) throw new Error("usage: render-real-stacks.ts <dir> <stack>...");
  for (const stack of stacks) {
    const file = path.join(dir, `${stack}.v8`);
    try {
      const rendered = await renderStack({ stack });
      fs.writeFileSync(`${file}.part`, v8.serialize({ rendered, violations: await runPolicyPack(rendered) }));
      fs.renameSync(`${file}.part`, file);
    } catch (e) {
      fs.writeFileSync(path.join(dir, `${stack}.error`), e instanceof Error ? e.message : String(e));
      // A failed program leaves Pulumi's runtime unusable for another render in this process.
      failRest(`not rendered: the render of the ${stack} stack failed first, in the same process`);
      return;
    }
  }
}

// render.done tells the global teardown that nothing writes to <dir> any more.
const done = (code: number) => {
  if (dir) fs.writeFileSync(path.join(dir, "render.done"), "");
  process.exit(code);
};
// A failed render can also surface as a rejection nobody awaits.
process.on("unhandledRejection", (e) => {
  failRest(`not rendered: ${e instanceof Error ? e.message : String(e)}`);
  done(1);
});
main().then(() => done(0), (e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  failRest(`not rendered: ${String(e)}`);
  done(1);
});
