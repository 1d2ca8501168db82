// The topics Job's script and where it fetches the MSK IAM library from.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { onMavenCentral, TOPICS_SCRIPT } from "../../components/kafka/topics-script";

describe("where the MSK IAM library comes from", () => {
  it("treats only https URLs on Maven Central itself as immutable", () => {
    expect(onMavenCentral("https://repo1.maven.org/maven2/software/amazon/msk/aws-msk-iam-auth/2.3.4/aws-msk-iam-auth-2.3.4-all.jar")).toBe(true);
    expect(onMavenCentral("https://repo.maven.apache.org/maven2/software/amazon/msk/aws-msk-iam-auth/2.3.4/aws-msk-iam-auth-2.3.4-all.jar")).toBe(true);
  });

  it("does not trust GitHub, S3 copies, look-alike hosts or plain http", () => {
    for (const url of [
      "https://github.com/aws/aws-msk-iam-auth/releases/download/v2.3.4/aws-msk-iam-auth-2.3.4-all.jar",
      "https://inference-artifacts-111122223333.s3.cn-north-1.amazonaws.com.cn/aws-msk-iam-auth/aws-msk-iam-auth-2.3.4-all.jar",
      "https://repo1.maven.org.example.com/maven2/x.jar",
      "http://repo1.maven.org/maven2/x.jar",
      "not a url",
    ]) expect(onMavenCentral(url), url).toBe(false);
  });
});

/** Runs the Job script against stub Kafka CLIs over a topic table (`name partitions replicas` lines). */
function runScript(state: string, spec: string, prune: boolean): { calls: string[]; status: number; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "topics-"));
  const calls = path.join(dir, "calls");
  fs.writeFileSync(path.join(dir, "state"), state);
  fs.writeFileSync(path.join(dir, "kafka-topics.sh"), [
    "#!/bin/bash",
    'echo "topics $*" >> "$CALLS"',
    'topic=""; prev=""; for a in "$@"; do [ "$prev" = "--topic" ] && topic="$a"; prev="$a"; done',
    'case " $* " in',
    '  *" --list "*) cut -d" " -f1 "$STATE" ;;',
    '  *" --describe "*) awk -v t="$topic" \'$1==t {printf "Topic: %s\\tTopicId: x\\tPartitionCount: %s\\tReplicationFactor: %s\\tConfigs:\\n", $1, $2, $3}\' "$STATE" ;;',
    "esac",
  ].join("\n"), { mode: 0o755 });
  fs.writeFileSync(path.join(dir, "kafka-configs.sh"), '#!/bin/bash\necho "configs $*" >> "$CALLS"\n', { mode: 0o755 });
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin", KAFKA_BIN: dir, CLIENT_PROPERTIES: path.join(dir, "client.properties"),
    CALLS: calls, STATE: path.join(dir, "state"), BOOTSTRAP_SERVERS: "b-1:9098", TOPIC_SPEC: spec, PRUNE_UNDECLARED: String(prune),
  };
  let status = 0;
  let stderr = "";
  try {
    execFileSync("bash", ["-c", TOPICS_SCRIPT], { env, stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    status = (e as { status: number }).status;
    stderr = String((e as { stderr: Buffer }).stderr);
  }
  const strip = (line: string) => line.replace(" --bootstrap-server b-1:9098", "").replace(` --command-config ${env.CLIENT_PROPERTIES}`, "");
  return { calls: fs.existsSync(calls) ? fs.readFileSync(calls, "utf8").trim().split("\n").map(strip) : [], status, stderr };
}

describe("topics Job script", () => {
  const spec = "requests 12 3 259200000 2\nresults 6 3 86400000 2";

  it("creates missing topics, grows partitions and re-applies retention", () => {
    const run = runScript("results 3 3\nold 1 3\n", spec, false);
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      "topics --list",
      "topics --create --topic requests --partitions 12 --replication-factor 3 --config retention.ms=259200000 --config min.insync.replicas=2",
      "topics --describe --topic results",
      "topics --alter --topic results --partitions 6",
      "configs --alter --entity-type topics --entity-name results --add-config retention.ms=86400000,min.insync.replicas=2",
    ]);
  });

  it("deletes undeclared topics only when pruning, never internal ones", () => {
    const run = runScript("requests 12 3\nresults 6 3\nold 1 3\n__consumer_offsets 50 3\n", spec, true);
    expect(run.status).toBe(0);
    expect(run.calls.filter((c) => c.includes("--delete"))).toEqual(["topics --delete --topic old"]);
    expect(run.calls.filter((c) => c.includes("--create") || c.includes("--partitions"))).toEqual([]);
  });

  it("fails rather than shrink partitions or change the replication factor", () => {
    const fewer = runScript("requests 24 3\n", "requests 12 3 259200000 2", false);
    expect(fewer.status).not.toBe(0);
    expect(fewer.stderr).toContain("topic requests has 24 partitions, declared 12: Kafka cannot remove partitions");
    const rf = runScript("requests 12 2\n", "requests 12 3 259200000 2", false);
    expect(rf.status).not.toBe(0);
    expect(rf.stderr).toContain("topic requests has replication factor 2, declared 3");
  });
});
