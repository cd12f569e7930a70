// The end users' next-auth instance: it runs the sign-in methods' forms that still post through it
// (the risk challenge's SMS step, passkey, trusted-device approval) and sets the session cookie.
// The hosted sign-in's SMS code and second factor are server actions (app/login/actions.ts). The session itself is a row
// (lib/sessions/session.ts): on sign-in the jwt callback creates it, and `jwt.encode` writes only
// the row's random token into the cookie (httpOnly, SameSite=Lax, Secure behind HTTPS). Each
// sign-in creates a new row, so a session is never carried over from before authentication.
// Nothing reads sessions through next-auth: currentSession() (lib/sessions) is the one reader.
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { END_USER_SESSION_MAX_AGE_S } from "@/lib/config/limits";
import { publicUrl } from "@/lib/config/settings";
import { sessionSecret } from "./session-secret";
import { logger } from "@/lib/log/logger";
import { SecondFactorRequired, SignInError, signInWithSmsCode } from "./sms-sign-in";
import { handTicketToBrowser } from "./second-factor-cookie";
import { deviceSignInProviders } from "@/lib/devices/session-providers";
import { createSession, resolveSession } from "@/lib/sessions/session";
import { newSessionOf, type SignedInUser } from "./start-session";

import { clientIpFrom } from "@/lib/log/request-context";

export type { SessionUser } from "@/lib/sessions/session-user";

let cached: AuthOptions | null = null;

export function authOptions(): AuthOptions {
  if (cached) return cached;
  const secure = publicUrl().startsWith("https://");
  cached = {
    secret: sessionSecret(),
    session: { strategy: "jwt", maxAge: END_USER_SESSION_MAX_AGE_S },
    // The cookie holds the session row's token, nothing else (no claims to trust, nothing to decrypt).
    jwt: {
      encode: async ({ token }) => (typeof token?.sid === "string" ? token.sid : ""),
      // /api/auth/session answers from the row too: an ended or made-up session is no session.
      decode: async ({ token }) => {
        const resolved = await resolveSession(token);
        if (!("session" in resolved)) return null;
        const { session } = resolved;
        return { sid: token, sub: session.userId, phone: session.phone, authMethod: session.authMethod, authTime: session.authTime };
      },
    },
    useSecureCookies: secure,
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        id: "sms",
        name: "SMS code",
        credentials: { phone: { type: "tel" }, code: { type: "text" }, rid: { type: "hidden" } },
        async authorize(credentials, req) {
          const ip = clientIpFrom(req.headers);
          try {
            return await signInWithSmsCode({ phone: credentials?.phone ?? "", code: credentials?.code ?? "", requestId: credentials?.rid || null, ip });
          } catch (error) {
            // The authenticator app is due: the ticket goes to this browser as a cookie, the
            // message (next-auth puts it into a URL) only says so.
            if (error instanceof SecondFactorRequired) await handTicketToBrowser(error.ticket);
            // next-auth puts the message into the browser's URL: only our own codes may go there.
            if (error instanceof SignInError) throw error;
            logger.error({ err: error }, "SMS sign-in failed");
            throw new SignInError("server_error");
          }
        },
      }),
      ...deviceSignInProviders(),
    ],
    callbacks: {
      async jwt({ token, user }) {
        // A sign-in (a provider's authorize() returned a user): a new session row.
        if (user) return { sid: (await createSession(newSessionOf(user as unknown as SignedInUser))).token };
        return token;
      },
      async session({ session, token }) {
        // Trustgate's own pages call currentSession(); this only serves GET /api/auth/session.
        return { expires: session.expires, user: { id: token.sub, phone: token.phone, authMethod: token.authMethod, authTime: token.authTime } } as unknown as typeof session;
      },
    },
  };
  return cached;
}
