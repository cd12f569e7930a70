// WebAuthn ceremonies started per IP are bounded (the JSON endpoints our own pages call declare
// their session and same-origin guards with route(), lib/http/route.ts).
import { WEBAUTHN_OPTIONS_PER_IP, WEBAUTHN_OPTIONS_WINDOW_S } from "@/lib/config/limits";
import { ProductError } from "@/lib/errors/product";
import { hitRateLimit } from "@/lib/rate-limit/limiter";

/** The phone page's inline autofill challenge has its own view budget (lib/devices/device-sign-in.ts), not this one. */
export async function limitCeremonies(ip: string): Promise<void> {
  const { allowed } = await hitRateLimit(`webauthn:ip:${ip}`, WEBAUTHN_OPTIONS_PER_IP, WEBAUTHN_OPTIONS_WINDOW_S);
  if (!allowed) throw new ProductError("webauthn_rate_limited");
}
