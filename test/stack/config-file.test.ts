// What the stack file's check says about the file itself, read as the offline plan reads it: the file it
// names, YAML syntax errors, values YAML typed (.nan, unquoted versions) and keys of other namespaces. Pure:
// files are written to a temporary folder and read in-process.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readingStackFile, stackFileName } from "../../infra/config";
import { parseStackConfig, rawConfigFromPulumi } from "../../infra/config/load";
import { stackConfigMap } from "../../infra/plan/harness";
import { refusalOf } from "../support/config";
import { REPO_ROOT } from "../support/render";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-file-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const prodText = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.prod.yaml"), "utf8");

/** A copy of Pulumi.prod.yaml with `edit` applied to its text, at a path of its own. */
function prodCopy(name: string, edit: (text: string) => string): string {
  const file = path.join(dir, name);
  const text = edit(prodText);
  expect(text).not.toBe(prodText);
  fs.writeFileSync(file, text);
  return file;
}
/** Reads `file` as the plan does and checks it under the name the plan gives it. */
function checkFile(file: string) {
  const { file: shownAs, config } = stackConfigMap(REPO_ROOT, "prod", file);
  return parseStackConfig(rawConfigFromPulumi(config), shownAs);
}

describe("the stack file a refusal names", () => {
  it("is the --stack-file copy actually read, not Pulumi.<stack>.yaml", () => {
    const file = prodCopy("edited.yaml", (t) => t.replace("systemMaxNodes: 9", "systemMaxNodes: 1e9"));
    expect(stackConfigMap(REPO_ROOT, "prod", file).file).toBe(file);
    expect(stackConfigMap(REPO_ROOT, "prod").file).toBe("Pulumi.prod.yaml");
    const message = refusalOf(() => checkFile(file));
    expect(message.split("\n")).toEqual([
      `${file}: 1 invalid configuration value(s):`,
      `  - ${file} inference-platform:regions[0].cluster.systemMaxNodes (got 1000000000): at most 450 (EKS's default quota of nodes per managed node group; raise the quota and this bound together)`,
    ]);
  });

  it("is what the program's refusals name while the plan renders a copy", () => {
    readingStackFile("/tmp/copy/Pulumi.prod.yaml");
    expect(stackFileName()).toBe("/tmp/copy/Pulumi.prod.yaml");
    readingStackFile(undefined);
    expect(stackFileName()).toMatch(/^Pulumi\..*\.yaml$/);
  });

  it("and its line, for a YAML syntax error, in one line without a stack trace", () => {
    const file = prodCopy("syntax.yaml", (t) => t.replace("inference-platform:owner: platform-team", "inference-platform:owner: [platform-team"));
    expect(() => stackConfigMap(REPO_ROOT, "prod", file)).toThrow(new Error(
      `${file}:5:3: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ));
    const duplicate = prodCopy("duplicate.yaml", (t) => t.replace("  inference-platform:environment: prod", "  inference-platform:environment: prod\n  inference-platform:environment: dev"));
    expect(() => stackConfigMap(REPO_ROOT, "prod", duplicate)).toThrow(`${duplicate}:6:3: YAML syntax error: Map keys must be unique`);
  });
});

describe("values as YAML typed them", () => {
  it("shows .nan and .inf as written, nested or top-level", () => {
    const file = prodCopy("nan.yaml", (t) => t.replace("peakQps: 300", "peakQps: .nan").replace("planningHorizonMonths: 6", "planningHorizonMonths: .inf"));
    const message = refusalOf(() => checkFile(file));
    expect(message).toContain(`${file} inference-platform:regions[1].traffic.peakQps (got .nan): not a finite number: write a number (YAML's .nan and .inf are none)`);
    expect(message).toContain(`${file} inference-platform:planningHorizonMonths (got .inf): not a finite number: write a number (YAML's .nan and .inf are none)`);
    expect(message).not.toContain("null");
  });

  it("says a number where text belongs is a number, and to quote versions", () => {
    const file = prodCopy("numbers.yaml", (t) => t
      .replace("inference-platform:owner: platform-team", "inference-platform:owner: platform-team\n  inference-platform:kubernetesVersion: 1.30")
      .replace("nodeType: cache.r6g.large\n        replicas: 2\n        logRetentionDays: 90\n      kafka:\n        brokerInstanceType: kafka.m5.large\n        brokerCount: 3", "nodeType: cache.r6g.large\n        engineVersion: 7.10\n        replicas: 2\n        logRetentionDays: 90\n      kafka:\n        brokerInstanceType: kafka.m5.large\n        brokerCount: 3"));
    const message = refusalOf(() => checkFile(file));
    // Pulumi hands a top-level number over as its JSON: 1.30 arrives as "1.3".
    expect(message).toMatch(new RegExp(`${file} inference-platform:kubernetesVersion \\(got "1\\.3"\\): .*; written as a number\\? quote versions: unquoted, YAML reads 1\\.30 as the number 1\\.3`));
    expect(message).toContain(`${file} inference-platform:regions[1].redis.engineVersion (got 7.1): a number where text belongs: quote versions: unquoted, YAML reads 1.30 as the number 1.3 (e.g. "7.1")`);
  });

  it("accepts the same values quoted", () => {
    const file = prodCopy("quoted.yaml", (t) => t.replace("inference-platform:owner: platform-team", `inference-platform:owner: platform-team\n  inference-platform:kubernetesVersion: "${checkFile(path.join(REPO_ROOT, "Pulumi.prod.yaml")).kubernetesVersion}"`));
    expect(() => checkFile(file)).not.toThrow();
  });
});

describe("keys of other namespaces", () => {
  const webhook = (t: string) => t.replace("        storageGiB: 200\n        prometheusReplicas: 2\n        alertmanagerReplicas: 3\n      # TLS ends at the NLB with this certificate (ACM", "        storageGiB: 200\n        prometheusReplicas: 2\n        alertmanagerReplicas: 3\n        alerting:\n          webhookUrlSecret: alerting:chinaWebhookUrl\n      # TLS ends at the NLB with this certificate (ACM");
  const secret = "\n  alerting:chinaWebhookUrl:\n    secure: AAABAKLq0Fake0Cipher0Text\n";

  it("refuses a misspelt project namespace, naming the key it meant, never showing a value", () => {
    const file = prodCopy("namespace.yaml", (t) => t.replace("inference-platform:planningHorizonMonths: 6", "inference-platfrom:planningHorizonMonths: 6"));
    expect(refusalOf(() => checkFile(file)).split("\n").slice(1)).toEqual([
      `  - ${file} inference-platfrom:planningHorizonMonths (value not shown: keys outside the project may hold secrets): unknown namespace "inference-platfrom" (misspelt?): this program reads inference-platform:planningHorizonMonths`,
    ]);
  });

  it("refuses a key of a namespace the program does not read (no aws: provider config)", () => {
    const file = prodCopy("aws.yaml", (t) => `${t}\n  aws:region: eu-central-1\n`);
    expect(refusalOf(() => checkFile(file))).toContain(`${file} aws:region (value not shown: keys outside the project may hold secrets): not read by this program: it reads inference-platform:… keys and the alerting webhook secrets the regions name (monitoring.alerting.webhookUrlSecret); remove it or name it there`);
    const unnamed = prodCopy("unnamed-secret.yaml", (t) => `${t}${secret}`);
    expect(refusalOf(() => checkFile(unnamed))).toContain(`${unnamed} alerting:chinaWebhookUrl (value not shown`);
  });

  it("accepts an alerting webhook secret a region names", () => {
    const file = prodCopy("webhook.yaml", (t) => `${webhook(t)}${secret}`);
    expect(checkFile(file).regions[0]!.monitoring.alerting.webhookUrlSecret).toBe("alerting:chinaWebhookUrl");
  });
});
