// CSRF defence for form posts that are not Next.js server actions (which compare Origin with Host
// themselves), following the OWASP CSRF Cheat Sheet: Fetch Metadata first, then the Origin.
// Our Referrer-Policy is no-referrer, under which browsers send `Origin: null` on a plain form
// post, so a same-origin form is recognised by `Sec-Fetch-Site: same-origin`; browsers without
// Fetch Metadata must send our Origin. Anything else (no header at all included) is refused.
import { publicUrl } from "@/lib/config/settings";

function isOurOrigin(origin: string, host: string | null): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.origin === new URL(publicUrl()).origin) return true;
  // The host the browser addressed (as Next.js's own server-action check does).
  return Boolean(host) && parsed.host === host;
}

export function isSameOriginPost(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  const origin = headers.get("origin");
  if (site !== null && site !== "same-origin") return false;
  if (origin && origin !== "null") return isOurOrigin(origin, headers.get("host"));
  return site === "same-origin";
}
