import { onlyTypes } from "../lib/applies";
import { configWithDefaults } from "../lib/config";
import { list, numeric, record, text, texts, type PropertyMap } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

const defaults = { publicTcpPorts: [80, 443] };
const OPEN = ["0.0.0.0/0", "::/0"];

/** One ingress permission, normalised across the three ways AWS lets us write it. */
interface Ingress {
  where: string;
  protocol: string;
  fromPort: number;
  toPort: number;
  sources: string[];
}

function ingressesOf(type: string, props: PropertyMap): Ingress[] {
  if (type === "aws:ec2/securityGroup:SecurityGroup") {
    return list(props.ingress).map((r, i) => {
      const rule = record(r) ?? {};
      return {
        where: `ingress[${i}]`, protocol: text(rule.protocol) ?? "-1",
        fromPort: numeric(rule.fromPort) ?? 0, toPort: numeric(rule.toPort) ?? 65535,
        sources: [...texts(rule.cidrBlocks), ...texts(rule.ipv6CidrBlocks)],
      };
    });
  }
  if (type === "aws:ec2/securityGroupRule:SecurityGroupRule") {
    if (text(props.type) !== "ingress") return [];
    return [{
      where: "rule", protocol: text(props.protocol) ?? "-1",
      fromPort: numeric(props.fromPort) ?? 0, toPort: numeric(props.toPort) ?? 65535,
      sources: [...texts(props.cidrBlocks), ...texts(props.ipv6CidrBlocks)],
    }];
  }
  return [{
    where: "rule", protocol: text(props.ipProtocol) ?? "-1",
    fromPort: numeric(props.fromPort) ?? 0, toPort: numeric(props.toPort) ?? 65535,
    sources: texts([props.cidrIpv4, props.cidrIpv6]),
  }];
}

/**
 * Anything open to 0.0.0.0/0 or ::/0 is scanned within minutes. Only the
 * public entry points (HTTP redirect and HTTPS of the load balancer) may face
 * the internet; brokers, Redis, node ports and SSH stay reachable from the
 * VPC's own security groups. The port list is the user's (EC2.18's
 * authorizedTcpPorts, 80 and 443 by default).
 */
export const sgNoPublicIngress: PlatformResourceRule = {
  name: "sg-no-public-ingress",
  description: "No security-group ingress from 0.0.0.0/0 or ::/0 except TCP on the public ingress ports.",
  control: "AWS Security Hub FSBP EC2.18, EC2.19",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      publicTcpPorts: {
        type: "array", items: { type: "integer", minimum: 1, maximum: 65535 }, default: defaults.publicTcpPorts,
        description: "TCP ports that may accept traffic from anywhere.",
      },
    },
  },
  validateResource: onlyTypes([
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/securityGroupRule:SecurityGroupRule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  ], (args, report) => {
    const { publicTcpPorts } = configWithDefaults(args, defaults);
    for (const rule of ingressesOf(args.type, args.props)) {
      const open = rule.sources.filter((s) => OPEN.includes(s));
      if (open.length === 0) continue;
      const tcp = rule.protocol === "tcp" || rule.protocol === "6";
      const span = rule.toPort - rule.fromPort + 1;
      // A range is allowed only when every port in it is a public port.
      const allowed = tcp && span > 0 && span <= publicTcpPorts.length
        && Array.from({ length: span }, (_, i) => rule.fromPort + i).every((p) => publicTcpPorts.includes(p));
      if (allowed) continue;
      const ports = rule.fromPort === rule.toPort ? `port ${rule.fromPort}` : `ports ${rule.fromPort}-${rule.toPort}`;
      const what = rule.protocol === "-1" || rule.protocol === "all" ? "all traffic" : `${rule.protocol} ${ports}`;
      report(`${rule.where} admits ${open.join(" and ")} to ${what}; only TCP ${publicTcpPorts.join(", ")} may be public.`);
    }
  }),
};
