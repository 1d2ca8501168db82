import { readFileSync } from "node:fs";
import { register } from "node:module";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import type { WorkflowTemplate } from "@actions/workflow-parser";
import type { Job } from "@actions/workflow-parser/model/workflow-template";
import type { TemplateToken } from "@actions/workflow-parser/templates/tokens/template-token";
import { stackAccessOf } from "../../.github/actions/prepare-stack/stack-access";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const PREVIEW = ".github/workflows/preview.yml";
const DEPLOY = ".github/workflows/deploy.yml";
const PREPARE = ".github/actions/prepare-stack/action.yml";
/** "22" of package.json's `engines.node` ">=22". */
const ENGINE_MAJOR = /\d+/.exec((JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node)![0];

// @actions/workflow-parser imports its schema JSON without `with { type: "json" }`, which Node refuses
// (actions/languageservices#387, open). This hook adds the attribute for that package's own JSON files only.
const JSON_ATTRIBUTE_HOOK = `export async function load(url, context, next) {
  const own = url.includes("/@actions/workflow-parser/") && url.endsWith(".json");
  return next(url, own ? { ...context, importAttributes: { type: "json" } } : context);
}`;
register(`data:text/javascript,${encodeURIComponent(JSON_ATTRIBUTE_HOOK)}`);
const parser = Promise.all([
  import("@actions/workflow-parser"),
  import("@actions/workflow-parser/actions/index"),
  import("@actions/workflow-parser/templates/tokens/template-token"),
]);

/** A parsed YAML value as plain data; an expression stays as written (`${{ … }}`). */
type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };
type PlainMap = { [key: string]: Plain };

interface Parsed {
  errors: string[];
  /** The validated token tree as plain data. */
  plain: PlainMap;
  tokens: TemplateToken | undefined;
}

function toPlain(p: typeof import("@actions/workflow-parser"), token: TemplateToken): Plain {
  if (p.isMapping(token)) return Object.fromEntries([...token].map(({ key, value }) => [key.toString(), toPlain(p, value)]));
  if (p.isSequence(token)) return [...token].map((item) => toPlain(p, item));
  if (p.isBasicExpression(token)) return token.source ?? token.toString();
  return token.toJSON() as string | number | boolean | null;
}

async function parseFile(kind: "workflow" | "action", name: string, content: string): Promise<Parsed> {
  const [p, actions] = await parser;
  const file = { name, content };
  const result = kind === "workflow" ? p.parseWorkflow(file, new p.NoOperationTraceWriter()) : actions.parseAction(file, new p.NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  return { errors, plain: (result.value ? toPlain(p, result.value) : {}) as PlainMap, tokens: result.value };
}

/** The parser's typed model of a workflow (events, jobs, steps), with the converter's own errors. */
async function workflowModel(name: string, content: string): Promise<WorkflowTemplate> {
  const [p] = await parser;
  const result = p.parseWorkflow({ name, content }, new p.NoOperationTraceWriter());
  return p.convertWorkflowTemplate(result.context, result.value!);
}

const at = (value: Plain | undefined, ...keys: (string | number)[]): Plain | undefined =>
  keys.reduce<Plain | undefined>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string, Plain>)[k] : undefined), value);
const mapAt = (value: Plain | undefined, ...keys: string[]) => (at(value, ...keys) ?? {}) as PlainMap;
const stepsOf = (job: Plain | undefined) => (at(job, "steps") ?? []) as PlainMap[];
const usesOf = (parsed: Parsed): string[] =>
  [...Object.values(mapAt(parsed.plain, "jobs")), mapAt(parsed.plain, "runs")].flatMap((job) => stepsOf(job).map((s) => s.uses).filter((u): u is string => typeof u === "string"));

/** Why an action reference is not pinned: a remote action needs a full commit SHA or an exact vX.Y.Z tag. */
function pinProblem(uses: string): string | undefined {
  if (uses.startsWith("./")) return undefined;
  const ref = uses.split("@")[1];
  if (ref && (/^[0-9a-f]{40}$/.test(ref) || /^v\d+\.\d+\.\d+$/.test(ref))) return undefined;
  return `${uses}: pin a full commit SHA or an exact version tag`;
}

/**
 * What a job instance (one matrix entry, or the job) fails to provide for its stack file: every profile the file
 * names must be written by prepare-stack in the slot of its partition.
 */
