// Security groups as AWS applies them: a group admits the sum of its inline
// `ingress` blocks and of every rule resource attached to it, so the pack
// gathers them per group before judging what the group lets in.
import type { PolicyResource } from "@pulumi/policy";
import { list, numeric, record, text, texts, type PropertyMap } from "./values";

const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

/** Resource types that add ingress to a security group. */
export const INGRESS_TYPES: readonly string[] = [SECURITY_GROUP, GROUP_RULE, INGRESS_RULE];

/** One ingress permission, normalised across the three ways AWS lets us write it. */
export interface Ingress {
  /** Resource name, plus `ingress[i]` for an inline block. */
  where: string;
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `all`, or the protocol number as written. */
  protocol: string;
  fromPort: number;
  toPort: number;
  /** IPv4 and IPv6 CIDR sources (security-group and prefix-list sources are not addresses). */
  sources: string[];
}

const PROTOCOL_NAMES: Readonly<Record<string, string>> = { "-1": "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6" };

function protocolOf(v: unknown): string {
  const written = (text(v) ?? (numeric(v) !== undefined ? String(numeric(v)) : "-1")).toLowerCase();
  return PROTOCOL_NAMES[written] ?? written;
}

function permission(where: string, protocol: unknown, from: unknown, to: unknown, sources: string[]): Ingress {
  return { where, protocol: protocolOf(protocol), fromPort: numeric(from) ?? 0, toPort: numeric(to) ?? 65535, sources };
}

/** The ingress permissions a resource declares (none for an egress rule or another type). */
function ingressOf(r: { type: string; name: string; props: PropertyMap }): Ingress[] {
  const p = r.props;
  if (r.type === SECURITY_GROUP) {
    return list(p.ingress).map((x, i) => {
      const rule = record(x) ?? {};
      return permission(`${r.name} ingress[${i}]`, rule.protocol, rule.fromPort, rule.toPort, [...texts(rule.cidrBlocks), ...texts(rule.ipv6CidrBlocks)]);
    });
  }
  if (r.type === GROUP_RULE) {
    if (text(p.type) !== "ingress") return [];
    return [permission(r.name, p.protocol, p.fromPort, p.toPort, [...texts(p.cidrBlocks), ...texts(p.ipv6CidrBlocks)])];
  }
  if (r.type === INGRESS_RULE) return [permission(r.name, p.ipProtocol, p.fromPort, p.toPort, texts([p.cidrIpv4, p.cidrIpv6]))];
  return [];
}

/**
 * The group a resource adds to: a group's own URN; for a rule resource, the
 * group its `securityGroupId` comes from (the engine's propertyDependencies,
 * else the one group among its dependencies), else the id it names. The id is
 * read only when no dependency tells: during a preview it may be unknown.
 */
function groupKey(r: PolicyResource): string {
  if (r.type === SECURITY_GROUP) return r.urn;
  const fromProperty = (r.propertyDependencies?.securityGroupId ?? []).filter((d) => d.type === SECURITY_GROUP);
  const candidates = fromProperty.length > 0 ? fromProperty : r.dependencies.filter((d) => d.type === SECURITY_GROUP);
  if (candidates.length === 1) return candidates[0]!.urn;
  const id = text(r.props.securityGroupId);
  return id ? `id:${id}` : r.urn;
}

/** One security group with every permission that adds to it. */
export interface GroupIngress {
  /** The resource a violation blames: the group itself when the stack declares it, else its first rule. */
  blame: PolicyResource;
  ingress: Ingress[];
}

/** Ingress of the stack gathered per security group. */
export function ingressByGroup(resources: readonly PolicyResource[]): GroupIngress[] {
  const groups = new Map<string, GroupIngress>();
  for (const r of resources.filter((x) => INGRESS_TYPES.includes(x.type))) {
    const key = groupKey(r);
    const group = groups.get(key) ?? { blame: r, ingress: [] };
    if (r.type === SECURITY_GROUP) group.blame = r;
    group.ingress.push(...ingressOf(r));
    groups.set(key, group);
  }
  return [...groups.values()];
}
