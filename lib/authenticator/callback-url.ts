// Where challenge callbacks may go: https always; plain http only to this machine (localhost,
// 127.0.0.1, ::1) and only on a development instance — outside production or when Trustgate itself
// is served from localhost. A production instance never calls its own loopback (SSRF).
import { isProduction, publicUrl } from "@/lib/config/settings";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

function isDevelopmentInstance(): boolean {
  return !isProduction() || LOOPBACK.has(new URL(publicUrl()).hostname);
}

/** Why `value` cannot be a callback URL, or null when it can. */
export function callbackUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an absolute URL";
  }
  if (url.username || url.password) return "must not contain credentials";
  if (url.hash) return "must not contain a fragment";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && LOOPBACK.has(url.hostname) && isDevelopmentInstance()) return null;
  return "must be an https URL (http only to localhost on a development instance)";
}
