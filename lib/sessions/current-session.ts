// THE reader of the end-user session, for pages, route handlers and server actions alike: the
// cookie's token → the row (lib/sessions/session.ts), every rule checked on every use.
import { sessionCookieName, sessionTokenFromCookieHeader } from "./cookie";
import { resolveSession, type Session } from "./session";
import type { SessionUser } from "./session-user";

export type { SessionUser } from "./session-user";

/** The session token of this request: from `req` when given, else from Next's request scope. */
export async function sessionToken(req?: Request): Promise<string | null> {
  if (req) return sessionTokenFromCookieHeader(req.headers.get("cookie"));
  // Loaded on use: the lean dispatch path (outside Next's runtime, where next/headers may not even
  // be imported) always passes the request.
  const { cookies } = await import("next/headers");
  return (await cookies()).get(sessionCookieName())?.value || null;
}

/** The live session of this request, or null. */
export async function currentSession(req?: Request): Promise<Session | null> {
  const token = await sessionToken(req).catch(() => null);
  const resolved = await resolveSession(token);
  return "session" in resolved ? resolved.session : null;
}

export function toSessionUser(session: Session): SessionUser {
  return {
    id: session.userId,
    phone: session.phone,
    authMethod: session.authMethod,
    authTime: session.authTime,
    ...(session.deviceId ? { deviceId: session.deviceId } : {}),
    sessionId: session.id,
    amr: session.amr,
    secondFactor: session.secondFactor,
    boundClientId: session.boundClientId,
    boundRequestId: session.boundRequestId,
    createdAt: session.createdAt,
  };
}

/** A thin wrapper over currentSession() (the shape server actions were written against). */
export async function currentSessionUser(req?: Request): Promise<SessionUser | null> {
  const session = await currentSession(req);
  return session ? toSessionUser(session) : null;
}
