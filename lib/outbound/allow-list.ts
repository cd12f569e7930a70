// The operator's opt-in for internal targets: TRUSTGATE_OUTBOUND_ALLOW=host[:port],CIDR,…
//   localhost:4000        that name (any address it resolves to), port 4000 only
//   receiver.internal     that name, any port
//   10.20.0.0/16          any address in the range, any port; a bare address is a /32 (/128)
//   [::1]:4000 / 127.0.0.1:4000   that address, that port
import { outboundAllowEntries } from "@/lib/config/settings";
import { cidrContains, parseCidr, parseIp, type Cidr } from "./ip-ranges";

interface HostEntry {
  kind: "host";
  host: string;
  port: number | null;
}

interface RangeEntry {
  kind: "range";
  cidr: Cidr;
  port: number | null;
}

type AllowEntry = HostEntry | RangeEntry;

let cache: { raw: string; entries: AllowEntry[] } | null = null;

function parseEntry(text: string): AllowEntry {
  const lower = text.toLowerCase();
  if (lower.includes("/")) {
    const cidr = parseCidr(lower);
    if (!cidr) throw new Error(`TRUSTGATE_OUTBOUND_ALLOW: "${text}" is not a CIDR range`);
    return { kind: "range", cidr, port: null };
  }
  let host = lower;
  let port: number | null = null;
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(lower);
  if (bracketed) {
    host = bracketed[1]!;
    port = bracketed[2] ? Number(bracketed[2]) : null;
  } else if (!parseIp(lower)) {
    const withPort = /^([^:]+):(\d{1,5})$/.exec(lower);
    if (withPort) {
      host = withPort[1]!;
      port = Number(withPort[2]);
    }
  }
  if (port !== null && (port < 1 || port > 65535)) throw new Error(`TRUSTGATE_OUTBOUND_ALLOW: "${text}" has an invalid port`);
  if (parseIp(host)) return { kind: "range", cidr: parseCidr(host)!, port };
  if (!/^[a-z0-9.-]{1,253}$/.test(host)) throw new Error(`TRUSTGATE_OUTBOUND_ALLOW: "${text}" is not host[:port] or a CIDR range`);
  return { kind: "host", host: host.replace(/\.$/, ""), port };
}

function entries(): AllowEntry[] {
  const list = outboundAllowEntries();
  const raw = list.join(",");
  if (cache?.raw !== raw) cache = { raw, entries: list.map(parseEntry) };
  return cache.entries;
}

/** Whether the operator allowed this URL host name (not an address) on this port. */
export function hostAllowed(hostname: string, port: number): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return entries().some((entry) => entry.kind === "host" && entry.host === name && (entry.port === null || entry.port === port));
}

/** Whether the operator allowed this address on this port. */
export function addressAllowed(address: string, port: number): boolean {
  const ip = parseIp(address);
  if (!ip) return false;
  return entries().some((entry) => entry.kind === "range" && cidrContains(entry.cidr, ip) && (entry.port === null || entry.port === port));
}

/** Throws when TRUSTGATE_OUTBOUND_ALLOW is malformed (checked at boot, so a typo is not silent). */
export function assertOutboundAllowValid(): void {
  entries();
}
