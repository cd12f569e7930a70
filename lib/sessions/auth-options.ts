// End-user sessions: next-auth with the JWT strategy (no session table; the cookie is an encrypted
// JWT, httpOnly, SameSite=Lax, Secure behind HTTPS). Each sign-in issues a fresh token, so a
// session is never carried over from before authentication. Providers: SMS code now; passkeys,
// trusted auth and trusted devices add theirs.
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { END_USER_SESSION_MAX_AGE_S } from "@/lib/config/limits";
import { publicUrl } from "@/lib/config/settings";
import { sessionSecret } from "./session-secret";
import { logger } from "@/lib/log/logger";
import { secondFactorProvider } from "./second-factor-provider";
import { SignInError, signInWithSmsCode } from "./sms-sign-in";
import { deviceSignInProviders } from "@/lib/devices/session-providers";

// The signed-in user's shape lives in a type module the sign-in providers import (no import cycle).
import type { SessionUser } from "./session-user";
import { clientIpFrom } from "@/lib/log/request-context";

export type { SessionUser };

let cached: AuthOptions | null = null;

export function authOptions(): AuthOptions {
  if (cached) return cached;
  const secure = publicUrl().startsWith("https://");
  cached = {
    secret: sessionSecret(),
    session: { strategy: "jwt", maxAge: END_USER_SESSION_MAX_AGE_S },
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
            // next-auth puts the message into the browser's URL: only our own codes may go there.
            if (error instanceof SignInError) throw error;
            logger.error({ err: error }, "SMS sign-in failed");
            throw new SignInError("server_error");
          }
        },
      }),
      ...deviceSignInProviders(),
      secondFactorProvider(),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const signedIn = user as unknown as SessionUser;
          token.sub = signedIn.id;
          token.phone = signedIn.phone;
          token.authMethod = signedIn.authMethod;
          token.authTime = signedIn.authTime;
          if (signedIn.deviceId) token.deviceId = signedIn.deviceId;
        }
        return token;
      },
      async session({ session, token }) {
        return {
          expires: session.expires,
          user: { id: token.sub, phone: token.phone, authMethod: token.authMethod, authTime: token.authTime, ...(token.deviceId ? { deviceId: token.deviceId } : {}) },
        } as unknown as typeof session;
      },
    },
  };
  return cached;
}
