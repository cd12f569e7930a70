// Starts an end-user session from the server, for sign-ins that do not go through a next-auth
// sign-in form (trusted-auth tokens on /login/oauth/authorize; reusable by any later method).
// Why not a Credentials provider: a provider is reached by a POST from the browser, so the token
// would travel through a page and a form (and its CSRF step) instead of being redeemed where it
// arrives. Instead the session JWT is minted exactly as next-auth would mint it — `encode` from
// next-auth/jwt, the same secret, max age and cookie name — so getServerSession reads it like any
// other session and the jwt/session callbacks in auth-options.ts apply unchanged.
import { encode } from "next-auth/jwt";
import { END_USER_SESSION_MAX_AGE_S } from "@/lib/config/limits";
import { publicUrl } from "@/lib/config/settings";
import type { SessionUser } from "./auth-options";
import { sessionSecret } from "./session-secret";

/** next-auth 4's session cookie name (`__Secure-` prefixed behind HTTPS, as `useSecureCookies` does). */
export function sessionCookieName(): string {
  return `${secureCookies() ? "__Secure-" : ""}next-auth.session-token`;
}

function secureCookies(): boolean {
  return publicUrl().startsWith("https://");
}

/** The `Set-Cookie` header value that signs `user` in (a fresh session; any previous one is replaced). */
export async function sessionSetCookie(user: SessionUser): Promise<string> {
  const value = await encode({
    token: { sub: user.id, phone: user.phone, authMethod: user.authMethod, authTime: user.authTime },
    secret: sessionSecret(),
    maxAge: END_USER_SESSION_MAX_AGE_S,
  });
  const expires = new Date(Date.now() + END_USER_SESSION_MAX_AGE_S * 1000);
  return [`${sessionCookieName()}=${value}`, "Path=/", `Expires=${expires.toUTCString()}`, "HttpOnly", "SameSite=Lax", ...(secureCookies() ? ["Secure"] : [])].join("; ");
}
