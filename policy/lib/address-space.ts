// How much of the internet a set of CIDR blocks admits together, however it is
// cut into blocks: `0.0.0.0/1` plus `128.0.0.0/1` is every address, as is
// `0.0.0.0/0`. IPv4 and IPv6 alike, in bigint arithmetic.

/** IP family of a block. */
export type Family = 4 | 6;

/** An inclusive range of addresses. */
interface Range {
  first: bigint;
  last: bigint;
}

/** A parsed CIDR block. */
export interface AddressBlock extends Range {
  family: Family;
}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

function ipv4Value(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) + BigInt(p), 0n);
}

function ipv6Value(text: string): bigint | undefined {
  let head = text;
  let tail = 0n;
  let tailGroups = 0;
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) counts as two groups.
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const value = ipv4Value(v4[2]!);
    if (value === undefined) return undefined;
    head = v4[1]!.endsWith("::") ? v4[1]! : v4[1]!.slice(0, -1);
    tail = value;
    tailGroups = 2;
  }
  const halves = head.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string | undefined): string[] => (s ? s.split(":") : []);
  const left = groups(halves[0]);
  const right = groups(halves[1]);
  const missing = 8 - tailGroups - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...left, ...Array<string>(halves.length === 1 ? 0 : missing).fill("0"), ...right];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return (all.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n) << BigInt(tailGroups * 16)) + tail;
}

/**
 * Parses an IPv4 or IPv6 CIDR block; undefined when malformed. Host bits are
 * cleared: the block admits its whole network, and counting the narrower
 * reading would understate it.
 */
export function parseAddressBlock(cidr: string): AddressBlock | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(cidr.trim());
  if (!m) return undefined;
  const family: Family = m[1]!.includes(":") ? 6 : 4;
  const prefix = Number(m[2]);
  const value = family === 4 ? ipv4Value(m[1]!) : ipv6Value(m[1]!);
  if (value === undefined || prefix > BITS[family]) return undefined;
  const size = 1n << BigInt(BITS[family] - prefix);
  const first = (value / size) * size;
  return { family, first, last: first + size - 1n };
}

/** Sorted, disjoint ranges covering exactly the given ones. */
function merged(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (const r of [...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0))) {
    const last = out[out.length - 1];
    if (last && r.first <= last.last + 1n) last.last = r.last > last.last ? r.last : last.last;
    else out.push({ ...r });
  }
  return out;
}

function blocks(cidrs: readonly string[]): Range[] {
  return cidrs.map((c) => parseAddressBlock(c)!);
}

/** Ranges of `whole` that none of `holes` covers. */
function complement(whole: Range, holes: readonly Range[]): Range[] {
  const out: Range[] = [];
  let next = whole.first;
  for (const h of merged(holes)) {
    if (h.first > next) out.push({ first: next, last: h.first - 1n });
    if (h.last + 1n > next) next = h.last + 1n;
  }
  if (next <= whole.last) out.push({ first: next, last: whole.last });
  return out;
}

/**
 * Addresses reachable from the internet. IPv4: everything but this network,
 * RFC 1918, shared (RFC 6598), loopback, link-local, multicast and reserved
 * space, so that a rule admitting the VPC's own or a peered private range
 * never counts. IPv6: global unicast (2000::/3), the only space the internet routes.
 */
const PUBLIC: Record<Family, Range[]> = {
  4: complement({ first: 0n, last: (1n << 32n) - 1n }, blocks([
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/3",
  ])),
  6: blocks(["2000::/3"]),
};

function overlap(a: readonly Range[], b: readonly Range[]): bigint {
  let total = 0n;
  for (const x of a) {
    for (const y of b) {
      const first = x.first > y.first ? x.first : y.first;
      const last = x.last < y.last ? x.last : y.last;
      if (first <= last) total += last - first + 1n;
    }
  }
  return total;
}

/** Public addresses of `family` that the blocks admit together (each address counted once). */
export function publicAddressesCovered(blocksOfFamily: readonly AddressBlock[], family: Family): bigint {
  return overlap(merged(blocksOfFamily.filter((b) => b.family === family)), PUBLIC[family]);
}

/** Every public address of `family`: what a rule open to the whole internet admits. */
export function publicAddressTotal(family: Family): bigint {
  return overlap(PUBLIC[family], PUBLIC[family]);
}
