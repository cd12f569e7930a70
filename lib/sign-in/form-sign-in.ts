// The SMS-code and second-factor steps of the hosted sign-in as server actions (app/login/actions.ts),
// one path with or without JavaScript: the checks of lib/sign-in/sms-sign-in.ts and
// lib/second-factor/second-factor.ts, then a new session row; the caller hands the browser its cookie.
import type { AuthorizationRequest } from "@/lib/authorize/authorization-request";
import { redeemSecondFactor, SecondFactorError, type SecondFactorMethod } from "@/lib/second-factor/second-factor";
import { createSession, type Session } from "@/lib/sessions/session";
import { SecondFactorRequired, SignInError, signInWithSmsCode } from "./sms-sign-in";
import { newSessionOf } from "./start-session";

export type FormSignIn = { ok: true; sessionToken: string; session: Session } | { ok: false; error: string; attemptsLeft?: number; ticket?: string };

export async function smsCodeFormSignIn(input: {
  phone: string;
  code: string;
  requestId: string | null;
  /** The request, when the caller has loaded it already (else read from requestId). */
  request?: AuthorizationRequest | null;
  ip: string;
  userAgent: string | null;
}): Promise<FormSignIn> {
  try {
    const user = await signInWithSmsCode({ phone: input.phone, code: input.code.replace(/\s/g, ""), requestId: input.requestId, request: input.request, ip: input.ip });
    const { token, session } = await createSession(newSessionOf({ ...user, ip: input.ip, userAgent: input.userAgent }));
    return { ok: true, sessionToken: token, session };
  } catch (error) {
    if (!(error instanceof SignInError)) throw error;
    // The code was right and the user has an authenticator app: the second step is still due.
    // The ticket goes back to the caller, which keeps it in an httpOnly cookie (never a URL or page).
    if (error instanceof SecondFactorRequired) return { ok: false, error: "second_factor", ticket: error.ticket };
    const [reason, left] = error.message.split(":");
    return { ok: false, error: reason === "expired" ? "expired_code" : reason!, ...(left !== undefined ? { attemptsLeft: Number(left) } : {}) };
  }
}

export async function secondFactorFormSignIn(input: { ticket: string; method: SecondFactorMethod; code: string; ip: string; userAgent: string | null }): Promise<FormSignIn> {
  try {
    const user = await redeemSecondFactor({ ticket: input.ticket, method: input.method, code: input.code, ip: input.ip });
    const { token, session } = await createSession(newSessionOf({ ...user, ip: input.ip, userAgent: input.userAgent }));
    return { ok: true, sessionToken: token, session };
  } catch (error) {
    if (error instanceof SecondFactorError) return { ok: false, error: error.reason };
    throw error;
  }
}
