// The data plane of both real stacks, rendered under mocks, per region as a whole: one cache and one cluster, protection, what it publishes and exports.
import { describe, expect, it } from "vitest";
import type { RenderedResource, RenderedStack } from "../../infra/plan/harness";
import { bothRealStacks, providerRegion } from "../support/render";
import { EXPECTED, named } from "./data-plane-shared";

const stacks: Record<string, RenderedStack> = bothRealStacks();

function inRegion(r: RenderedStack, type: string, awsRegion: string): RenderedResource[] {
  return r.resources.filter((x) => x.type === type && providerRegion(r, x) === awsRegion);
}

describe.each(["prod", "dev"] as const)("data plane of stack %s", (stack) => {
  const get = () => stacks[stack]!;
  const prod = stack === "prod";

  describe.each(EXPECTED[stack].regions)("region $name", (region) => {
    const n = region.name;

    it("has exactly one replication group and one MSK cluster", () => {
      expect(inRegion(get(), "aws:elasticache/replicationGroup:ReplicationGroup", region.awsRegion).map((x) => x.name)).toEqual([`${n}-redis`]);
      expect(inRegion(get(), "aws:msk/cluster:Cluster", region.awsRegion).map((x) => x.name)).toEqual([`${n}-kafka`]);
    });

    it("publishes endpoints, topics and the 30 s TTL in ConfigMaps and the token in a Secret of the app namespace", () => {
      expect(named(get(), "kubernetes:core/v1:ConfigMap", `${n}-redis-connection`).inputs).toMatchObject({
        metadata: { name: "redis-connection", namespace: "inference" },
        data: {
          REDIS_PRIMARY_HOST: expect.stringMatching(new RegExp(`^master\\.${region.redisId}\\.`)), REDIS_READER_HOST: expect.stringMatching(new RegExp(`^replica\\.${region.redisId}\\.`)),
          REDIS_PORT: "6379", REDIS_TLS: "true", RESPONSE_CACHE_TTL_SECONDS: "30",
        },
      });
      expect(named(get(), "kubernetes:core/v1:Secret", `${n}-redis-auth`).inputs).toMatchObject({ metadata: { name: "redis-auth", namespace: "inference" }, stringData: "[secret]" });
      expect(named(get(), "kubernetes:core/v1:ConfigMap", `${n}-kafka-connection`).inputs).toMatchObject({
        metadata: { name: "kafka-connection", namespace: "inference" },
        data: {
          KAFKA_SECURITY_PROTOCOL: "SASL_SSL", KAFKA_SASL_MECHANISM: "AWS_MSK_IAM", KAFKA_TOPIC_REQUESTS: "inference-requests",
          KAFKA_TOPIC_RESULTS: "inference-results", KAFKA_TOPIC_DEAD_LETTER: "inference-dead-letter",
          KAFKA_CLIENT_SERVICE_ACCOUNT: "inference-kafka-client", KAFKA_CONSUMER_GROUP_PREFIX: "inference-",
        },
      });
    });

    it(`${prod ? "protects and retains" : "neither protects nor retains"} the replication group, the MSK cluster and their KMS keys`, () => {
      for (const [type, name] of [
        ["aws:elasticache/replicationGroup:ReplicationGroup", `${n}-redis`],
        ["aws:msk/cluster:Cluster", `${n}-kafka`],
        ["aws:kms/key:Key", `${n}-redis-data`],
        ["aws:kms/key:Key", `${n}-kafka-data`],
      ] as const) {
        const res = named(get(), type, name);
        expect([res.options.protect, res.options.retainOnDelete], name).toEqual([prod, prod]);
      }
      // Only the stateful ones: the rest stays replaceable.
      expect(named(get(), "aws:ec2/securityGroup:SecurityGroup", `${n}-redis`).options.protect).toBe(false);
      expect(named(get(), "kubernetes:batch/v1:Job", `${n}-kafka-topics`).options.protect).toBe(false);
    });

    it("exports endpoints, brokers and topics, the token only as a secret", () => {
      const out = (get().outputs.regions as Record<string, any>)[n];
      expect(out.redis).toMatchObject({
        primaryEndpoint: expect.stringMatching(new RegExp(`^master\\.${region.redisId}\\..*\\.${region.dns.replace(/\./g, "\\.")}$`)),
        readerEndpoint: expect.stringMatching(new RegExp(`^replica\\.${region.redisId}\\.`)),
        port: 6379, nodes: region.nodes, authToken: "[secret]",
      });
      expect(out.kafka.bootstrapBrokersIam.split(",")).toHaveLength(region.brokers);
      expect(out.kafka.topics.map((t: { name: string }) => t.name)).toEqual(["inference-requests", "inference-results", "inference-dead-letter"]);
      expect(out.kafka.clusterArn).toMatch(new RegExp(`^arn:${region.partition}:kafka:`));
      expect(out.kafka).toMatchObject({
        clientServiceAccount: "inference-kafka-client", consumerGroupPrefix: "inference-", clientRoleArn: `arn:${region.partition}:iam::123456789012:role/${n}-kafka-client`,
      });
    });
  });
});
