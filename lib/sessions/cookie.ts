// The session cookie: next-auth 4's cookie name (so next-auth's sign-in callback can set it), but
// its value is the session row's random token, not a JWT (lib/sign-in/auth-options.ts encodes it so).
import { END_USER_SESSION_MAX_AGE_S } from "@/lib/config/limits";
import { publicUrl } from "@/lib/config/settings";

function secureCookies(): boolean {
  return publicUrl().startsWith("https://");
}

/** `__Secure-` prefixed behind HTTPS, as next-auth's `useSecureCookies` does. */
export function sessionCookieName(): string {
  return `${secureCookies() ? "__Secure-" : ""}next-auth.session-token`;
}

function attributes(expires: Date): string {
  return ["Path=/", `Expires=${expires.toUTCString()}`, "HttpOnly", "SameSite=Lax", ...(secureCookies() ? ["Secure"] : [])].join("; ");
}

/** `Set-Cookie` that hands the browser a session token. */
export function sessionSetCookie(token: string, now = new Date()): string {
  return `${sessionCookieName()}=${token}; ${attributes(new Date(now.getTime() + END_USER_SESSION_MAX_AGE_S * 1000))}`;
}

/** The same cookie as sessionSetCookie, as options for Next's cookies().set (server actions). */
export function sessionCookieOptions(now = new Date()) {
  return { path: "/", expires: new Date(now.getTime() + END_USER_SESSION_MAX_AGE_S * 1000), httpOnly: true, sameSite: "lax", secure: secureCookies() } as const;
}

/** `Set-Cookie` that removes the session cookie (sign-out). */
export function sessionClearCookie(): string {
  return `${sessionCookieName()}=; ${attributes(new Date(0))}; Max-Age=0`;
}

/** The session token in a `Cookie` header, if any. */
export function sessionTokenFromCookieHeader(header: string | null): string | null {
  const name = sessionCookieName();
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index <= 0 || part.slice(0, index).trim() !== name) continue;
    const value = part.slice(index + 1).trim();
    return value || null;
  }
  return null;
}
