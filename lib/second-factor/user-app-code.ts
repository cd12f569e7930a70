// Checking a code against an end user's authenticator app: ±1 step, a step verifies once (the
// conditional UPDATE claims it, one winner under concurrency), wrong codes lock the app for a
// while (audited) — the same rules as partner factors.
import { AUTHENTICATOR_FACTOR_LOCK_S, AUTHENTICATOR_FACTOR_MAX_FAILURES } from "@/lib/config/limits";
import type { Tx } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { authenticatorNow } from "@/lib/authenticator/clock";
import { totpSecretOf } from "@/lib/authenticator/secret";
import { checkTotp, type TotpCheck } from "@/lib/crypto/totp";

export type AppCodeFailure = "invalid" | "replayed" | "locked" | "no_app";
export type AppCodeResult = { ok: true } | { ok: false; reason: AppCodeFailure };

/**
 * Checks a code against the user's app inside `tx` and, when right, claims its time step (one
 * winner under concurrency). `confirming` checks the not-yet-confirmed app and turns it on.
 */
export async function verifyAuthenticatorAppCode(tx: Tx, userId: string, code: string, options: { confirming: boolean; ip?: string | null }): Promise<AppCodeResult> {
  const app = await tx.userAuthenticatorApp.findUnique({ where: { userId } });
  if (!app || (options.confirming ? app.confirmedAt !== null : app.confirmedAt === null)) return { ok: false, reason: "no_app" };
  const nowMs = authenticatorNow();
  if (app.lockedUntil && app.lockedUntil.getTime() > nowMs) return { ok: false, reason: "locked" };
  const check: TotpCheck = await checkTotp({ secret: totpSecretOf(app), code: code.trim(), epochS: Math.floor(nowMs / 1000), lastUsedStep: app.lastUsedStep });
  const now = new Date(nowMs);
  if (check.ok) {
    const claimed = await tx.$executeRaw`
      UPDATE user_authenticator_apps
         SET last_used_step = ${check.step}, failed_attempts = 0, updated_at = ${now},
             confirmed_at = COALESCE(confirmed_at, ${options.confirming ? now : null})
       WHERE user_id = ${userId}::uuid AND (last_used_step IS NULL OR last_used_step < ${check.step})`;
    if (claimed === 1) return { ok: true };
    return { ok: false, reason: "replayed" };
  }
  if (check.reason === "replayed") return { ok: false, reason: "replayed" };
  const until = new Date(nowMs + AUTHENTICATOR_FACTOR_LOCK_S * 1000);
  const rows = await tx.$queryRaw<{ locked: boolean }[]>`
    UPDATE user_authenticator_apps
       SET failed_attempts = CASE WHEN failed_attempts + 1 >= ${AUTHENTICATOR_FACTOR_MAX_FAILURES} THEN 0 ELSE failed_attempts + 1 END,
           locked_until = CASE WHEN failed_attempts + 1 >= ${AUTHENTICATOR_FACTOR_MAX_FAILURES} THEN ${until} ELSE locked_until END,
           updated_at = ${now}
     WHERE user_id = ${userId}::uuid
    RETURNING (failed_attempts = 0) AS locked`;
  if (rows[0]?.locked) {
    await emit(tx, { type: "user.authenticator_app_locked", actor: { type: "system" }, userId, ip: options.ip ?? null, data: { locked_until: until.toISOString() } });
  }
  return { ok: false, reason: "invalid" };
}
