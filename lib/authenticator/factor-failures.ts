// Per-factor lockout across challenges (ASVS 6.3 anti-automation; NIST 800-63B §5.2.2): every wrong
// code counts, a right one resets the count, and reaching the limit locks the factor for a while.
// The lock is audited. Counting is one conditional UPDATE, so concurrent guesses all count.
import { AUTHENTICATOR_FACTOR_LOCK_S, AUTHENTICATOR_FACTOR_MAX_FAILURES } from "@/lib/config/limits";
import type { Tx } from "@/lib/db";
import type { AuthenticatorFactor } from "@/lib/db/generated/client";
import { emit } from "@/lib/events/emit";

export function isFactorLocked(factor: Pick<AuthenticatorFactor, "lockedUntil">, nowMs: number): boolean {
  return factor.lockedUntil !== null && factor.lockedUntil.getTime() > nowMs;
}

/** Counts one wrong code; returns whether this failure locked the factor. */
export async function recordFactorFailure(tx: Tx, factor: Pick<AuthenticatorFactor, "id" | "clientId">, nowMs: number, context: { ip: string; requestId: string }): Promise<{ locked: boolean }> {
  const until = new Date(nowMs + AUTHENTICATOR_FACTOR_LOCK_S * 1000);
  const rows = await tx.$queryRaw<{ locked: boolean }[]>`
    UPDATE authenticator_factors
       SET failed_attempts = CASE WHEN failed_attempts + 1 >= ${AUTHENTICATOR_FACTOR_MAX_FAILURES} THEN 0 ELSE failed_attempts + 1 END,
           locked_until = CASE WHEN failed_attempts + 1 >= ${AUTHENTICATOR_FACTOR_MAX_FAILURES} THEN ${until} ELSE locked_until END,
           updated_at = ${new Date(nowMs)}
     WHERE id = ${factor.id}::uuid
    RETURNING (failed_attempts = 0) AS locked`;
  const locked = rows[0]?.locked === true;
  if (locked) {
    await emit(tx, {
      type: "authenticator.factor_locked",
      actor: { type: "system" },
      clientId: factor.clientId,
      subjectId: factor.id,
      ip: context.ip,
      requestId: context.requestId,
      data: { failures: AUTHENTICATOR_FACTOR_MAX_FAILURES, locked_until: until.toISOString() },
    });
  }
  return { locked };
}

/**
 * Records a verified step (and optionally activates the factor) only if no verification used this
 * step or a later one. Exactly one of several concurrent callers with the same code wins (ASVS 6.5.1).
 */
export async function claimFactorStep(tx: Tx, factorId: string, step: number, nowMs: number, transition: "activate" | "keep_active"): Promise<boolean> {
  const now = new Date(nowMs);
  const count =
    transition === "activate"
      ? await tx.$executeRaw`
          UPDATE authenticator_factors SET status = 'ACTIVE', last_used_step = ${step}, failed_attempts = 0, updated_at = ${now}
           WHERE id = ${factorId}::uuid AND status = 'PENDING' AND (last_used_step IS NULL OR last_used_step < ${step})
             AND (locked_until IS NULL OR locked_until <= ${now})`
      : await tx.$executeRaw`
          UPDATE authenticator_factors SET last_used_step = ${step}, failed_attempts = 0, updated_at = ${now}
           WHERE id = ${factorId}::uuid AND status = 'ACTIVE' AND (last_used_step IS NULL OR last_used_step < ${step})
             AND (locked_until IS NULL OR locked_until <= ${now})`;
  return count === 1;
}
