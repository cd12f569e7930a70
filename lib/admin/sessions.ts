// Admin sessions live in the database (ASVS 3.3.2 L2: 12 h absolute, 30 min idle). The admin
// next-auth JWT only carries the random session id; every admin request resolves it here, so an
// idle, expired, signed-out or disabled admin's cookie stops working at once on every instance.
import { ADMIN_SESSION_IDLE_S, ADMIN_SESSION_MAX_AGE_S, ADMIN_SESSION_TOUCH_S } from "@/lib/config/limits";
import { randomToken, sha256Hex } from "@/lib/crypto/random";
import { db, type Tx } from "@/lib/db";
import type { Admin, AdminRole } from "@/lib/db/generated/client";
import { emit } from "@/lib/events/emit";

export interface SignedInAdmin {
  id: string;
  email: string;
  role: AdminRole;
  sessionId: string;
}

export async function createAdminSession(tx: Tx, input: { adminId: string; ip: string | null; userAgent: string | null; now: Date }): Promise<string> {
  const sid = randomToken(32);
  await tx.adminSession.create({
    data: {
      id: sha256Hex(sid),
      adminId: input.adminId,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      lastSeenAt: input.now,
      expiresAt: new Date(input.now.getTime() + ADMIN_SESSION_MAX_AGE_S * 1000),
      createdAt: input.now,
    },
  });
  return sid;
}

export type SessionProblem = "missing" | "revoked" | "expired" | "idle" | "disabled";

/** The admin behind session id `sid`, refreshing its idle clock; or why there is none. */
export async function resolveAdminSession(sid: string | null | undefined, now = new Date()): Promise<{ admin: SignedInAdmin } | { problem: SessionProblem }> {
  if (!sid || sid.length > 100) return { problem: "missing" };
  const id = sha256Hex(sid);
  const session = await db().adminSession.findUnique({ where: { id }, include: { admin: true } });
  if (!session) return { problem: "missing" };
  if (session.revokedAt) return { problem: "revoked" };
  const problem: SessionProblem | null = session.expiresAt <= now ? "expired" : now.getTime() - session.lastSeenAt.getTime() >= ADMIN_SESSION_IDLE_S * 1000 ? "idle" : session.admin.disabledAt ? "disabled" : null;
  if (problem) {
    await db().adminSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
    return { problem };
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= ADMIN_SESSION_TOUCH_S * 1000) {
    await db().adminSession.updateMany({ where: { id, revokedAt: null, lastSeenAt: { lt: now } }, data: { lastSeenAt: now } });
  }
  return { admin: toSignedIn(session.admin, sid) };
}

function toSignedIn(admin: Admin, sessionId: string): SignedInAdmin {
  return { id: admin.id, email: admin.email, role: admin.role, sessionId };
}

export async function revokeAdminSession(sid: string, now = new Date()): Promise<void> {
  await db().adminSession.updateMany({ where: { id: sha256Hex(sid), revokedAt: null }, data: { revokedAt: now } });
}

/** Signs an admin out: the session row is revoked and `admin.signed_out` recorded, together. */
export async function signOutAdmin(admin: Pick<SignedInAdmin, "id" | "sessionId">, now = new Date()): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.adminSession.updateMany({ where: { id: sha256Hex(admin.sessionId), revokedAt: null }, data: { revokedAt: now } });
    await emit(tx, { type: "admin.signed_out", actor: { type: "admin", id: admin.id }, subjectId: admin.id });
  });
}

export async function revokeAllAdminSessions(tx: Tx, adminId: string, now = new Date()): Promise<number> {
  return (await tx.adminSession.updateMany({ where: { adminId, revokedAt: null }, data: { revokedAt: now } })).count;
}
