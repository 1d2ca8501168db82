import { onlyTypes } from "../lib/applies";
import { record, text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/**
 * IMDSv1 answers any GET to 169.254.169.254, so one SSRF in a model server or
 * a dashboard hands out the node role's credentials (ECR pull, CNI, SSM).
 * IMDSv2 needs a PUT-issued session token that SSRF payloads cannot obtain.
 * Every node the platform runs starts from a launch template, so that is where
 * it is enforced; instances are checked too.
 */
export const ec2Imdsv2Required: PlatformResourceRule = {
  name: "ec2-imdsv2-required",
  description: "Launch templates and instances require IMDSv2 (metadataOptions.httpTokens \"required\").",
  control: "AWS Security Hub FSBP EC2.170 (launch templates), EC2.8 (instances)",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["aws:ec2/launchTemplate:LaunchTemplate", "aws:ec2/instance:Instance"], (args, report) => {
    const metadata = record(args.props.metadataOptions);
    // No metadata endpoint at all is stricter than IMDSv2.
    if (text(metadata?.httpEndpoint) === "disabled") return;
    const tokens = text(metadata?.httpTokens);
    if (tokens !== "required") {
      report(`metadataOptions.httpTokens is ${tokens ? `"${tokens}"` : "unset"}: IMDSv1 stays open to SSRF; set it to "required".`);
    }
  }),
};
