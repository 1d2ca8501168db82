/**
 * Recorded list prices the cost estimate multiplies by the plan's quantities.
 *
 * Every figure carries the page it was read from; all were read on
 * PRICES_RECORDED. A price that could not be found is simply absent from the
 * table: the estimate then lists the item under `unknown` and never counts it
 * as zero. Prices are On-Demand, Linux, in the partition's own currency (CNY in
 * the China regions, USD elsewhere). Re-read them before trusting a total for
 * a budget: list prices change, the China EC2 table dates from 2024 and the
 * archive of AWS's pricing pages from 2025-06-18.
 */
export const PRICES_RECORDED = "2026-11-29";

/** Hours in the month every monthly figure uses (AWS's own convention). */
export const HOURS_PER_MONTH = 730;

export type Currency = "USD" | "CNY";

/** One recorded price: `amount` in the region's currency per `per`. */
export interface UnitPrice {
  amount: number;
  per: "hour" | "month";
  source: string;
  /** Why the figure applies here when the source says it less directly. */
  note?: string;
}

/** The prices recorded for one AWS region; a missing entry is an unknown price. */
export interface RegionPrices {
  currency: Currency;
  /** EC2 instance type → On-Demand Linux price per instance-hour. */
  ec2: Readonly<Record<string, UnitPrice>>;
  eksCluster?: UnitPrice;
  natGateway?: UnitPrice;
  networkLoadBalancer?: UnitPrice;
  /** ElastiCache node type → price per node-hour. */
  cacheNode: Readonly<Record<string, UnitPrice>>;
  /** MSK broker instance type → price per broker-hour. */
  kafkaBroker: Readonly<Record<string, UnitPrice>>;
  /** MSK broker storage, per GB-month. */
  kafkaStorageGbMonth?: UnitPrice;
  /** gp3 root volumes of the nodes, per GB-month. */
  gp3GbMonth?: UnitPrice;
  /** A customer-managed KMS key, per key-month. */
  kmsKeyMonth?: UnitPrice;
  /** A public IPv4 address (the NAT gateways' Elastic IPs), per address-hour. */
  publicIpv4?: UnitPrice;
  /** A standard-resolution CloudWatch metric alarm, per alarm-month. */
  alarmMonth?: UnitPrice;
}

// The SkyPilot catalog is regenerated from the AWS Price List API; its `Price`
// column is the On-Demand Linux hourly rate. Its us-east-1 rows equal
// Karpenter's table generated from the same API on 2026-07-20 for every type
// below, which is why it is trusted for the other commercial regions.
const SKYPILOT_EC2 = "https://github.com/skypilot-org/skypilot-catalog/blob/00148f2af3672e2229b4f7bf8157d5a3f36e3c35/catalogs/v8/aws/vms.csv";
const KARPENTER_EC2_US = "https://github.com/aws/karpenter-provider-aws/blob/1d927085dd81a9df9301e613f371dac5b4d16bfe/pkg/providers/pricing/zz_generated.pricing_aws.go";
const KARPENTER_EC2_CN = "https://github.com/aws/karpenter-provider-aws/blob/1d927085dd81a9df9301e613f371dac5b4d16bfe/pkg/providers/pricing/zz_generated.pricing_aws_cn.go";
const EKS_STANDARD = "https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/";
const ALARMS = "https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm";
const KMS = "https://aws.amazon.com/kms/pricing/";
const IPV4 = "https://cloudburn.io/blog/aws-nat-gateway-pricing";
const GP3_FRANKFURT = "https://hendric-jabs.de/2023/11/02/gp3-in-2-minuten/";
// The JSON behind AWS's own pricing pages (b0.p.awsstatic.com meteredUnitMaps, per region),
// archived by aws-price-watcher; its last data commit is 2025-06-18, read 2026-11-29.
const awsPricingPage = (service: "elasticache" | "elb" | "msk" | "route53") =>
  `https://github.com/QuinnyPig/aws-price-watcher/blob/a6645eb2e53e9399396a714cdc4f3c346c7f06c0/processed/${service}.json`;
