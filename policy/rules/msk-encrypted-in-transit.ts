import { onlyTypes } from "../lib/applies";
import { flag, record, text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/**
 * Inference requests and results cross the VPC between pods and brokers and
 * between brokers. MSK.1 checks the broker-to-broker leg; the platform also
 * requires TLS-only client traffic (`TLS`, not `TLS_PLAINTEXT` or
 * `PLAINTEXT`). Both default to encrypted, so only an explicit downgrade fails.
 */
export const mskEncryptedInTransit: PlatformResourceRule = {
  name: "msk-encrypted-in-transit",
  description: "MSK clusters encrypt traffic between brokers and accept TLS-only client connections.",
  control: "AWS Security Hub FSBP MSK.1",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["aws:msk/cluster:Cluster"], (args, report) => {
    const inTransit = record(record(args.props.encryptionInfo)?.encryptionInTransit);
    if (flag(inTransit?.inCluster) === false) report("encryptionInTransit.inCluster is false: broker-to-broker replication travels in clear text; set it to true.");
    const clientBroker = text(inTransit?.clientBroker) ?? "TLS";
    if (clientBroker !== "TLS") report(`encryptionInTransit.clientBroker is ${clientBroker}: clients may connect in clear text; set it to TLS.`);
  }),
};
