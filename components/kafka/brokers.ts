/**
 * MSK Standard broker families and broker placement. Express brokers
 * (express.m7g) manage their own storage and are not offered here.
 */

/** Broker families of MSK Standard brokers. */
const KAFKA_BROKER_FAMILIES = ["kafka.t3", "kafka.m5", "kafka.m7g"] as const;

/** Burstable family: fine for dev, refused for prod. */
export const BURSTABLE_BROKER_FAMILY = "kafka.t3";

/** Family of a broker type: `kafka.m5.large` → `kafka.m5`. */
export function brokerFamily(instanceType: string): string {
  return instanceType.split(".").slice(0, 2).join(".");
}

/** Why `instanceType` is not a supported MSK broker type, or undefined. */
export function brokerTypeProblem(instanceType: string): string | undefined {
  if (!/^kafka\.[a-z0-9]+\.[a-z0-9]+$/.test(instanceType)) return "an MSK broker type such as kafka.m5.large";
  if (!(KAFKA_BROKER_FAMILIES as readonly string[]).includes(brokerFamily(instanceType))) {
    return `unknown broker type family ${brokerFamily(instanceType)}; allowed: ${KAFKA_BROKER_FAMILIES.join(", ")}`;
  }
  return undefined;
}

/** Why `brokers` cannot be spread evenly over `zones` AZs, or undefined. */
export function brokerCountProblem(brokers: number, zones: number): string | undefined {
  if (!Number.isInteger(brokers) || brokers < zones || brokers % zones !== 0) {
    return `must be a multiple of the ${zones} availability zones (${zones}, ${2 * zones}, ${3 * zones}…) so every AZ holds the same number of brokers`;
  }
  return undefined;
}
