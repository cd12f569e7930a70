// Guards for the JSON endpoints Trustgate's own pages call with the session cookie: a session, and
// WebAuthn ceremonies started per IP are bounded. The origin check is lib/http/same-origin.ts.
import { WEBAUTHN_OPTIONS_PER_IP, WEBAUTHN_OPTIONS_WINDOW_S } from "@/lib/config/limits";
import { ProductError } from "@/lib/errors/product";
import { hitRateLimit } from "@/lib/rate-limit/limiter";
import type { SessionUser } from "@/lib/sessions/current-session";
import { may, type Capability } from "@/lib/sessions/capabilities";
import { currentSessionUser } from "@/lib/sessions/current-session";

/** The signed-in user, whose session must hold `capability` (lib/sessions/capabilities.ts). */
export async function requireSessionUser(capability: Capability): Promise<SessionUser> {
  const user = await currentSessionUser();
  if (!user) throw new ProductError("session_required");
  if (!may(user, capability)) throw new ProductError("session_not_allowed");
  return user;
}

export async function limitCeremonies(ip: string): Promise<void> {
  const { allowed } = await hitRateLimit(`webauthn:ip:${ip}`, WEBAUTHN_OPTIONS_PER_IP, WEBAUTHN_OPTIONS_WINDOW_S);
  if (!allowed) throw new ProductError("webauthn_rate_limited");
}
