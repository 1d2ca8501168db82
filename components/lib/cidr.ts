/** IPv4 CIDR arithmetic for config validation and subnet layout. */

/** A parsed IPv4 CIDR block. */
export interface Cidr {
  /** First address as an unsigned 32-bit integer. */
  base: number;
  /** Prefix length, 0–32. */
  prefix: number;
}

/** Parses `a.b.c.d/n`; returns undefined when malformed or when host bits are set. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) return undefined;
  return { base, prefix };
}

/** True when the two blocks share any address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const aEnd = a.base + 2 ** (32 - a.prefix);
  const bEnd = b.base + 2 ** (32 - b.prefix);
  return a.base < bEnd && b.base < aEnd;
}

function format(base: number, prefix: number): string {
  return `${base >>> 24}.${(base >>> 16) & 255}.${(base >>> 8) & 255}.${base & 255}/${prefix}`;
}

/** The `index`-th sub-block of `parent` with `newPrefix` (like Terraform's cidrsubnet). */
export function subnetOf(parent: string, newPrefix: number, index: number): string {
  const p = parseCidr(parent);
  if (!p || newPrefix < p.prefix || index >= 2 ** (newPrefix - p.prefix)) {
    throw new Error(`cannot take subnet ${index} /${newPrefix} of ${parent}`);
  }
  return format(p.base + index * 2 ** (32 - newPrefix), newPrefix);
}
