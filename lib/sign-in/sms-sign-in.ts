// The SMS-code credential: verify the code, then find (or, through a UserIntent, create) the user.
// Errors travel back through next-auth as their code in the thrown message.
import { issueSecondFactorTicket, SECOND_FACTOR_PREFIX } from "@/lib/second-factor/second-factor";
import { requiresSecondFactor } from "@/lib/second-factor/user-app";
import { record } from "@/lib/events/emit";
import { normalizePhone } from "@/lib/phone/normalize";
import { verifySignInCode } from "@/lib/sms/sign-in-code";
import { loadAuthorizationRequest } from "@/lib/authorize/authorization-request";
import { logger } from "@/lib/log/logger";
import type { Session } from "@/lib/sessions/session";
import type { SessionUser } from "@/lib/sessions/session-user";
import { lockedPhone, userForSignIn } from "./request-binding";
import { startSession } from "./start-session";

export class SignInError extends Error {}

export async function signInWithSmsCode(input: { phone: string; code: string; requestId: string | null; ip: string }): Promise<SessionUser> {
  const phone = normalizePhone(input.phone);
  if (!phone) throw new SignInError("invalid_phone");
  const request = input.requestId ? await loadAuthorizationRequest(input.requestId) : null;
  // A request locked to a phone (or to a user) is signed in by that phone only.
  const locked = await lockedPhone(request);
  if (locked !== null && locked !== phone) throw new SignInError("invalid_phone");
  const verified = await verifySignInCode({ phone, code: input.code.trim(), ip: input.ip });
  if (!verified.ok) throw new SignInError(verified.attemptsLeft !== undefined ? `${verified.reason}:${verified.attemptsLeft}` : verified.reason);

  const userId = await userForSignIn(request, phone, { ip: input.ip });
  // With an authenticator app the SMS code is only the first factor: no session yet, a ticket.
  if (await requiresSecondFactor(userId)) {
    const ticket = await issueSecondFactorTicket({ userId, phone, authorizationRequestId: request?.id ?? null, ip: input.ip });
    throw new SignInError(`${SECOND_FACTOR_PREFIX}${ticket}`);
  }
  await record({ type: "user.signed_in", actor: { type: "user", id: userId }, userId, clientId: request?.clientId ?? null, ip: input.ip, data: { auth_method: "sms_otp" } });
  return { id: userId, phone, authMethod: "sms_otp", authTime: Math.floor(Date.now() / 1000) };
}

export type SmsCodeStepOutcome = { kind: "signed_in"; session: Session; token: string } | { kind: "second_factor"; ticket: string } | { kind: "refused"; error: string };

/**
 * The hosted code page's form, posted as a server action (no next-auth round trips: no provider
 * list, no CSRF token fetch — the action's same-origin check guards it): the same checks as the
 * "sms" credential, then the session row its jwt callback writes. `error` is the code the page
 * shows (`invalid:3`, `expired`, …), as next-auth carried it before.
 */
export async function signInWithSmsCodeStep(input: { phone: string; code: string; requestId: string | null; ip: string }): Promise<SmsCodeStepOutcome> {
  let user: SessionUser;
  try {
    user = await signInWithSmsCode(input);
  } catch (error) {
    if (!(error instanceof SignInError)) {
      logger.error({ err: error }, "SMS sign-in failed");
      return { kind: "refused", error: "server_error" };
    }
    if (error.message.startsWith(SECOND_FACTOR_PREFIX)) return { kind: "second_factor", ticket: error.message.slice(SECOND_FACTOR_PREFIX.length) };
    return { kind: "refused", error: error.message };
  }
  const { session, token } = await startSession(user);
  return { kind: "signed_in", session, token };
}
