// Address arithmetic of the security-group rule: blocks parsed in both
// families, and public addresses counted once however the blocks are cut.
import { describe, expect, it } from "vitest";
import { parseAddressBlock, publicAddressesCovered, publicAddressTotal, type AddressBlock } from "../../policy/lib/address-space";

const blocks = (...cidrs: string[]): AddressBlock[] => cidrs.map((c) => parseAddressBlock(c)!);

describe("CIDR blocks", () => {
  it("parses IPv4 and IPv6 blocks, clearing host bits", () => {
    expect(parseAddressBlock("10.1.0.0/16")).toEqual({ family: 4, first: 0x0a010000n, last: 0x0a01ffffn });
    expect(parseAddressBlock("10.1.2.3/16")).toEqual(parseAddressBlock("10.1.0.0/16"));
    expect(parseAddressBlock("::/0")).toEqual({ family: 6, first: 0n, last: (1n << 128n) - 1n });
    expect(parseAddressBlock("2001:db8::/32")!.first).toBe(0x20010db8n << 96n);
    expect(parseAddressBlock("::ffff:1.2.3.4/128")!.first).toBe((0xffffn << 32n) + 0x01020304n);
  });

  it("refuses what is not a block", () => {
    for (const bad of ["10.0.0.0", "10.0.0.256/8", "10.0.0.0/33", "1:2::3::4/64", "2001:db8::/129", "[unknown]", "g::/8"]) {
      expect(parseAddressBlock(bad), bad).toBeUndefined();
    }
  });
});

describe("public addresses a set of blocks admits", () => {
  const total4 = publicAddressTotal(4);

  it("counts the internet cut in two halves as the whole internet", () => {
    expect(publicAddressesCovered(blocks("0.0.0.0/1", "128.0.0.0/1"), 4)).toBe(total4);
    expect(publicAddressesCovered(blocks("0.0.0.0/0"), 4)).toBe(total4);
    expect(publicAddressesCovered(blocks("::/1", "8000::/1"), 6)).toBe(publicAddressTotal(6));
  });

  it("counts an address once when blocks overlap", () => {
    expect(publicAddressesCovered(blocks("198.51.0.0/16", "198.51.100.0/24", "198.51.0.0/17"), 4)).toBe(65536n);
  });

  it("leaves private, shared, loopback and link-local space out, and the other family", () => {
    expect(publicAddressesCovered(blocks("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "2001:db8::/32"), 4)).toBe(0n);
    expect(publicAddressesCovered(blocks("fc00::/7", "fe80::/10", "10.0.0.0/8"), 6)).toBe(0n);
    // 0.0.0.0/1 holds 0/8, 10/8, 100.64/10 and 127/8 besides public space.
    expect(publicAddressesCovered(blocks("0.0.0.0/1"), 4)).toBe((1n << 31n) - 3n * (1n << 24n) - (1n << 22n));
  });
});
