// The admin next-auth instance, separate from the end users' (lib/sign-in/auth-options.ts): its
// own route (/admin/auth/*), its own secret (HKDF purpose "admin-session"), its own cookie names,
// scoped to /admin and SameSite=Strict. An end-user session can never be read as an admin one,
// nor the reverse. The JWT carries only the admin session id; lib/admin/sessions.ts decides.
import type { AuthOptions, CookiesOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { hkdfSync } from "node:crypto";
import { ADMIN_SESSION_MAX_AGE_S } from "@/lib/config/limits";
import { currentSecret } from "@/lib/config/secret";
import { publicUrl } from "@/lib/config/settings";
import { logger } from "@/lib/log/logger";
import { ADMIN_TICKET_COOKIE } from "./login-ticket";
import { revokeAdminSession } from "./sessions";
import { AdminSignInError, completeAdminSignIn } from "./sign-in";
import { clientIpFrom } from "@/lib/log/request-context";

export const ADMIN_AUTH_BASE_PATH = "/admin/auth";
export const ADMIN_COOKIE_PATH = "/admin";

export function adminSessionSecret(): string {
  return Buffer.from(hkdfSync("sha256", currentSecret(), "trustgate", "trustgate/admin-session/v1", 32)).toString("base64url");
}

export function adminCookieNames(secure = publicUrl().startsWith("https://")): { session: string; csrf: string; callbackUrl: string } {
  const prefix = secure ? "__Secure-" : "";
  return { session: `${prefix}trustgate-admin.session-token`, csrf: `${prefix}trustgate-admin.csrf-token`, callbackUrl: `${prefix}trustgate-admin.callback-url` };
}

function readCookie(header: unknown, name: string): string | null {
  if (typeof header !== "string") return null;
  for (const part of header.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return null;
}

let cached: AuthOptions | null = null;

export function adminAuthOptions(): AuthOptions {
  if (cached) return cached;
  const secure = publicUrl().startsWith("https://");
  const names = adminCookieNames(secure);
  const options = { httpOnly: true, sameSite: "strict" as const, path: ADMIN_COOKIE_PATH, secure };
  const cookies: Partial<CookiesOptions> = {
    sessionToken: { name: names.session, options },
    csrfToken: { name: names.csrf, options },
    callbackUrl: { name: names.callbackUrl, options },
  };
  cached = {
    secret: adminSessionSecret(),
    session: { strategy: "jwt", maxAge: ADMIN_SESSION_MAX_AGE_S },
    jwt: { maxAge: ADMIN_SESSION_MAX_AGE_S },
    useSecureCookies: secure,
    cookies,
    pages: { signIn: "/admin/login", error: "/admin/login", signOut: "/admin/login" },
    providers: [
      CredentialsProvider({
        id: "admin-totp",
        name: "Authenticator code",
        credentials: { code: { type: "text" } },
        async authorize(credentials, req) {
          const headers = req.headers ?? {};
          try {
            return await completeAdminSignIn({
              ticket: readCookie(headers.cookie, ADMIN_TICKET_COOKIE),
              code: credentials?.code ?? "",
              ip: clientIpFrom(headers),
              userAgent: typeof headers["user-agent"] === "string" ? headers["user-agent"] : null,
            });
          } catch (error) {
            // next-auth puts the message into the URL: only our own codes may go there.
            if (error instanceof AdminSignInError) throw error;
            logger.error({ err: error }, "admin sign-in failed");
            throw new AdminSignInError("server_error");
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const grant = user as unknown as { id: string; sid: string };
          return { sub: grant.id, sid: grant.sid };
        }
        return token;
      },
      // /admin/auth/session is readable by page scripts: it never shows the session id.
      async session({ session, token }) {
        return { expires: session.expires, adminId: token.sub } as unknown as typeof session;
      },
      // Only ever back into the dashboard.
      async redirect({ url, baseUrl }) {
        return url.startsWith(`${baseUrl}/admin`) || url.startsWith("/admin") ? new URL(url, baseUrl).toString() : `${baseUrl}/admin`;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await revokeAdminSession(token.sid);
      },
    },
  };
  return cached;
}