const AWS_PAGES_NOTE = "AWS pricing-page data as archived on 2025-06-18";
// No AWS page with the Frankfurt NAT rate was readable here; this file quotes AWS's price-list line.
const NAT_FRANKFURT = "https://github.com/Atakannbal/terraform-aws-infra-blueprint/blob/ca5262898a09d19c1e5bb01203dd5b4a22934199/terraform/apply-tfvars/prod.tfvars";

const hourly = (amount: number, source: string, note?: string): UnitPrice => ({ amount, per: "hour", source, ...(note ? { note } : {}) });
const monthly = (amount: number, source: string, note?: string): UnitPrice => ({ amount, per: "month", source, ...(note ? { note } : {}) });

// ElastiCache node-hours: the table is keyed by node type only, so the Redis OSS rate (the
// components' default engine) is recorded; Valkey nodes cost 20% less.
const cacheNodes = (prices: Record<string, number>): Record<string, UnitPrice> =>
  Object.fromEntries(Object.entries(prices).map(([type, amount]) =>
    [type, hourly(amount, awsPricingPage("elasticache"), `Redis OSS On-Demand, an upper bound for Valkey (20% less); ${AWS_PAGES_NOTE}`)]));
// MSK Standard broker-hours.
const kafkaBrokers = (prices: Record<string, number>): Record<string, UnitPrice> =>
  Object.fromEntries(Object.entries(prices).map(([type, amount]) => [type, hourly(amount, awsPricingPage("msk"), AWS_PAGES_NOTE)]));
const kafkaStorage = (amount: number) => monthly(amount, awsPricingPage("msk"), `Standard broker storage (Kafka.Storage.GP2) per GB-month; ${AWS_PAGES_NOTE}`);
const nlb = (amount: number) => hourly(amount, awsPricingPage("elb"), `Network Load Balancer hour; LCU-hours not counted; ${AWS_PAGES_NOTE}`);

const ec2Table = (source: string, prices: Record<string, number>, note?: string): Record<string, UnitPrice> =>
  Object.fromEntries(Object.entries(prices).map(([type, amount]) => [type, hourly(amount, source, note)]));

// Standard Kubernetes support: one rate in every commercial region.
const EKS_USD = hourly(0.1, EKS_STANDARD, "standard support, $0.10 per cluster-hour; extended support costs more");
// The source states the rate without a region; a rough figure, as the brief asks.
const ALARM_USD: UnitPrice = { amount: 0.1, per: "month", source: ALARMS, note: "standard resolution; the first 10 alarms of an account are free (not deducted)" };
// "Each AWS KMS key that you create in KMS costs $1/month" (one price on the page).
const KMS_USD: UnitPrice = { amount: 1, per: "month", source: KMS, note: "plus $1/month per rotated backing key once rotation has run (not counted)" };
// AWS charges every public IPv4 address the same hourly rate in the commercial regions.
const IPV4_USD = hourly(0.005, IPV4);

/** The prices every commercial (USD) region shares. */
const COMMERCIAL = { eksCluster: EKS_USD, alarmMonth: ALARM_USD, kmsKeyMonth: KMS_USD, publicIpv4: IPV4_USD } as const;

