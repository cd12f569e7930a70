// Registered redirect URIs (RFC 9700 §2.1: exact match; RFC 8252 for native apps).
import { isProduction } from "@/lib/config/settings";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Returns why `uri` cannot be registered, or null when it can. */
export function redirectUriProblem(uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `"${uri}" is not an absolute URL`;
  }
  if (url.hash || uri.includes("#")) return `"${uri}" must not contain a fragment (RFC 6749 §3.1.2)`;
  if (url.username || url.password) return `"${uri}" must not contain credentials`;
  const scheme = url.protocol.slice(0, -1);
  if (scheme === "https") return null;
  if (scheme === "http") {
    if (LOOPBACK.has(url.hostname) || !isProduction()) return null;
    return `"${uri}" must use https (http is allowed only for loopback hosts in production)`;
  }
  // Private-use schemes of native apps must be reverse-DNS names (RFC 8252 §7.1).
  if (scheme.includes(".")) return null;
  if (["javascript", "data", "file", "vbscript", "blob"].includes(scheme)) return `"${uri}" uses a forbidden scheme`;
  return `"${uri}" must use https, loopback http or a reverse-DNS private-use scheme`;
}

/** Exact string comparison, as RFC 9700 requires (no prefix or wildcard matching). */
export function isRegisteredRedirectUri(registered: readonly string[], candidate: string): boolean {
  return registered.includes(candidate);
}
