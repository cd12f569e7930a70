// The SMS-code and second-factor steps as plain form posts (server actions), for a browser without
// JavaScript or one that submits before the page's script runs: the same checks as next-auth's
// credential providers (lib/sign-in/auth-options.ts), then the same session row; the caller hands
// the browser its cookie. With JavaScript the pages keep using next-auth's sign-in.
import { redeemSecondFactor, SecondFactorError, type SecondFactorMethod } from "@/lib/second-factor/second-factor";
import { createSession } from "@/lib/sessions/session";
import { SecondFactorRequired, SignInError, signInWithSmsCode } from "./sms-sign-in";
import { newSessionOf } from "./start-session";

export type FormSignIn = { ok: true; sessionToken: string } | { ok: false; error: string; attemptsLeft?: number; ticket?: string };

export async function smsCodeFormSignIn(input: { phone: string; code: string; requestId: string | null; ip: string; userAgent: string | null }): Promise<FormSignIn> {
  try {
    const user = await signInWithSmsCode({ phone: input.phone, code: input.code.replace(/\s/g, ""), requestId: input.requestId, ip: input.ip });
    const { token } = await createSession(newSessionOf({ ...user, ip: input.ip, userAgent: input.userAgent }));
    return { ok: true, sessionToken: token };
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
    const { token } = await createSession(newSessionOf({ ...user, ip: input.ip, userAgent: input.userAgent }));
    return { ok: true, sessionToken: token };
  } catch (error) {
    if (error instanceof SecondFactorError) return { ok: false, error: error.reason };
    throw error;
  }
}
