// Address classes Trustgate never calls on a partner's behalf (SSRF): loopback, private, link-local,
// CGNAT, multicast, unspecified, broadcast, reserved and documentation ranges, IPv6 forms that embed
// or translate an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo) and cloud metadata
// endpoints. Sources: RFC 6890 (special-purpose registries), RFC 1918, RFC 6598, RFC 4193,
// RFC 4291, RFC 6052, RFC 8215. Addresses are compared as integers, so every spelling of an
// address (decimal, octal, hex IPv4 as the URL parser normalises them; any IPv6 form) is the same.
import net from "node:net";

export interface Cidr {
  version: 4 | 6;
  base: bigint;
  bits: number;
}

function ipv4ToBigInt(address: string): bigint {
  return address.split(".").reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);
}

function ipv6ToBigInt(address: string): bigint {
  let text = address;
  // A trailing dotted IPv4 (::ffff:1.2.3.4) becomes two hextets.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4ToBigInt(dotted[1]!);
    text = `${text.slice(0, -dotted[1]!.length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const headParts = head ? head.split(":") : [];
  const tailParts = tail ? tail.split(":") : [];
  const missing = tail === undefined ? 0 : 8 - headParts.length - tailParts.length;
  const parts = [...headParts, ...Array<string>(missing).fill("0"), ...tailParts];
  return parts.reduce((value, part) => (value << 16n) | BigInt(parseInt(part || "0", 16)), 0n);
}

/** The address as an integer and its version, or null when `address` is not an IP address. */
export function parseIp(address: string): { version: 4 | 6; value: bigint } | null {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  const withoutZone = bare.split("%")[0]!;
  const version = net.isIP(withoutZone);
  if (version === 4) return { version: 4, value: ipv4ToBigInt(withoutZone) };
  if (version === 6) return { version: 6, value: ipv6ToBigInt(withoutZone) };
  return null;
}

/** "10.0.0.0/8", "fc00::/7" or a bare address (/32, /128); null when malformed. */
export function parseCidr(text: string): Cidr | null {
  const [address, bitsText, extra] = text.split("/");
  if (extra !== undefined || !address) return null;
  const ip = parseIp(address);
  if (!ip) return null;
  const max = ip.version === 4 ? 32 : 128;
  const bits = bitsText === undefined ? max : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return null;
  const shift = BigInt(max - bits);
  return { version: ip.version, base: (ip.value >> shift) << shift, bits };
}

export function cidrContains(cidr: Cidr, ip: { version: 4 | 6; value: bigint }): boolean {
  if (cidr.version !== ip.version) return false;
  const shift = BigInt((ip.version === 4 ? 32 : 128) - cidr.bits);
  return ip.value >> shift === cidr.base >> shift;
}

/** Each refused range with the class a log line names. More specific entries come first. */
const REFUSED: [string, string][] = [
  ["169.254.169.254/32", "metadata"], // AWS, GCP, Azure IMDS, OpenStack
  ["168.63.129.16/32", "metadata"], // Azure wire server (a public address)
  ["100.100.100.200/32", "metadata"], // Alibaba Cloud
  ["fd00:ec2::254/128", "metadata"], // AWS IMDS over IPv6
  ["0.0.0.0/8", "unspecified"],
  ["127.0.0.0/8", "loopback"],
  ["10.0.0.0/8", "private"],
  ["172.16.0.0/12", "private"],
  ["192.168.0.0/16", "private"],
  ["100.64.0.0/10", "cgnat"],
  ["169.254.0.0/16", "link_local"],
  ["192.0.0.0/24", "reserved"], // IETF protocol assignments
  ["192.0.2.0/24", "reserved"], // documentation (TEST-NET-1)
  ["198.51.100.0/24", "reserved"], // TEST-NET-2
  ["203.0.113.0/24", "reserved"], // TEST-NET-3
  ["198.18.0.0/15", "reserved"], // benchmarking
  ["192.88.99.0/24", "reserved"], // 6to4 relay anycast
  ["224.0.0.0/4", "multicast"],
  ["255.255.255.255/32", "broadcast"],
  ["240.0.0.0/4", "reserved"],
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["::ffff:0:0/96", "ipv4_mapped"],
  ["::/96", "ipv4_compatible"],
  ["64:ff9b::/96", "nat64"],
  ["64:ff9b:1::/48", "nat64"],
  ["100::/64", "reserved"], // discard-only
  ["2001::/32", "teredo"],
  ["2001:db8::/32", "reserved"], // documentation
  ["2002::/16", "6to4"],
  ["fc00::/7", "private"], // unique local
  ["fe80::/10", "link_local"],
  ["fec0::/10", "link_local"], // deprecated site-local
  ["ff00::/8", "multicast"],
];

const REFUSED_CIDRS = REFUSED.map(([text, label]) => ({ cidr: parseCidr(text)!, label }));

/** The refused class `address` falls in ("loopback", "private", …), or null for a public address. */
export function refusedAddressClass(address: string): string | null {
  const ip = parseIp(address);
  if (!ip) return "not_an_address";
  return REFUSED_CIDRS.find((entry) => cidrContains(entry.cidr, ip))?.label ?? null;
}
