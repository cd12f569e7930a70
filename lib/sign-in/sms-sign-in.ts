// The SMS-code credential: verify the code, then find (or, through a UserIntent, create) the user.
// Errors travel back through next-auth as their code in the thrown message — codes only, no secrets.
import { issueSecondFactorTicket, SECOND_FACTOR_REQUIRED } from "@/lib/second-factor/second-factor";
import { requiresSecondFactor } from "@/lib/second-factor/user-app";
import { record } from "@/lib/events/emit";
import { normalizePhone } from "@/lib/phone/normalize";
import { verifySignInCode } from "@/lib/sms/sign-in-code";
import { loadAuthorizationRequest, type AuthorizationRequest } from "@/lib/authorize/authorization-request";
import type { SessionUser } from "@/lib/sessions/session-user";
import { lockedPhone, userForSignIn } from "./request-binding";

export class SignInError extends Error {}

/**
 * A right SMS code of a user with an authenticator app: the second factor is due. The message is the
 * bare signal; the ticket rides on the error for the caller to hand to the browser out of band
 * (lib/sign-in/second-factor-cookie.ts) — next-auth would put the message into a URL.
 */
export class SecondFactorRequired extends SignInError {
  constructor(readonly ticket: string) {
    super(SECOND_FACTOR_REQUIRED);
  }
}

/**
 * `request`: the authorization request when the caller has already loaded it (the code form's
 * action), else it is loaded from `requestId`.
 */
export async function signInWithSmsCode(input: { phone: string; code: string; requestId: string | null; ip: string; request?: AuthorizationRequest | null }): Promise<SessionUser> {
  const phone = normalizePhone(input.phone);
  if (!phone) throw new SignInError("invalid_phone");
  const request = input.request !== undefined ? input.request : input.requestId ? await loadAuthorizationRequest(input.requestId) : null;
  // A request locked to a phone (or to a user) is signed in by that phone only.
  const locked = await lockedPhone(request);
  if (locked !== null && locked !== phone) throw new SignInError("invalid_phone");
  const verified = await verifySignInCode({ phone, code: input.code.trim(), ip: input.ip });
  if (!verified.ok) throw new SignInError(verified.attemptsLeft !== undefined ? `${verified.reason}:${verified.attemptsLeft}` : verified.reason);

  const userId = await userForSignIn(request, phone, { ip: input.ip });
  // With an authenticator app the SMS code is only the first factor: no session yet, a ticket.
  if (await requiresSecondFactor(userId)) {
    const ticket = await issueSecondFactorTicket({ userId, phone, authorizationRequestId: request?.id ?? null, ip: input.ip });
    throw new SecondFactorRequired(ticket);
  }
  await record({ type: "user.signed_in", actor: { type: "user", id: userId }, userId, clientId: request?.clientId ?? null, ip: input.ip, data: { auth_method: "sms_otp" } });
  return { id: userId, phone, authMethod: "sms_otp", authTime: Math.floor(Date.now() / 1000) };
}
