// The stack file's input rules of issue #11, both ways: each bad input is refused with one message naming the
// file, the key, the value as written and what is allowed; the good value next to it is accepted. Pure.
import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../../infra/config/load";
import { MAX_PEAK_QPS } from "../../components/region";
import { realRaw, refusalOf, type RawConfig } from "../support/config";

const FILE = "Pulumi.prod.yaml";
const edited = (edit: (c: RawConfig) => void, stack: "prod" | "dev" = "prod"): RawConfig => {
  const raw = realRaw(stack);
  edit(raw);
  return raw;
};

interface Rule {
  what: string;
  bad: (c: RawConfig) => void;
  /** The whole line of the refusal, after `<file> `. */
  refusal: string;
  good: (c: RawConfig) => void;
  stack?: "prod" | "dev";
}

const china = (c: RawConfig) => c.regions[0];
const frankfurt = (c: RawConfig) => c.regions[1];
const K = "inference-platform:";

const rules: Rule[] = [
  {
    what: "a topic with a billion partitions",
    bad: (c) => { china(c).kafka.topics[0].partitions = 1e9; },
    refusal: `${K}regions[0].kafka.topics[0].partitions (got 1000000000): at most 4000 (MSK's recommended partitions per broker for its largest type; smaller brokers hold fewer)`,
    good: (c) => { china(c).kafka.topics[0].partitions = 48; },
  },
  {
    what: "a topic kept for a century",
    bad: (c) => { china(c).kafka.topics[0].retentionHours = 876000; },
    refusal: `${K}regions[0].kafka.topics[0].retentionHours (got 876000): at most 8760 hours (a year): longer-lived data belongs in S3, not on broker disks`,
    good: (c) => { china(c).kafka.topics[0].retentionHours = 168; },
  },
  {
    what: "a thousand front-door proxies",
    bad: (c) => { frankfurt(c).frontDoor.proxyReplicas = 1000; },
    refusal: `${K}regions[1].frontDoor.proxyReplicas (got 1000): at most 50 (a typo guard: scale proxies with an HPA beyond that)`,
    good: (c) => { frankfurt(c).frontDoor.proxyReplicas = 6; },
  },
  {
    what: "gpusPerNode other than the instance type's GPUs (a check, not an override)",
    bad: (c) => { frankfurt(c).gpuPools[0].gpusPerNode = 8; },
    refusal: `${K}regions[1].gpuPools[0].gpusPerNode (got 8): g6e.12xlarge has 4 GPUs per node: gpusPerNode must be 4 (or left out); pick another instance type to change it`,
    good: (c) => { frankfurt(c).gpuPools[0].gpusPerNode = 4; },
  },
  {
    what: "an instance size that does not exist",
    bad: (c) => { frankfurt(c).gpuPools[0].instanceTypes = ["g6e.13xlarge"]; },
    refusal: `${K}regions[1].gpuPools[0].instanceTypes[0] (got "g6e.13xlarge"): unknown EC2 instance type: g6e comes in xlarge, 2xlarge, 4xlarge, 8xlarge, 16xlarge, 12xlarge, 24xlarge, 48xlarge (instance facts recorded 2026-11-29)`,
    good: (c) => { frankfurt(c).gpuPools[0].instanceTypes = ["g6e.24xlarge"]; },
  },
  {
    what: "instance types of one pool with different GPU counts",
    bad: (c) => { frankfurt(c).gpuPools[0].instanceTypes = ["g6e.12xlarge", "g6e.xlarge"]; },
    refusal: `${K}regions[1].gpuPools[0].instanceTypes[1] (got "g6e.xlarge"): 1 GPUs per node, but g6e.12xlarge has 4: every type of a pool needs the same GPU count (the capacity plan counts GPUs per node)`,
    good: (c) => { frankfurt(c).gpuPools[0].instanceTypes = ["g6e.12xlarge", "g6.12xlarge"]; },
  },
  {
    what: "a peak QPS beyond the sanity bound",
    bad: (c) => { frankfurt(c).traffic.peakQps = 1e9; },
    refusal: `${K}regions[1].traffic.peakQps (got 1000000000): at most ${MAX_PEAK_QPS} QPS per region (a sanity bound: 200 × the seed's surge of 5000 QPS)`,
    good: (c) => { frankfurt(c).traffic.peakQps = 5000; },
  },
  {
    what: "a peak QPS whose plan exceeds a node group",
    bad: (c) => { frankfurt(c).traffic.peakQps = 100_000; },
    refusal: `${K}regions[1].traffic.peakQps (got 100000): GPU pool g6e-12xl would need up to 8334 nodes for this traffic (`,
    good: (c) => { frankfurt(c).traffic.peakQps = 3000; },
  },
  {
    what: "a QPS per GPU beyond the sanity bound",
    bad: (c) => { frankfurt(c).gpuPools[0].qpsPerGpu = 5000; },
    refusal: `${K}regions[1].gpuPools[0].qpsPerGpu (got 5000): at most 1000 (a sanity bound: the seed's GPUs serve 10–30 QPS each)`,
    good: (c) => { frankfurt(c).gpuPools[0].qpsPerGpu = 45; },
  },
  {
    what: "a GPU pool override beyond a node group's quota",
    bad: (c) => { frankfurt(c).gpuPools[0].maxNodes = 1000; },
    refusal: `${K}regions[1].gpuPools[0].maxNodes (got 1000): at most 450 (EKS's default quota of nodes per managed node group; raise the quota and this bound together)`,
    good: (c) => { frankfurt(c).gpuPools[0].maxNodes = 450; },
  },
  {
    what: "a system node group beyond a node group's quota",
    bad: (c) => { frankfurt(c).cluster.systemMaxNodes = 1e9; },
    refusal: `${K}regions[1].cluster.systemMaxNodes (got 1000000000): at most 450 (EKS's default quota of nodes per managed node group; raise the quota and this bound together)`,
    good: (c) => { frankfurt(c).cluster.systemMaxNodes = 450; },
  },
  {
    what: "a system instance type that is no instance type",
    bad: (c) => { frankfurt(c).cluster.systemInstanceType = "banana"; },
    refusal: `${K}regions[1].cluster.systemInstanceType (got "banana"): unknown EC2 instance type; known families: m5, m6i, m7i, t3 (instance facts recorded 2026-11-29)`,
    good: (c) => { frankfurt(c).cluster.systemInstanceType = "m7i.xlarge"; },
  },
  {
    what: "a system instance type not offered in the region",
    stack: "dev",
    bad: (c) => { c.regions[0].cluster.systemInstanceType = "m7i.large"; },
    refusal: `${K}regions[0].cluster.systemInstanceType (got "m7i.large"): EC2 instance type family m7i is not offered in ap-east-1; offered there: m5, m6i, t3 (recorded 2026-11-29)`,
    good: (c) => { c.regions[0].cluster.systemInstanceType = "m6i.large"; },
  },
  {
    what: "an ElastiCache size that does not exist",
    bad: (c) => { frankfurt(c).redis.nodeType = "cache.r6g.huge"; },
    refusal: `${K}regions[1].redis.nodeType (got "cache.r6g.huge"): unknown ElastiCache node type: cache.r6g comes in large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge (instance facts recorded 2026-11-29)`,
    good: (c) => { frankfurt(c).redis.nodeType = "cache.r6g.xlarge"; },
  },
  {
    what: "an ElastiCache family not offered in the region",
    bad: (c) => { frankfurt(c).redis.nodeType = "cache.c7gn.large"; },
    refusal: `${K}regions[1].redis.nodeType (got "cache.c7gn.large"): ElastiCache node type family cache.c7gn is not offered in eu-central-1; offered there: cache.t3, cache.t4g, cache.m5, cache.m6g, cache.r5, cache.r6g, cache.m7g, cache.r7g, cache.r6gd (recorded 2026-11-29)`,
    good: (c) => { frankfurt(c).redis.nodeType = "cache.r7g.large"; },
  },
  {
    what: "an MSK broker size that does not exist",
    bad: (c) => { frankfurt(c).kafka.brokerInstanceType = "kafka.m5.medium"; },
    refusal: `${K}regions[1].kafka.brokerInstanceType (got "kafka.m5.medium"): unknown MSK broker type: kafka.m5 comes in large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge, 24xlarge (instance facts recorded 2026-11-29)`,
    good: (c) => { frankfurt(c).kafka.brokerInstanceType = "kafka.m7g.xlarge"; },
  },
  {
    what: "an MSK broker family not offered in the region",
    stack: "dev",
    bad: (c) => { c.regions[0].kafka.brokerInstanceType = "kafka.m7g.large"; },
    refusal: `${K}regions[0].kafka.brokerInstanceType (got "kafka.m7g.large"): MSK broker type family kafka.m7g is not offered in ap-east-1; offered there: kafka.t3, kafka.m5 (recorded 2026-11-29)`,
    good: (c) => { c.regions[0].kafka.brokerInstanceType = "kafka.m5.large"; },
  },
  {
    what: "a Kafka version MSK does not offer",
    bad: (c) => { frankfurt(c).kafka.kafkaVersion = "9.9.x"; },
    refusal: `${K}regions[1].kafka.kafkaVersion (got "9.9.x"): an MSK Kafka version: one of 3.6.0, 3.7.x, 3.7.x.kraft, 3.8.x, 3.8.x.kraft, 3.9.x, 3.9.x.kraft, 4.0.x.kraft, 4.1.x.kraft (recorded 2026-11-29)`,
    good: (c) => { frankfurt(c).kafka.kafkaVersion = "3.9.x.kraft"; },
  },
  {
    what: "more brokers than MSK's quota per cluster",
    bad: (c) => { frankfurt(c).kafka.brokerCount = 33; },
    refusal: `${K}regions[1].kafka.brokerCount (got 33): from 1 to 30 brokers (MSK's default quota per ZooKeeper-based cluster; 60 with a KRaft version such as 3.9.x.kraft)`,
    good: (c) => { Object.assign(frankfurt(c).kafka, { brokerCount: 33, kafkaVersion: "3.9.x.kraft" }); },
  },
  {
    what: "a chart mirror that is not a URL",
    bad: (c) => { china(c).chartMirror = "not a url"; },
    refusal: `${K}regions[0].chartMirror (got "not a url"): an oci:// or https:// URL of the chart repository, such as oci://111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/charts`,
    good: (c) => { china(c).chartMirror = "https://charts.example.cn/mirror"; },
  },
  {
    what: "an owner AWS cannot put in a tag",
    bad: (c) => { c.owner = "team<>#!".repeat(40); },
    refusal: `${K}owner (got "${"team<>#!".repeat(40)}"): an AWS tag value (it lands in the owner tag): 320 characters, at most 256; "<" ">" "#" "!" not allowed; allowed: up to 256 letters, digits, spaces and _ . : / = + - @`,
    good: (c) => { c.owner = `Plattform-Team München: ki@example.com ${"x".repeat(217)}`; },
  },
  {
    what: "a Prometheus retention of zero",
    bad: (c) => { frankfurt(c).monitoring.retention = "0d"; },
    refusal: `${K}regions[1].monitoring.retention (got "0d"): a duration above zero such as 15d or 720h: 0 would keep no samples`,
    good: (c) => { frankfurt(c).monitoring.retention = "1d"; },
  },
  {
    what: "an alert that waits no time (or a fraction of a minute)",
    bad: (c) => { frankfurt(c).monitoring.thresholds = { gpuPodsPendingMinutes: 0, nodeNotReadyMinutes: 2.5 }; },
    refusal: `${K}regions[1].monitoring.thresholds.gpuPodsPendingMinutes (got 0): a duration in minutes above zero`,
    good: (c) => { frankfurt(c).monitoring.thresholds = { gpuPodsPendingMinutes: 1, nodeNotReadyMinutes: 3 }; },
  },
  {
    what: "one profile shared by the China and global regions",
    bad: (c) => { china(c).profile = "inference-prod-global"; },
    refusal: `${K}regions[1].profile (got "inference-prod-global"): regions[0] (china) uses this profile in partition aws-cn, regions[1] (frankfurt) in aws: a profile holds the credentials of one partition; give each partition its own`,
    good: (c) => { china(c).profile = "inference-prod-cn-admin"; },
  },
  {
    what: "a region of a two-partition stack without credentials",
    bad: (c) => { delete china(c).profile; },
    refusal: `${K}regions[0].profile (missing): this stack spans partitions aws-cn and aws: every region names its credentials (profile or assumeRoleArn), as default credentials reach one partition only`,
    good: (c) => { delete china(c).profile; china(c).assumeRoleArn = "arn:aws-cn:iam::111122223333:role/deployer"; },
  },
  {
    what: "prod with a single NAT gateway",
    bad: (c) => { frankfurt(c).natGateways = "single"; },
    refusal: `${K}regions[1].natGateways (got "single"): prod needs perAz: with a single NAT gateway, losing its AZ cuts every private subnet off (image pulls, AWS APIs); single is for dev`,
    good: (c) => { frankfurt(c).natGateways = "perAz"; },
  },
  {
    what: "prod in one region",
    bad: (c) => {
      c.regions.pop();
      c.dns.routes = c.dns.routes.filter((r: { region: string }) => r.region === "china");
      c.dns.defaultRegion = "china";
      c.dns.profile = "inference-prod-dns";
    },
    refusal: `${K}regions (got 1 region): prod needs at least 2 regions: the DNS fails over to another region when one is down`,
    good: (c) => { c.dns.profile = "inference-prod-dns"; },
  },
];

