import type { UpstreamImage } from "../lib/images";

/** Kafka CLI (kafka-topics.sh, kafka-configs.sh) the Job runs; mirrored in China. */
export const KAFKA_CLI_IMAGE: UpstreamImage = { registry: "docker.io", repository: "apache/kafka", tag: "3.9.1" };

/** Image of the init container fetching the MSK IAM auth library; mirrored in China. */
export const FETCH_IMAGE: UpstreamImage = { registry: "docker.io", repository: "curlimages/curl", tag: "8.11.1" };

/**
 * The aws-msk-iam-auth library (all dependencies bundled) from Maven Central,
 * where a published version can never be replaced (unlike a GitHub release
 * asset), so it may go unchecked; copies hosted anywhere else need a sha256.
 */
export const MSK_IAM_AUTH_JAR_URL = "https://repo1.maven.org/maven2/software/amazon/msk/aws-msk-iam-auth/2.3.4/aws-msk-iam-auth-2.3.4-all.jar";

/** Hosts of Maven Central itself (not mirrors: those can serve anything). */
const MAVEN_CENTRAL_HOSTS = ["repo1.maven.org", "repo.maven.apache.org"];

/** Whether `url` is an https URL on Maven Central itself. */
export function onMavenCentral(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" && MAVEN_CENTRAL_HOSTS.includes(parsed.hostname);
  } catch {
    return false;
  }
}

/** Where the init container leaves the library for the Kafka CLI. */
export const IAM_AUTH_JAR_PATH = "/opt/msk-iam/aws-msk-iam-auth.jar";

/** Init container script: download the library, verify it when a checksum is given. */
export const FETCH_SCRIPT = [
  "set -eu",
  `curl --fail --silent --show-error --location --retry 5 --output ${IAM_AUTH_JAR_PATH} "$JAR_URL"`,
  `if [ -n "$JAR_SHA256" ]; then echo "$JAR_SHA256  ${IAM_AUTH_JAR_PATH}" | sha256sum -c -; fi`,
].join("\n");

/**
 * Topics Job script (bash). Reads TOPIC_SPEC (see topicSpec), creates missing
 * topics, grows partitions, re-applies retention and min.insync.replicas,
 * refuses what Kafka cannot do in place (fewer partitions, another
 * replication factor) and, when PRUNE_UNDECLARED is "true", deletes topics
 * no longer declared (never internal `__*` topics). Idempotent: re-running
 * it changes nothing.
 */
export const TOPICS_SCRIPT = [
  "set -euo pipefail",
  `export CLASSPATH=${IAM_AUTH_JAR_PATH}`,
  "export LOG_DIR=/tmp/kafka-logs",
  // KAFKA_BIN lets tests run the script against stub CLIs.
  "bin=\"${KAFKA_BIN:-/opt/kafka/bin}\"",
  "props=\"${CLIENT_PROPERTIES:-/tmp/client.properties}\"",
  "cat > \"$props\" <<'EOF'",
  "security.protocol=SASL_SSL",
  "sasl.mechanism=AWS_MSK_IAM",
  "sasl.jaas.config=software.amazon.msk.auth.iam.IAMLoginModule required;",
  "sasl.client.callback.handler.class=software.amazon.msk.auth.iam.IAMClientCallbackHandler",
  "EOF",
  "topics() { \"$bin\"/kafka-topics.sh --bootstrap-server \"$BOOTSTRAP_SERVERS\" --command-config \"$props\" \"$@\"; }",
  "configs() { \"$bin\"/kafka-configs.sh --bootstrap-server \"$BOOTSTRAP_SERVERS\" --command-config \"$props\" \"$@\"; }",
  "existing=\"$(topics --list)\"",
  "declared=\" \"",
  "while read -r name partitions replicas retention_ms min_isr; do",
  "  [ -z \"$name\" ] && continue",
  "  declared=\"$declared$name \"",
  "  if grep -qxF \"$name\" <<<\"$existing\"; then",
  "    described=\"$(topics --describe --topic \"$name\")\"",
  "    current=\"$(sed -n 's/.*PartitionCount: *\\([0-9]*\\).*/\\1/p' <<<\"$described\" | head -n1)\"",
  "    current_rf=\"$(sed -n 's/.*ReplicationFactor: *\\([0-9]*\\).*/\\1/p' <<<\"$described\" | head -n1)\"",
  "    if [ \"$current_rf\" != \"$replicas\" ]; then echo \"topic $name has replication factor $current_rf, declared $replicas: reassign partitions by hand\" >&2; exit 1; fi",
  "    if [ \"$current\" -gt \"$partitions\" ]; then echo \"topic $name has $current partitions, declared $partitions: Kafka cannot remove partitions\" >&2; exit 1; fi",
  "    if [ \"$current\" -lt \"$partitions\" ]; then topics --alter --topic \"$name\" --partitions \"$partitions\"; fi",
  "    configs --alter --entity-type topics --entity-name \"$name\" --add-config \"retention.ms=$retention_ms,min.insync.replicas=$min_isr\"",
  "  else",
  "    topics --create --topic \"$name\" --partitions \"$partitions\" --replication-factor \"$replicas\" --config \"retention.ms=$retention_ms\" --config \"min.insync.replicas=$min_isr\"",
  "  fi",
  "done <<<\"$TOPIC_SPEC\"",
  "if [ \"$PRUNE_UNDECLARED\" = \"true\" ]; then",
  "  for t in $existing; do",
  "    case \"$t\" in __*) continue ;; esac",
  "    case \"$declared\" in *\" $t \"*) continue ;; esac",
  "    echo \"deleting undeclared topic $t\"",
  "    topics --delete --topic \"$t\"",
  "  done",
  "fi",
  "echo \"topics in sync:$declared\"",
].join("\n");
