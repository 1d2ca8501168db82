import { onlyTypes } from "../lib/applies";
import { flag, list, record } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/**
 * With unauthenticated access any pod that reaches a broker can read the
 * request queue or delete topics. Clients must authenticate with IAM,
 * SASL/SCRAM or mutual TLS, and the unauthenticated listener stays off.
 */
export const mskAuthenticatedClients: PlatformResourceRule = {
  name: "msk-authenticated-clients",
  description: "MSK clusters authenticate every client (IAM, SASL/SCRAM or mTLS) and disable unauthenticated access.",
  control: "AWS Security Hub FSBP MSK.6",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["aws:msk/cluster:Cluster"], (args, report) => {
    const auth = record(args.props.clientAuthentication);
    const sasl = record(auth?.sasl);
    const tls = record(auth?.tls);
    if (flag(auth?.unauthenticated) === true) report("clientAuthentication.unauthenticated is true: any client reaching a broker can read and write; set it to false.");
    const methods = [flag(sasl?.iam) === true, flag(sasl?.scram) === true, list(tls?.certificateAuthorityArns).length > 0];
    if (!methods.some(Boolean)) report("no client authentication is enabled: turn on clientAuthentication.sasl.iam (or SCRAM, or mTLS).");
  }),
};