describe("issue #11 input rules", () => {
  for (const rule of rules) {
    it(`refuses ${rule.what} in one line naming file, key, value and what is allowed; accepts the good value`, () => {
      const file = `Pulumi.${rule.stack ?? "prod"}.yaml`;
      const message = refusalOf(() => parseStackConfig(edited(rule.bad, rule.stack), file));
      const lines = message.split("\n").slice(1);
      expect(lines.filter((l) => l.includes(`${file} ${rule.refusal}`))).toHaveLength(1);
      expect(() => parseStackConfig(edited(rule.good, rule.stack), file)).not.toThrow();
    });
  }

  it("refuses every bad input of the issue at once, one line each", () => {
    const raw = edited((c) => {
      frankfurt(c).gpuPools[0].gpusPerNode = 8;
      frankfurt(c).cluster.systemInstanceType = "banana";
      frankfurt(c).redis.nodeType = "cache.r6g.huge";
      frankfurt(c).kafka.kafkaVersion = "9.9.x";
      china(c).chartMirror = "not a url";
      china(c).monitoring.retention = "0d";
    });
    const message = refusalOf(() => parseStackConfig(raw, FILE));
    expect(message.split("\n")[0]).toBe(`${FILE}: 6 invalid configuration value(s):`);
    expect(message).not.toMatch(/\n\s+at /);
  });
});
