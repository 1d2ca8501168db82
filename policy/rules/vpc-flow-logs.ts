import type { PolicyResource } from "@pulumi/policy";
import { text } from "../lib/values";
import type { PlatformStackRule } from "../rule";

/**
 * True when `flowLog` records the whole of `vpc`. The engine states which
 * resources feed `vpcId` (propertyDependencies); without that (the in-process
 * runner) the flow log's direct dependencies name the VPC it was given.
 */
function coversVpc(flowLog: PolicyResource, vpc: PolicyResource): boolean {
  if (!text(flowLog.props.vpcId)) return false;
  const feeding = flowLog.propertyDependencies?.vpcId ?? [];
  const sources = feeding.length > 0 ? feeding : flowLog.dependencies;
  return sources.some((d) => d.urn === vpc.urn);
}

/**
 * Flow logs are how we tell a scan from an exfiltration after the fact, and
 * the only network record inside the China partition, where our other tools
 * do not reach. Every VPC of the stack needs a flow log for all its traffic;
 * a stack rule, since the log is a separate resource that points at the VPC.
 */
export const vpcFlowLogs: PlatformStackRule = {
  name: "vpc-flow-logs",
  description: "Every VPC of the stack has a flow log (ALL traffic) attached to it.",
  control: "AWS Security Hub FSBP EC2.6",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const vpcs = args.resources.filter((r) => r.type === "aws:ec2/vpc:Vpc");
    if (vpcs.length === 0) args.notApplicable("the stack has no VPC");
    const flowLogs = args.resources.filter((r) => r.type === "aws:ec2/flowLog:FlowLog");
    for (const vpc of vpcs) {
      const logs = flowLogs.filter((f) => coversVpc(f, vpc));
      if (logs.length === 0) report(`VPC ${vpc.name} has no flow log: add an aws.ec2.FlowLog with its vpcId.`, vpc.urn);
      else if (!logs.some((f) => (text(f.props.trafficType) ?? "ALL") === "ALL")) {
        report(`VPC ${vpc.name} logs only ${logs.map((f) => text(f.props.trafficType)).join("/")} traffic; log ALL so rejected and accepted flows both show.`, vpc.urn);
      }
    }
  },
};
