// Step 1 of the SMS sign-in on a hosted authorize request: decide which phone gets the code
// (the one the partner locked or the expected user's own, never a substitute) and send it.
import { ProductError } from "@/lib/errors/product";
import type { Locale } from "@/lib/i18n/locales";
import { normalizePhone } from "@/lib/phone/normalize";
import { requestSignInCode } from "@/lib/sms/sign-in-code";
import { findUserById } from "@/lib/users/user-row";
import { loadAuthorizationRequest } from "./authorization-request";

export type StartSmsSignInResult =
  /** `justSent`: a code went to this phone less than the cooldown ago (a double tap, a retried slow request): no new code, the user enters that one. */
  { ok: true; phone: string; justSent: boolean } | { ok: false; error: "expired" | "invalid_phone" | "sms_rate_limited" | "sms_provider_failed" | "sms_provider_not_configured" };

export async function startSmsSignIn(input: { requestId: string; phone: string; ip: string; locale?: Locale }): Promise<StartSmsSignInResult> {
  const request = await loadAuthorizationRequest(input.requestId);
  if (!request) return { ok: false, error: "expired" };
  let phone: string | null;
  if (request.expectedUserId) {
    phone = (await findUserById(request.expectedUserId))?.phone ?? null;
  } else if (request.phoneReadOnly) {
    phone = request.phone;
  } else {
    phone = normalizePhone(input.phone);
  }
  if (!phone) return { ok: false, error: "invalid_phone" };
  try {
    await requestSignInCode({ phone, ip: input.ip, locale: input.locale });
  } catch (error) {
    // The cooldown says a code is on its way to this very number: the code page, not an error.
    // (It tells no more than the error did: that a code was sent to the number just now.)
    if (error instanceof ProductError && error.code === "sms_resend_too_soon") return { ok: true, phone, justSent: true };
    if (error instanceof ProductError && (error.code === "sms_rate_limited" || error.code === "sms_provider_failed" || error.code === "sms_provider_not_configured")) {
      return { ok: false, error: error.code };
    }
    throw error;
  }
  return { ok: true, phone, justSent: false };
}
