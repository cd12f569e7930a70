// Starts an end-user session for a sign-in method: the row (lib/sessions) and the cookie for it.
// next-auth's credential providers reach this through the jwt callback (lib/sign-in/auth-options.ts);
// trusted-auth tokens on /login/oauth/authorize call it directly, since the token is redeemed
// where it arrives instead of travelling through a page and a form.
import type { Tx } from "@/lib/db";
import { sessionSetCookie } from "@/lib/sessions/cookie";
import type { SessionUser } from "@/lib/sessions/current-session";
import { createSession, type NewSession, type Session } from "@/lib/sessions/session";

/** What a sign-in method hands over: the user and how they proved it. */
export type SignedInUser = SessionUser & { ip?: string | null; userAgent?: string | null };

export function newSessionOf(user: SignedInUser): NewSession {
  return {
    userId: user.id,
    phone: user.phone,
    authMethod: user.authMethod,
    authTime: user.authTime,
    deviceId: user.deviceId ?? null,
    secondFactor: user.secondFactor ?? false,
    boundClientId: user.boundClientId ?? null,
    boundRequestId: user.boundRequestId ?? null,
    ip: user.ip ?? null,
    userAgent: user.userAgent ?? null,
  };
}

/** A fresh session row and the `Set-Cookie` header value that hands it to the browser. */
export async function startSession(user: SignedInUser, tx?: Tx): Promise<{ session: Session; setCookie: string; token: string }> {
  const { token, session } = await createSession(newSessionOf(user), tx);
  return { session, token, setCookie: sessionSetCookie(token) };
}
