// Step 1 of the SMS sign-in on a hosted authorize request: decide which phone gets the code
// (the one the partner locked or the expected user's own, never a substitute) and send it.
import { db } from "@/lib/db";
import { ProductError } from "@/lib/errors/product";
import { normalizePhone } from "@/lib/phone/normalize";
import { requestSignInCode } from "@/lib/sms/sign-in-code";
import { loadAuthorizationRequest } from "./authorization-request";

export type StartSmsSignInResult =
  | { ok: true; phone: string }
  | { ok: false; error: "expired" | "invalid_phone" | "sms_resend_too_soon" | "sms_rate_limited" | "sms_provider_failed" | "sms_provider_not_configured" };

export async function startSmsSignIn(input: { requestId: string; phone: string; ip: string }): Promise<StartSmsSignInResult> {
  const request = await loadAuthorizationRequest(input.requestId);
  if (!request) return { ok: false, error: "expired" };
  let phone: string | null;
  if (request.expectedUserId) {
    phone = (await db().user.findUnique({ where: { id: request.expectedUserId }, select: { phone: true } }))?.phone ?? null;
  } else if (request.phoneReadOnly) {
    phone = request.phone;
  } else {
    phone = normalizePhone(input.phone);
  }
  if (!phone) return { ok: false, error: "invalid_phone" };
  try {
    await requestSignInCode({ phone, ip: input.ip });
  } catch (error) {
    if (error instanceof ProductError && (error.code === "sms_resend_too_soon" || error.code === "sms_rate_limited" || error.code === "sms_provider_failed" || error.code === "sms_provider_not_configured")) {
      return { ok: false, error: error.code };
    }
    throw error;
  }
  return { ok: true, phone };
}
