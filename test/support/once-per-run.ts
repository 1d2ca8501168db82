// Work that every test file may ask for but that should run once per `vitest run`, across workers:
// the first to ask does it and leaves the result (JSON) in the run folder, the others wait for it.
import * as fs from "node:fs";
import * as path from "node:path";
import { inject } from "vitest";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a waiting worker does when no result came within `waitMs`: do the work itself, or give up. */
type OnNoResult = "produce" | "fail";

/**
 * `produce()`'s result, produced once per run under `<runDir>/<folder>/<key>`. A failure
 * reaches the waiting workers too. A worker that waited `waitMs` in vain either produces it
 * itself (`"produce"`: harmless duplicate work) or fails (`"fail"`: work that must not run twice at once).
 */
export async function oncePerRun<T>(folder: string, key: string, produce: () => Promise<T>, waitMs: number, onNoResult: OnNoResult): Promise<T> {
  const dir = path.join(inject("runDir"), folder);
  fs.mkdirSync(dir, { recursive: true });
  const result = path.join(dir, `${key}.json`);
  const failed = path.join(dir, `${key}.failed`);
  try {
    fs.closeSync(fs.openSync(`${result}.lock`, "wx"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    for (const deadline = Date.now() + waitMs; Date.now() < deadline; await sleep(50)) {
      if (fs.existsSync(result)) return JSON.parse(fs.readFileSync(result, "utf8")) as T;
      if (fs.existsSync(failed)) throw new Error(fs.readFileSync(failed, "utf8"));
    }
    if (onNoResult === "produce") return produce();
    throw new Error(`${folder}/${key}: no result within ${waitMs / 1000} s`);
  }
  try {
    const value = await produce();
    fs.writeFileSync(`${result}.part`, JSON.stringify(value));
    fs.renameSync(`${result}.part`, result);
    return value;
  } catch (e) {
    fs.writeFileSync(failed, String(e));
    throw e;
  }
}