function accessProblems(stackFileText: string, prepareWith: PlainMap): string[] {
  const slots = { aws: prepareWith["aws-profile"], "aws-cn": prepareWith["aws-cn-profile"] };
  return stackAccessOf(stackFileText, "stack file").profiles
    .filter((need) => slots[need.partition] !== need.profile)
    .map((need) => `profile ${need.profile} (${need.partition}) is not configured`);
}

/** Each (stack, prepare-stack inputs) a job runs, matrix expressions resolved. */
function stackRuns(job: Plain | undefined): { stack: string; prepare: PlainMap }[] {
  const entries = (at(job, "strategy", "matrix", "include") ?? [{}]) as PlainMap[];
  const prepare = stepsOf(job).find((s) => s.uses === "./.github/actions/prepare-stack")?.with as PlainMap;
  return entries.map((entry) => {
    const resolve = (v: Plain) => (typeof v === "string" ? v.replace(/^\$\{\{ matrix\.([\w-]+) \}\}$/, (_, k: string) => String(entry[k] ?? "")) : v);
    const resolved = Object.fromEntries(Object.entries(prepare).map(([k, v]) => [k, resolve(v)]));
    return { stack: String(resolved.stack), prepare: resolved };
  });
}

/** A copy of `file`'s YAML with `change` applied. */
function edited(file: string, change: (doc: Record<string, any>) => void): string {
  const doc = parse(read(file));
  change(doc);
  return stringify(doc);
}

/** The expressions of a workflow job that read the `secrets` context, from the parser's token tree. */
async function secretsReadBy(content: string, jobId: string): Promise<string[]> {
  const [p, , { TemplateToken }] = await parser;
  const { tokens } = await parseFile("workflow", "workflow.yml", content);
  const child = (token: TemplateToken | undefined, key: string) => (token && p.isMapping(token) ? token.find(key) : undefined);
  const job = child(child(tokens, "jobs"), jobId)!;
  return [...TemplateToken.traverse(job)].map(([, t]) => t).filter(p.isBasicExpression).map((t) => t.expression).filter((e) => /\bsecrets\b/.test(e));
}

const parsedFile = (file: string) => parseFile(file.endsWith("action.yml") ? "action" : "workflow", file, read(file));

describe("GitHub's parser (@actions/workflow-parser)", () => {
  it("accepts both workflows and the composite action, and models the workflows without errors", async () => {
    for (const file of [PREVIEW, DEPLOY, PREPARE]) expect((await parsedFile(file)).errors, file).toEqual([]);
    for (const file of [PREVIEW, DEPLOY]) expect((await workflowModel(file, read(file))).errors, file).toBeUndefined();
  });

  it("reports an unknown key, a malformed expression and a job needing an unknown job", async () => {
    const broken = edited(DEPLOY, (w) => {
      w.jobs.tests["timeout-minute"] = 30;
      w.jobs["deploy-dev"].if = "${{ github.ref == }}";
    });
    const errors = (await parseFile("workflow", "broken.yml", broken)).errors.join("\n");
    expect(errors).toMatch(/Unexpected value 'timeout-minute'/);
    expect(errors).toMatch(/Unexpected end of expression/);
    const badNeeds = edited(DEPLOY, (w) => (w.jobs["deploy-prod"].needs = "deploy-staging"));
    expect((await workflowModel("bad-needs.yml", badNeeds)).errors?.map((e) => e.Message).join("\n")).toMatch(/deploy-staging/);
  });

  it("reports a composite step without a shell", async () => {
    const broken = edited(PREPARE, (a) => delete a.runs.steps.at(-1).shell);
    expect((await parseFile("action", "action.yml", broken)).errors.join("\n")).toMatch(/shell/);
  });
});

