// An end user's own authenticator app (portal, SPEC §4 last point): enrol with a QR code or the
// manual key, confirm with a code (which turns it on and issues recovery codes), and from then on
// it is asked for after the SMS code. Same TOTP rules as partner factors: ±1 step, a step
// verifies once, wrong codes lock the app for a while (audited).
import { AUTHENTICATOR_FACTOR_LOCK_S, AUTHENTICATOR_FACTOR_MAX_FAILURES } from "@/lib/config/limits";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { db, type Tx } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { authenticatorNow } from "./clock";
import { qrCodeDataUrl } from "./qr-code";
import { replaceRecoveryCodes } from "./recovery-codes";
import { totpSecretOf } from "./secret";
import { checkTotp, newTotpSecret, totpUri, type TotpCheck } from "./totp";

/** The issuer shown in the user's app for Trustgate's own sign-in. */
export const PORTAL_TOTP_ISSUER = "Trustgate";

export type AuthenticatorAppState =
  | { kind: "none" }
  | { kind: "enrolling"; uri: string; dataUrl: string; manualKey: string }
  | { kind: "on"; since: Date; recoveryCodesLeft: number };

export async function authenticatorAppState(userId: string, phone: string): Promise<AuthenticatorAppState> {
  const app = await db().userAuthenticatorApp.findUnique({ where: { userId } });
  if (!app) return { kind: "none" };
  if (app.confirmedAt) return { kind: "on", since: app.confirmedAt, recoveryCodesLeft: await db().recoveryCode.count({ where: { userId, usedAt: null } }) };
  const secret = totpSecretOf(app);
  const uri = totpUri({ issuer: PORTAL_TOTP_ISSUER, label: phone, secret });
  return { kind: "enrolling", uri, dataUrl: await qrCodeDataUrl(uri), manualKey: secret.replace(/(.{4})/g, "$1 ").trim() };
}

/** Starts (or restarts) enrolment with a new secret; an app that is already on stays as it is. */
export async function startAuthenticatorAppEnrolment(userId: string): Promise<void> {
  const secretEnc = encryptSecret(newTotpSecret(), "totp");
  await db().$transaction(async (tx) => {
    const existing = await tx.userAuthenticatorApp.findUnique({ where: { userId } });
    if (existing?.confirmedAt) return;
    await tx.userAuthenticatorApp.upsert({ where: { userId }, create: { userId, secretEnc }, update: { secretEnc, lastUsedStep: null, failedAttempts: 0, lockedUntil: null } });
  });
}

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

export type CodesResult = { ok: true; recoveryCodes: string[] } | { ok: false; reason: AppCodeFailure };

/** Confirms enrolment with the first code: the app is on, and 10 recovery codes are shown once. */
export async function confirmAuthenticatorApp(userId: string, code: string, ip: string | null): Promise<CodesResult> {
  return db().$transaction(async (tx) => {
    const result = await verifyAuthenticatorAppCode(tx, userId, code, { confirming: true, ip });
    if (!result.ok) return result;
    const recoveryCodes = await replaceRecoveryCodes(tx, userId);
    await emit(tx, { type: "user.authenticator_app_added", actor: { type: "user", id: userId }, userId, ip });
    return { ok: true, recoveryCodes };
  });
}

/** A new set of recovery codes (the old ones stop working), after a fresh authenticator code. */
export async function regenerateRecoveryCodes(userId: string, code: string, ip: string | null): Promise<CodesResult> {
  return db().$transaction(async (tx) => {
    const result = await verifyAuthenticatorAppCode(tx, userId, code, { confirming: false, ip });
    if (!result.ok) return result;
    const recoveryCodes = await replaceRecoveryCodes(tx, userId);
    await emit(tx, { type: "user.recovery_codes_regenerated", actor: { type: "user", id: userId }, userId, ip });
    return { ok: true, recoveryCodes };
  });
}

/** True once the user has confirmed an authenticator app: SMS alone no longer signs them in. */
export async function requiresSecondFactor(userId: string): Promise<boolean> {
  const app = await db().userAuthenticatorApp.findUnique({ where: { userId }, select: { confirmedAt: true } });
  return Boolean(app?.confirmedAt);
}

/** The user turns the app off with a current code; recovery codes go with it. Audited. */
export async function turnOffAuthenticatorApp(userId: string, code: string, ip: string | null): Promise<{ ok: true } | { ok: false; reason: AppCodeFailure }> {
  return db().$transaction(async (tx) => {
    const result = await verifyAuthenticatorAppCode(tx, userId, code, { confirming: false, ip });
    if (!result.ok) return result;
    await tx.userAuthenticatorApp.deleteMany({ where: { userId } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await emit(tx, { type: "user.authenticator_app_removed", actor: { type: "user", id: userId }, userId, subjectId: userId, ip, data: { reason: "turned off by the user" } });
    return { ok: true };
  });
}
