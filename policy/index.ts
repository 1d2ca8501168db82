// Entry of the CrossGuard pack: `pulumi preview --policy-pack policy` loads this
// file (after `npm install` here). Tests never import it: constructing a
// PolicyPack starts the analyzer's gRPC server. They use runner.ts instead.
import { PolicyPack } from "@pulumi/policy";
import { resourceRules, stackRules } from "./rules";

new PolicyPack("inference-platform", {
  description: "Security, partition and availability rules of the two-region LLM inference platform.",
  // Rules set their own levels; anything unset is only reported.
  enforcementLevel: "advisory",
  policies: [...resourceRules, ...stackRules],
});
