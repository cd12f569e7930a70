// Account lockout shared by both admin factors (ASVS 2.2.1): wrong passwords and wrong or replayed
// TOTP codes count together; the Nth consecutive failure locks the account for a while, audited.
// Callers answer the same generic error either way, so a lock reveals nothing about the account.
import { ADMIN_LOCKOUT_S, ADMIN_MAX_FAILED_LOGINS } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { emit } from "@/lib/events/emit";

export function isLocked(admin: { lockedUntil: Date | null }, now = new Date()): boolean {
  return admin.lockedUntil !== null && admin.lockedUntil > now;
}

/** Counts one failure atomically; locks (and audits it) when the count reaches the limit. */
export async function recordAdminLoginFailure(adminId: string, factor: "password" | "totp", reason: string, ip: string, now = new Date()): Promise<{ locked: boolean }> {
  return db().$transaction(async (tx) => {
    // After a lock has run out, counting starts again from zero.
    const [row] = await tx.$queryRaw<{ failed_login_count: number; locked_until: Date | null }[]>`
      UPDATE admins SET
        failed_login_count = CASE WHEN locked_until IS NOT NULL AND locked_until <= ${now} THEN 1 ELSE failed_login_count + 1 END,
        locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= ${now} THEN NULL ELSE locked_until END,
        updated_at = ${now}
      WHERE id = ${adminId}::uuid
      RETURNING failed_login_count, locked_until`;
    if (!row) return { locked: false };
    await emit(tx, { type: "admin.login_failed", actor: { type: "admin", id: adminId }, subjectId: adminId, ip, data: { factor, reason, failures: row.failed_login_count } });
    if (row.failed_login_count >= ADMIN_MAX_FAILED_LOGINS && !(row.locked_until && row.locked_until > now)) {
      const lockedUntil = new Date(now.getTime() + ADMIN_LOCKOUT_S * 1000);
      await tx.admin.update({ where: { id: adminId }, data: { lockedUntil } });
      await emit(tx, { type: "admin.locked", actor: { type: "system" }, subjectId: adminId, ip, data: { failures: row.failed_login_count, locked_until: lockedUntil.toISOString() } });
      return { locked: true };
    }
    return { locked: row.locked_until !== null && row.locked_until > now };
  });
}