describe("preview workflow", () => {
  it("runs on pull requests: offline tests and diff, and a Pulumi preview per stack", async () => {
    const model = await workflowModel(PREVIEW, read(PREVIEW));
    expect(Object.keys(model.events)).toEqual(["pull_request"]);
    expect(model.jobs.map((j) => j.id.value)).toEqual(["offline", "preview"]);
  });

  it("keeps the offline job free of secrets and OIDC, so forks run it", async () => {
    expect(await secretsReadBy(read(PREVIEW), "offline")).toEqual([]);
    const { plain } = await parsedFile(PREVIEW);
    expect(mapAt(plain, "jobs", "offline", "permissions")).toEqual({ contents: "read", "pull-requests": "write" });
    expect(at(plain, "jobs", "offline", "runs-on")).toBe("ubuntu-24.04");
  });

  it("notices a secret read by the offline job", async () => {
    const leaky = edited(PREVIEW, (w) => (w.jobs.offline.env = { TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" }));
    expect(await secretsReadBy(leaky, "offline")).toEqual(["secrets.PULUMI_ACCESS_TOKEN"]);
  });

  it("diffs both stacks against the base branch on full history, and turns exit 3 into a failure unless approved", async () => {
    const steps = stepsOf(at((await parsedFile(PREVIEW)).plain, "jobs", "offline"));
    expect(steps[0]).toMatchObject({ uses: expect.stringMatching(/^actions\/checkout@/), with: { "fetch-depth": "0" } });
    // The Node.js major package.json's `engines` names: the tests run where the package claims to work.
    expect(steps[1]).toMatchObject({ with: { "node-version": ENGINE_MAJOR, cache: "npm" } });
    expect(steps.find((s) => s.name === "Tests")?.run).toBe("CI=true bash .ci/run");
    const diff = steps.find((s) => s.id === "diff")!;
    expect(diff.env).toEqual({ BASE_REF: "origin/${{ github.base_ref }}" });
    expect(diff.run).toMatch(/for stack in dev prod;[\s\S]*npm run --silent diff -- --stack "\$stack" --base "\$BASE_REF" --markdown/);
    const refuse = steps.find((s) => s.name === "Refuse an unapproved stateful change")!;
    expect(refuse.if).toBe("${{ !cancelled() && steps.diff.outputs.stateful != '' }}");
    expect(refuse.run).toMatch(/stateful-change-approved[\s\S]*exit 1/);
  });

  it("posts one sticky comment, skipped for forks whose token cannot write", async () => {
    const steps = stepsOf(at((await parsedFile(PREVIEW)).plain, "jobs", "offline"));
    const comments = steps.filter((s) => String(s.uses).startsWith("marocchino/sticky-pull-request-comment@"));
    expect(comments).toHaveLength(1);
    expect(comments[0]!.if).toMatch(/github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
    expect(comments[0]!.with).toEqual({ header: "offline-plan-diff", path: "diff-comment.md" });
  });

  it("previews each stack with the policy pack, only where the repository's secrets are available", async () => {
    const model = await workflowModel(PREVIEW, read(PREVIEW));
    expect((model.jobs[1] as Job).if.expression).toBe(
      "success() && (github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]')",
    );
    const job = at((await parsedFile(PREVIEW)).plain, "jobs", "preview");
    expect(mapAt(job, "permissions")).toEqual({ contents: "read", "id-token": "write", "pull-requests": "write" });
    expect(stackRuns(job).map((r) => r.stack)).toEqual(["dev", "prod"]);
    const pulumi = stepsOf(job).find((s) => String(s.uses).startsWith("pulumi/actions@"))!;
    expect(pulumi.with).toMatchObject({ command: "preview", "stack-name": "${{ matrix.stack }}", "comment-on-pr": "true", policyPacks: "policy" });
    expect(pulumi.env).toEqual({ PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" });
  });
});

describe("deploy workflow", () => {
  it("runs on pushes to main: tests, dev, then prod behind the production environment", async () => {
    const model = await workflowModel(DEPLOY, read(DEPLOY));
    expect(model.events).toEqual({ push: { branches: ["main"] } });
    expect(model.jobs.map((j) => [j.id.value, (j.needs ?? []).map((n) => n.value)])).toEqual([["tests", []], ["deploy-dev", ["tests"]], ["deploy-prod", ["deploy-dev"]]]);
    const environments = model.jobs.map((j) => (j as Job).environment?.toString());
    expect(environments).toEqual([undefined, "dev", "production"]);
  });

  it("runs one `pulumi up` per stack at a time and never cancels a running one", async () => {
    const { plain } = await parsedFile(DEPLOY);
    for (const stack of ["dev", "prod"]) {
      const job = at(plain, "jobs", `deploy-${stack}`);
      expect(at(job, "concurrency")).toEqual({ group: `pulumi-up-${stack}`, "cancel-in-progress": false });
      expect(stepsOf(job).find((s) => String(s.uses).startsWith("pulumi/actions@"))?.with).toMatchObject({ command: "up", "stack-name": stack, policyPacks: "policy" });
      expect(stackRuns(job).map((r) => r.stack)).toEqual([stack]);
    }
    expect(at(plain, "jobs", "tests", "concurrency")).toBeUndefined();
  });
});

describe("pins and permissions", () => {
  it("pins every remote action to a commit SHA or an exact version", async () => {
    const uses = (await Promise.all([PREVIEW, DEPLOY, PREPARE].map(parsedFile))).flatMap(usesOf);
    expect(uses.length).toBeGreaterThan(8);
    expect(uses.map(pinProblem).filter(Boolean)).toEqual([]);
  });

  it("refuses a branch or a major-version tag", () => {
    expect(["actions/checkout@v7", "pulumi/actions@main", "aws-actions/configure-aws-credentials"].map(pinProblem)).toEqual([
      "actions/checkout@v7: pin a full commit SHA or an exact version tag",
      "pulumi/actions@main: pin a full commit SHA or an exact version tag",
      "aws-actions/configure-aws-credentials: pin a full commit SHA or an exact version tag",
    ]);
  });

  it("grants id-token: write exactly to the jobs that assume roles, and contents: read by default", async () => {
    for (const file of [PREVIEW, DEPLOY]) {
      const { plain } = await parsedFile(file);
      expect(at(plain, "permissions")).toEqual({ contents: "read" });
      for (const [id, job] of Object.entries(mapAt(plain, "jobs"))) {
        const assumesRoles = stepsOf(job).some((s) => s.uses === "./.github/actions/prepare-stack");
        expect(at(job, "permissions", "id-token"), `${file} ${id}`).toBe(assumesRoles ? "write" : undefined);
      }
    }
  });

  it("installs a Pulumi CLI no older than the SDK in the lockfile", async () => {
    const sdk = JSON.parse(read("package-lock.json")).packages["node_modules/@pulumi/pulumi"].version as string;
    const versions = (await Promise.all([PREVIEW, DEPLOY].map(parsedFile))).flatMap((f) => Object.values(mapAt(f.plain, "jobs")))
      .flatMap((job) => stepsOf(job).filter((s) => String(s.uses).startsWith("pulumi/actions@")).map((s) => String(at(s, "with", "pulumi-version"))));
    const notOlder = (v: string) => {
      const [a, b] = [v, sdk].map((x) => x.split(".").map(Number));
      const i = a!.findIndex((n, k) => n !== b![k]);
      return i < 0 || a![i]! > b![i]!;
    };
    for (const v of versions) expect(notOlder(v), `pulumi-version ${v} < SDK ${sdk}`).toBe(true);
    expect(versions).toHaveLength(3);
  });
});

describe("stack files and CI credentials", () => {
  it("configures every profile each stack file names, in its partition's slot", async () => {
    const jobs = [at((await parsedFile(PREVIEW)).plain, "jobs", "preview"), ...["deploy-dev", "deploy-prod"].map(async (id) => at((await parsedFile(DEPLOY)).plain, "jobs", id))];
    const runs = (await Promise.all(jobs)).flatMap(stackRuns);
    expect(runs.map((r) => r.stack)).toEqual(["dev", "prod", "dev", "prod"]);
    for (const run of runs) expect(accessProblems(read(`Pulumi.${run.stack}.yaml`), run.prepare), run.stack).toEqual([]);
  });

  it("reports a profile a stack file names that the workflows do not configure", async () => {
    const edited = parse(read("Pulumi.prod.yaml"));
    edited.config["inference-platform:regions"][1].profile = "inference-prod-eu";
    const prod = stackRuns(at((await parsedFile(DEPLOY)).plain, "jobs", "deploy-prod"))[0]!;
    expect(accessProblems(stringify(edited), prod.prepare)).toEqual(["profile inference-prod-eu (aws) is not configured"]);
  });

  it("logs Helm in to prod's China ECR chart mirror with the China profile, and to nothing for dev", () => {
    expect(stackAccessOf(read("Pulumi.prod.yaml"), "Pulumi.prod.yaml").chartRegistries).toEqual([
      { host: "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn", awsRegion: "cn-north-1", profile: "inference-prod-cn" },
    ]);
    expect(stackAccessOf(read("Pulumi.dev.yaml"), "Pulumi.dev.yaml").chartRegistries).toEqual([]);
  });

  it("refuses a region without a profile and a profile used in both partitions, listing both", () => {
    const edited = parse(read("Pulumi.prod.yaml"));
    delete edited.config["inference-platform:regions"][1].profile;
    edited.config["inference-platform:dns"].profile = "inference-prod-cn";
    expect(() => stackAccessOf(stringify(edited), "Pulumi.prod.yaml")).toThrow(
      "Pulumi.prod.yaml: regions[1] (frankfurt): no profile; CI writes named profiles only (set `profile`); "
      + "dns: profile inference-prod-cn is used in aws-cn and aws; one profile holds one partition's credentials",
    );
  });
});
