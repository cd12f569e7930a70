// "Add this device" is offered after a sign-in that did not use this browser's passkey, once: the
// answer (added or declined) is remembered in this browser for a year.
import { publicUrl } from "@/lib/config/settings";
import type { SessionUser } from "@/lib/sessions/current-session";

export const DEVICE_OFFER_COOKIE = "tg_device_offer";
const ONE_YEAR_S = 365 * 24 * 3600;

export function deviceOfferCookie(answer: "added" | "declined"): string {
  const secure = publicUrl().startsWith("https://") ? "; Secure" : "";
  return `${DEVICE_OFFER_COOKIE}=${answer}; Path=/; Max-Age=${ONE_YEAR_S}; HttpOnly; SameSite=Lax${secure}`;
}

export function shouldOfferDevice(session: SessionUser | null, answered: string | undefined): boolean {
  return Boolean(session && session.authMethod !== "passkey" && !answered);
}