/** Region → recorded prices. Regions the stacks use: cn-north-1, eu-central-1, ap-east-1 (and us-east-1 for the global DNS). */
export const PRICES_BY_REGION: Readonly<Record<string, RegionPrices>> = {
  "cn-north-1": {
    currency: "CNY",
    // Generated 2024-11-06 for cn-north-1 from the AWS pricing API (China generation stopped since).
    ec2: ec2Table(KARPENTER_EC2_CN, {
      "g4dn.12xlarge": 38.849, "g4dn.xlarge": 5.223, "g5.12xlarge": 53.64092, "g5.xlarge": 9.51389,
      "m6i.large": 1.01321, "t3.large": 0.5258,
    }, "table generated 2024-11-06"),
    // Nothing else in CNY could be sourced (amazonaws.cn price pages were not readable here).
    cacheNode: {},
    kafkaBroker: {},
  },
  "eu-central-1": {
    currency: "USD",
    ec2: ec2Table(SKYPILOT_EC2, {
      "g4dn.xlarge": 0.658, "g5.xlarge": 1.258, "g5.12xlarge": 7.09282, "g6.xlarge": 1.0064, "g6e.12xlarge": 13.12002,
      "m6i.large": 0.115, "t3.large": 0.096,
    }),
    ...COMMERCIAL,
    gp3GbMonth: { amount: 0.0952, per: "month", source: GP3_FRANKFURT },
    natGateway: hourly(0.052, NAT_FRANKFURT, "secondary source: a Terraform file for eu-central-1 quoting AWS's \"$0.052 per NAT Gateway Hour\"; data processing not counted"),
    networkLoadBalancer: nlb(0.027),
    cacheNode: cacheNodes({ "cache.r6g.large": 0.247, "cache.t4g.small": 0.036 }),
    kafkaBroker: kafkaBrokers({ "kafka.m5.large": 0.252, "kafka.t3.small": 0.0526 }),
    kafkaStorageGbMonth: kafkaStorage(0.119),
  },
  "ap-east-1": {
    currency: "USD",
    ec2: ec2Table(SKYPILOT_EC2, {
      "g4dn.xlarge": 0.81, "g5.xlarge": 1.5488, "g5.12xlarge": 8.7324, "m6i.large": 0.132, "t3.large": 0.1168,
    }),
    ...COMMERCIAL,
    // NAT gateway and gp3 rates for Hong Kong were not found: unknown.
    networkLoadBalancer: nlb(0.0277),
    cacheNode: cacheNodes({ "cache.r6g.large": 0.27, "cache.t4g.small": 0.052 }),
    kafkaBroker: kafkaBrokers({ "kafka.m5.large": 0.289, "kafka.t3.small": 0.0639 }),
    kafkaStorageGbMonth: kafkaStorage(0.132),
  },
  "us-east-1": {
    currency: "USD",
    ec2: ec2Table(KARPENTER_EC2_US, {
      "g4dn.12xlarge": 3.912, "g4dn.xlarge": 0.526, "g5.xlarge": 1.006, "g5.12xlarge": 5.672, "g6.xlarge": 0.8048,
      "g6e.12xlarge": 10.49264, "m6i.large": 0.096, "t3.large": 0.0832,
    }, "table generated 2026-07-20"),
    ...COMMERCIAL,
    cacheNode: {},
    kafkaBroker: {},
  },
};

/** Route 53 is global and billed in USD from the global partition. */
interface DnsPrices {
  hostedZoneMonth?: UnitPrice;
  /** Basic health check of an endpoint in the same AWS account / partition. */
  healthCheckAwsMonth?: UnitPrice;
  /** Basic health check of any other endpoint (China's NLB is one: another partition, another account). */
  healthCheckOtherMonth?: UnitPrice;
  /** Each optional feature (HTTPS, string matching, fast interval, latency measurement), per check-month. */
  optionalFeatureAwsMonth?: UnitPrice;
  optionalFeatureOtherMonth?: UnitPrice;
}

// Zone and basic checks: secondary sources quoting AWS's price page (aws.amazon.com/route53/pricing/,
// whose figures load dynamically); the archived page data agrees with them and gives the optional features.
export const DNS_PRICES: DnsPrices = {
  hostedZoneMonth: { amount: 0.5, per: "month", source: "https://eatsip365.com/common-hidden-costs-of-aws-route-53", note: "first 25 hosted zones" },
  healthCheckAwsMonth: { amount: 0.5, per: "month", source: "https://wewantcode.com/en/course/aws/lesson/7-84-health-checks-status-check.html",
    note: "the first 50 checks of AWS endpoints in an account are free (not deducted)" },
  healthCheckOtherMonth: { amount: 0.75, per: "month", source: "https://wewantcode.com/en/course/aws/lesson/7-84-health-checks-status-check.html" },
  optionalFeatureAwsMonth: monthly(1, awsPricingPage("route53"), AWS_PAGES_NOTE),
  optionalFeatureOtherMonth: monthly(2, awsPricingPage("route53"), AWS_PAGES_NOTE),
};

/** Currency a region bills in: the China partition bills CNY. */
export function currencyOf(awsRegion: string): Currency {
  return awsRegion.startsWith("cn-") ? "CNY" : "USD";
}

/** The recorded prices of `awsRegion`; an unrecorded region has every price unknown. */
export function pricesIn(awsRegion: string): RegionPrices {
  return PRICES_BY_REGION[awsRegion] ?? { currency: currencyOf(awsRegion), ec2: {}, cacheNode: {}, kafkaBroker: {} };
}
