/** Broker guarantees written into the MSK configuration. */
export interface BrokerGuarantees {
  /** Replicas of a topic created without an explicit factor. */
  defaultReplicationFactor: number;
  /** Replicas that must acknowledge an `acks=all` write. */
  minInsyncReplicas: number;
}

/**
 * `server.properties` of the MSK configuration. Topics exist only when
 * declared (the topics Job creates them), writes survive one broker down
 * (RF 3, min ISR 2), and an out-of-sync replica never becomes leader, which
 * would silently drop acknowledged messages.
 */
export function serverProperties(g: BrokerGuarantees): string {
  return [
    "auto.create.topics.enable=false",
    `default.replication.factor=${g.defaultReplicationFactor}`,
    `min.insync.replicas=${g.minInsyncReplicas}`,
    "unclean.leader.election.enable=false",
    "",
  ].join("\n");
}
