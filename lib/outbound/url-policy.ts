// Which URLs a partner may make Trustgate call, checked when the URL is set (here, without DNS)
// and again when it is called (lib/outbound/fetch.ts, on the address actually connected to).
import { isProduction } from "@/lib/config/settings";
import { addressAllowed, hostAllowed } from "./allow-list";
import { parseIp, refusedAddressClass } from "./ip-ranges";

/** Names that only mean something inside a network (RFC 6761, RFC 6762, RFC 8375, cloud DNS). */
const INTERNAL_SUFFIXES = [".localhost", ".local", ".localdomain", ".internal", ".intranet", ".lan", ".home.arpa", ".corp"];

export function effectivePort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}

/** The URL's host without IPv6 brackets, lower case, without a trailing dot. */
export function bareHostname(url: URL): string {
  return url.hostname
    .replace(/^\[|\]$/g, "")
    .toLowerCase()
    .replace(/\.$/, "");
}

/** Whether the operator opted this URL's host (name or literal address) in. */
export function targetAllowed(url: URL): boolean {
  const host = bareHostname(url);
  const port = effectivePort(url);
  return parseIp(host) ? addressAllowed(host, port) : hostAllowed(host, port);
}

function internalName(host: string): boolean {
  return host === "localhost" || !host.includes(".") || INTERNAL_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

/** Why `raw` may not be called, or null when it may (names are resolved and checked again at call time). */
export function outboundUrlProblem(raw: string, maxLength = 2000): string | null {
  if (raw.length > maxLength) return `must be at most ${maxLength} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute URL";
  }
  if (url.username || url.password) return "must not contain credentials";
  if (url.hash || raw.includes("#")) return "must not contain a fragment";
  const allowed = targetAllowed(url);
  if (url.protocol !== "https:") {
    if (url.protocol === "http:" && !isProduction() && allowed) return null;
    return isProduction() ? "must use https:// in production" : "must use https:// (http:// only for hosts in TRUSTGATE_OUTBOUND_ALLOW)";
  }
  if (allowed) return null;
  const host = bareHostname(url);
  if (parseIp(host)) {
    const refused = refusedAddressClass(host);
    if (refused) return `must not point to an internal address (${refused.replace(/_/g, "-")}; an operator can allow it with TRUSTGATE_OUTBOUND_ALLOW)`;
    return null;
  }
  if (internalName(host)) return "must use a public host name (an operator can allow internal ones with TRUSTGATE_OUTBOUND_ALLOW)";
  return null;
}
