import type { PolicyResource } from "@pulumi/policy";
import { parseAddressBlock, publicAddressesCovered, publicAddressTotal, type AddressBlock, type Family } from "../lib/address-space";
import { configWithDefaults } from "../lib/config";
import { ingressByGroup, type Ingress } from "../lib/security-groups";
import type { PlatformStackRule } from "../rule";

const defaults = { publicTcpPorts: [80, 443], minimumPrefixLength: 16, minimumIpv6PrefixLength: 48 };

/** One port range of one protocol, and the permissions that open it. */
interface Opening {
  what: string;
  permissions: Ingress[];
}

const portsText = (from: number, to: number): string => (from === to ? `port ${from}` : `ports ${from}-${to}`);

/**
 * What a group opens, protocol by protocol and port range by port range, with
 * every permission that reaches each range: AWS adds the group's permissions
 * up, so `0.0.0.0/1` and `128.0.0.0/1` on port 22 open port 22 to everyone.
 * All-traffic permissions join every range; ranges made only of public TCP
 * ports are left out.
 */
function openings(ingress: readonly Ingress[], publicTcpPorts: readonly number[]): Opening[] {
  const everything = ingress.filter((i) => i.protocol === "all");
  const out: Opening[] = everything.length > 0 ? [{ what: "all traffic", permissions: everything }] : [];
  for (const protocol of new Set(ingress.map((i) => i.protocol).filter((p) => p !== "all"))) {
    const own = ingress.filter((i) => i.protocol === protocol);
    if (protocol !== "tcp" && protocol !== "udp") {
      out.push({ what: protocol, permissions: [...own, ...everything] });
      continue;
    }
    // Cut 0-65535 where any permission's range starts or ends; each piece has one set of permissions.
    const cuts = [...new Set(own.flatMap((i) => [i.fromPort, i.toPort + 1]))].sort((a, b) => a - b);
    for (let k = 0; k + 1 < cuts.length; k++) {
      const from = cuts[k]!;
      const to = cuts[k + 1]! - 1;
      const reaching = own.filter((i) => i.fromPort <= from && i.toPort >= to);
      if (reaching.length === 0) continue;
      const span = to - from + 1;
      const publicOnly = protocol === "tcp" && span <= publicTcpPorts.length
        && Array.from({ length: span }, (_, i) => from + i).every((p) => publicTcpPorts.includes(p));
      if (!publicOnly) out.push({ what: `${protocol} ${portsText(from, to)}`, permissions: [...reaching, ...everything] });
    }
  }
  return out;
}

/** How many public addresses, in words: "every public IPv4 address", "98,304 public IPv4 addresses", "about 2^126 public IPv6 addresses". */
function amount(covered: bigint, family: Family): string {
  if (covered === publicAddressTotal(family)) return `every public IPv${family} address`;
  const count = covered < 1n << 53n ? covered.toLocaleString("en-US") : `about 2^${covered.toString(2).length - 1}`;
  return `${count} public IPv${family} addresses`;
}

/** Why an opening admits too much of the internet in `family`, or undefined. */
function tooOpen(opening: Opening, family: Family, minimumPrefix: number): string | undefined {
  const blocks: { where: string; cidr: string; block: AddressBlock }[] = opening.permissions.flatMap((i) =>
    i.sources.map((cidr) => ({ where: i.where, cidr, block: parseAddressBlock(cidr) }))
      .filter((s): s is { where: string; cidr: string; block: AddressBlock } => s.block?.family === family));
  const covered = publicAddressesCovered(blocks.map((b) => b.block), family);
  const limit = 1n << BigInt((family === 4 ? 32 : 128) - minimumPrefix);
  if (covered <= limit) return undefined;
  const sources = blocks.map((b) => `${b.cidr} (${b.where})`).join(", ");
  return `${opening.what} from ${sources}: together ${amount(covered, family)}, more than a /${minimumPrefix} holds`;
}

/**
 * Anything open to the internet is scanned within minutes. Only the public
 * entry points (HTTP redirect and HTTPS of the load balancer) may face it;
 * brokers, Redis, node ports and SSH stay reachable from the VPC's own
 * security groups. A group is judged by what its permissions admit together,
 * inline blocks and rule resources alike, in publicly routable addresses
 * (private, shared and link-local ranges never count): `0.0.0.0/1` plus
 * `128.0.0.0/1` is the internet as surely as `0.0.0.0/0`, and so is any set
 * of blocks wider than the user's threshold (a /16's worth by default, the
 * same bound as the EKS endpoint's allow-list). The port list is the user's
 * (EC2.18's authorizedTcpPorts, 80 and 443 by default). A stack rule: rule
 * resources are separate from their group.
 */
export const sgNoPublicIngress: PlatformStackRule = {
  name: "sg-no-public-ingress",
  description: "No security group admits more than a /16's worth of public addresses, its CIDRs taken together, except on the public TCP ports (80, 443).",
  control: "AWS Security Hub FSBP EC2.18, EC2.19",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      publicTcpPorts: {
        type: "array", items: { type: "integer", minimum: 1, maximum: 65535 }, default: defaults.publicTcpPorts,
        description: "TCP ports that may accept traffic from anywhere.",
      },
      minimumPrefixLength: {
        type: "integer", minimum: 0, maximum: 32, default: defaults.minimumPrefixLength,
        description: "Other ports may admit at most this prefix's worth of public IPv4 addresses, all sources of a group together (16: one /16).",
      },
      minimumIpv6PrefixLength: {
        type: "integer", minimum: 0, maximum: 128, default: defaults.minimumIpv6PrefixLength,
        description: "The same bound for public IPv6 addresses (48: one site's /48).",
      },
    },
  },
  validateStack: (args, report) => {
    const { publicTcpPorts, minimumPrefixLength, minimumIpv6PrefixLength } = configWithDefaults(args, defaults);
    for (const group of ingressByGroup(args.resources)) {
      const problems: string[] = [];
      const found = openings(group.ingress, publicTcpPorts);
      for (const [family, prefix] of [[4, minimumPrefixLength], [6, minimumIpv6PrefixLength]] as const) {
        for (const opening of found) {
          const why = tooOpen(opening, family, prefix);
          if (why) problems.push(why);
          // All traffic too open makes every other range too open by the same sources: say it once.
          if (why && opening.what === "all traffic") break;
        }
      }
      if (problems.length > 0) report(`${describe(group.blame)} admits ${problems.join("; ")}. Only TCP ${publicTcpPorts.join(", ")} may face the internet.`, group.blame.urn);
    }
  },
};

function describe(r: PolicyResource): string {
  return r.type === "aws:ec2/securityGroup:SecurityGroup" ? `security group ${r.name}` : `the security group of ${r.name}`;
}
