/**
 * `npm run bench`: wall time of the offline plan, as figures (no pass/fail).
 *
 * - prod: the plan of the prod stack in a fresh process, the command `npm run plan` runs
 *   (npm's own start-up, about 0.5 s here, is not counted).
 * - 8 regions: the prod stack file with its regions cloned to eight regions.
 * Targets: prod ≤ 3 s; 8 regions ≤ 3 × prod.
 * - deploy critical path: from each stack's plan JSON (options.dependencies) and the
 *   create-time table (create-durations.ts); target ≤ 1.10 × the slowest single resource.
 * - test suite: one run of `vitest run`, what `npm test` runs; target ≤ 60 s on two cores.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import type { RenderedStack } from "../../policy/plan";
import { criticalPath, formatCriticalPath } from "./critical-path";

const ROOT = path.resolve(__dirname, "..", "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const KEY = "inference-platform:regions";

/** Global-partition regions the clones go to, with VPC CIDRs that do not overlap. */
const CLONES: Array<{ name: string; awsRegion: string; partition: "aws" | "aws-cn"; vpcCidr: string }> = [
  { name: "ningxia", awsRegion: "cn-northwest-1", partition: "aws-cn", vpcCidr: "10.30.0.0/16" },
  { name: "ireland", awsRegion: "eu-west-1", partition: "aws", vpcCidr: "10.31.0.0/16" },
  { name: "virginia", awsRegion: "us-east-1", partition: "aws", vpcCidr: "10.32.0.0/16" },
  { name: "oregon", awsRegion: "us-west-2", partition: "aws", vpcCidr: "10.33.0.0/16" },
  { name: "tokyo", awsRegion: "ap-northeast-1", partition: "aws", vpcCidr: "10.34.0.0/16" },
  { name: "singapore", awsRegion: "ap-southeast-1", partition: "aws", vpcCidr: "10.35.0.0/16" },
];

function eightRegionStackFile(): string {
  const doc = parse(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8"));
  const regions = doc.config[KEY] as Array<Record<string, unknown>>;
  const china = regions.find((r) => r.partition === "aws-cn")!;
  const global = regions.find((r) => r.partition === "aws")!;
  for (const clone of CLONES) {
    const source = clone.partition === "aws-cn" ? china : global;
    // Mirrors, certificates and artifact URLs are per region: point the copy at its own.
    const template = JSON.parse(JSON.stringify(source).replaceAll(String(source.awsRegion), clone.awsRegion)) as Record<string, unknown>;
    // g5 is offered in every region of the table; the template's family may not be.
    for (const pool of template.gpuPools as Array<Record<string, unknown>>) pool.instanceTypes = ["g5.12xlarge"];
    regions.push({ ...template, ...clone });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
  const file = path.join(dir, "Pulumi.prod.yaml");
  fs.writeFileSync(file, stringify(doc));
  return file;
}

function timePlan(args: string[]): number[] {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ["--import", "tsx", "infra/plan/plan.ts", ...args], { cwd: ROOT, encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`plan ${args.join(" ")} failed:\n${r.stderr}`);
    times.push(ms);
  }
  return times;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const prod = timePlan(["--stack", "prod"]);
const eightFile = eightRegionStackFile();
let eight: number[];
try {
  eight = timePlan(["--stack", "prod", "--stack-file", eightFile]);
} finally {
  fs.rmSync(path.dirname(eightFile), { recursive: true, force: true });
}
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`runs per figure: ${RUNS} (a fresh "node --import tsx infra/plan/plan.ts" process each, what npm run plan runs; npm's own start-up not counted)`);
console.log(`prod plan (2 regions):  median ${fmt(median(prod))}  [${prod.map(fmt).join(", ")}]  target ≤ 3.00 s`);
console.log(`synthetic 8 regions:    median ${fmt(median(eight))}  [${eight.map(fmt).join(", ")}]  target ≤ ${fmt(3 * median(prod))} (3 × prod)`);
console.log(`ratio 8-region / prod:  ${(median(eight) / median(prod)).toFixed(2)}×`);

// Deploy critical path, measured on the plan JSON that `npm run plan -- --json` prints.
for (const stack of ["prod", "dev"]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "infra/plan/plan.ts", "--stack", stack, "--json"], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`plan --stack ${stack} --json failed:\n${r.stderr}`);
  console.log(`\n${formatCriticalPath(stack, criticalPath(JSON.parse(r.stdout) as RenderedStack), 1.1).join("\n")}`);
}

// The test suite once, as `npm test` runs it (npm's start-up not counted), with
// the dot reporter so that the run leaves the JSON report .ci/run reads alone.
{
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "vitest", "vitest.mjs"), "run", "--reporter=dot"], {
    cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const tests = /^\s*Tests\s+(.+)$/m.exec(r.stdout)?.[1]?.trim() ?? "no summary";
  console.log(`\ntest suite (npm test):  ${fmt(ms)}  ${r.status === 0 ? "passed" : "FAILED"}: ${tests}  target ≤ 60.00 s`);
}
