// Config of the regional ingress (issue: global traffic).
import { z } from "zod";
import { parseCidr } from "../../../components/lib/cidr";
import type { StackConfig } from "../schema";
import type { SemanticProblem } from "../semantics";

const ingressDefaults = { healthCheckPath: "/healthz", allowedSourceCidrs: ["0.0.0.0/0"] };

/** `regions[].ingress`: the region's public NLB for the inference gateway (TLS on 443 only). */
export const ingressSectionSchema = z.strictObject({
  /** ACM certificate the NLB terminates TLS with; absent, TLS passes through to the gateway pods. */
  certificateArn: z.string().min(1).optional(),
  /** HTTPS path the NLB probes on each gateway pod. @default /healthz */
  healthCheckPath: z.string().regex(/^\//, "an absolute path such as /healthz").default(ingressDefaults.healthCheckPath),
  /** Client CIDRs allowed to reach 443, the only port. @default ["0.0.0.0/0"] */
  allowedSourceCidrs: z.array(z.string()).min(1, 'at least one CIDR; ["0.0.0.0/0"] serves the public internet on 443').default(ingressDefaults.allowedSourceCidrs),
}).default(ingressDefaults);

/** Cross-field rules of the ingress. */
export function checkIngress(cfg: StackConfig): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  cfg.regions.forEach((r, i) => {
    const at = (...rest: Array<string | number>) => ["regions", i, "ingress", ...rest];
    r.ingress.allowedSourceCidrs.forEach((c, j) => {
      if (!parseCidr(c)) problems.push({ path: at("allowedSourceCidrs", j), message: "an IPv4 CIDR such as 203.0.113.0/24 (0.0.0.0/0 for the whole internet)" });
    });
    const arn = r.ingress.certificateArn;
    const prefix = `arn:${r.partition}:acm:${r.awsRegion}:`;
    if (arn !== undefined && !arn.startsWith(prefix)) {
      problems.push({ path: at("certificateArn"), message: `must be an ACM certificate of ${r.awsRegion} (${prefix}…): an NLB only uses certificates of its own region and partition` });
    }
  });
  return problems;
}
