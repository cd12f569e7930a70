// CSRF defence for form posts that are not Next.js server actions (which compare Origin with Host
// themselves): the browser's Origin must be Trustgate's own. Browsers send Origin on every POST;
// a request without one is refused too (OWASP CSRF Cheat Sheet: verify the source origin).
import { publicUrl } from "@/lib/config/settings";

export function isSameOriginPost(headers: Headers): boolean {
  if (headers.get("sec-fetch-site") === "cross-site") return false;
  const origin = headers.get("origin");
  if (!origin || origin === "null") return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.origin === new URL(publicUrl()).origin) return true;
  // The host the browser addressed (as Next.js's own server-action check does).
  const host = headers.get("host");
  return Boolean(host) && parsed.host === host;
}
