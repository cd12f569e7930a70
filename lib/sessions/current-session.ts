// THE reader of the end-user session, for pages, route handlers and server actions alike: the
// cookie's token → the row (lib/sessions/session.ts), every rule checked on every use.
import { cookies } from "next/headers";
import type { AuthMethod } from "@/lib/db/generated/client";
import { sessionCookieName, sessionTokenFromCookieHeader } from "./cookie";
import { resolveSession, type Session } from "./session";

/** The session token of this request: from `req` when given, else from Next's request scope. */
export async function sessionToken(req?: Request): Promise<string | null> {
  if (req) return sessionTokenFromCookieHeader(req.headers.get("cookie"));
  return (await cookies()).get(sessionCookieName())?.value || null;
}

/** The live session of this request, or null. */
export async function currentSession(req?: Request): Promise<Session | null> {
  const token = await sessionToken(req).catch(() => null);
  const resolved = await resolveSession(token);
  return "session" in resolved ? resolved.session : null;
}

/** The older shape, kept for callers written against it (`id` is the user's id). */
export interface SessionUser {
  id: string;
  phone: string;
  authMethod: AuthMethod;
  authTime: number;
  deviceId?: string;
  /** The session row (absent only in tests that build a SessionUser by hand). */
  sessionId?: string;
  amr?: string[];
  secondFactor?: boolean;
  boundClientId?: string | null;
  boundRequestId?: string | null;
  createdAt?: number;
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
