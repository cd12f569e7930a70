// An end user's own authenticator app (portal, SPEC §4 last point): enrol with a QR code or the
// manual key, confirm with a code (which turns it on and issues recovery codes), and from then on
// it is asked for after the SMS code. Codes are checked in user-app-code.ts.
import { encryptSecret } from "@/lib/crypto/secret-box";
import { db, sql } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { qrCodeDataUrl } from "@/lib/authenticator/qr-code";
import { replaceRecoveryCodes } from "@/lib/second-factor/recovery-codes";
import { totpSecretOf } from "@/lib/authenticator/secret";
import { newTotpSecret, totpUri } from "@/lib/crypto/totp";
import { verifyAuthenticatorAppCode, type AppCodeFailure } from "@/lib/second-factor/user-app-code";

/** The issuer shown in the user's app for Trustgate's own sign-in. */
export const PORTAL_TOTP_ISSUER = "Trustgate";

export type AuthenticatorAppState = { kind: "none" } | { kind: "enrolling"; uri: string; dataUrl: string; manualKey: string } | { kind: "on"; since: Date; recoveryCodesLeft: number };

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
  // Plain SQL: asked on every SMS sign-in.
  const [app] = await sql<{ confirmed_at: Date | null }>(`SELECT confirmed_at FROM user_authenticator_apps WHERE user_id = $1::uuid`, [userId]);
  return Boolean(app?.confirmed_at);
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
