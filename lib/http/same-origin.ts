// Same-origin checks, the one place for them (OWASP CSRF Cheat Sheet).
// - assertSameOrigin: JSON endpoints our own pages call with the session cookie (fetch always sends
//   Origin there, so it must be exactly Trustgate's public origin — also the WebAuthn origin).
// - isSameOriginPost: form posts that are not Next.js server actions (which compare Origin with Host
//   themselves): Fetch Metadata first, then the Origin.
// Our Referrer-Policy is same-origin, under which browsers send our Origin on a plain form post;
// a `null` Origin with `Sec-Fetch-Site: same-origin` is still accepted here (the HTTP front
// refuses `Origin: null` before it gets here); browsers without Fetch Metadata must send our
// Origin. Anything else (no header at all included) is refused.
import { publicUrl } from "@/lib/config/settings";
import { ProductError } from "@/lib/errors/product";

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

/** Refuses a JSON request whose Origin is not Trustgate's public origin (403 cross_origin_request). */
export function assertSameOrigin(req: Request): void {
  if (req.headers.get("origin") !== new URL(publicUrl()).origin) throw new ProductError("cross_origin_request");
}
