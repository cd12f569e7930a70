// Admin accounts managed from the dashboard (admins only): list, disable/enable, reset TOTP.
// Disabling or resetting ends the account's sessions at once.
import { db } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { isUuid } from "@/lib/validation/ids";
import { revokeAllAdminSessions } from "./sessions";

export async function listAdmins() {
  return db().admin.findMany({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
    select: { id: true, email: true, role: true, totpSecretEnc: true, lockedUntil: true, lastLoginAt: true, disabledAt: true, createdAt: true },
  });
}

async function changeAdmin(targetId: string, actor: DomainEvent["actor"], type: string, data: Record<string, unknown>, endSessions: boolean): Promise<void> {
  if (!isUuid(targetId)) throw new ProductError("not_found", "No admin with this id");
  if (actor.id === targetId) throw new ProductError("validation_failed", "You cannot change your own account here");
  await db().$transaction(async (tx) => {
    const found = await tx.admin.findUnique({ where: { id: targetId }, select: { email: true } });
    if (!found) throw new ProductError("not_found", "No admin with this id");
    await tx.admin.update({ where: { id: targetId }, data });
    const ended = endSessions ? await revokeAllAdminSessions(tx, targetId) : 0;
    await emit(tx, { type, actor, subjectId: targetId, data: { email: found.email, sessions_ended: ended } });
  });
}

export function disableAdmin(targetId: string, actor: DomainEvent["actor"]) {
  return changeAdmin(targetId, actor, "admin.disabled", { disabledAt: new Date() }, true);
}

export function enableAdmin(targetId: string, actor: DomainEvent["actor"]) {
  return changeAdmin(targetId, actor, "admin.enabled", { disabledAt: null, failedLoginCount: 0, lockedUntil: null }, false);
}

/** The admin enrols a new authenticator at the next sign-in. */
export function resetAdminTotp(targetId: string, actor: DomainEvent["actor"]) {
  return changeAdmin(targetId, actor, "admin.totp_reset", { totpSecretEnc: null, totpLastStep: null }, true);
}

/** Ops recovery (CLI) when an admin lost their authenticator. */
export async function resetAdminTotpByEmail(email: string, actor: DomainEvent["actor"]): Promise<{ id: string; email: string }> {
  const admin = await db().admin.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, email: true } });
  if (!admin) throw new ProductError("not_found", "No admin with this email");
  await resetAdminTotp(admin.id, actor);
  return admin;
}
