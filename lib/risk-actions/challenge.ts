// The hosted challenge page behind an action's `url`: the user proves the action with one of their
// trusted devices. The page and its JSON endpoints are opened by the action's token (hashed lookup,
// id must match); the WebAuthn challenge is bound to purpose "action", the action id and the
// action's user, so only that user's passkey can answer it and an answer cannot be spent elsewhere.
// The state moves once, CHALLENGE_REQUIRED → CHALLENGE_SUCCEEDED | CHALLENGE_FAILED (conditional
// UPDATE), and each move is audited.
import type { Locale } from "@/lib/i18n/locales";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { BRANDING_SELECT, brandingOf, type ClientBranding } from "@/lib/clients/branding/branding";
import { ACTION_ENROLMENT_SIGN_IN_MAX_AGE_S } from "@/lib/config/limits";
import { db } from "@/lib/db";
import type { Action } from "@/lib/db/generated/client";
import { assertionOptions, verifyDeviceAssertion } from "@/lib/devices/verify-assertion";
import type { AuthenticationResponseInput } from "@/lib/devices/schemas";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { maskPhone } from "@/lib/phone/normalize";
import { may } from "@/lib/sessions/capabilities";
import type { SessionUser } from "@/lib/sessions/current-session";
import { requestSignInCode } from "@/lib/sms/sign-in-code";
import { actionTokenHash } from "@/lib/risk-actions/action-token";
import { returnUrl } from "@/lib/risk-actions/redirect-url";

export const ACTION_CHALLENGE_PURPOSE = "action";
export const VERIFICATION_METHOD_DEVICE = "DEVICE";

/** The action this token opens, if `actionId` names it; null for anything else (no hints). */
export async function actionForToken(actionId: string, token: string): Promise<Action | null> {
  const hash = typeof token === "string" ? actionTokenHash(token) : null;
  if (!hash) return null;
  const row = await db().action.findUnique({ where: { tokenHash: hash } });
  return row && row.id === actionId ? row : null;
}

export interface ChallengePageModel {
  actionId: string;
  action: string;
  /** The partner's label of the action, when it gave one (plain text: React escapes it). */
  label: string | null;
  clientName: string;
  brand: ClientBranding | null;
  state: Action["state"];
  expired: boolean;
  /** The user has a live trusted device now (it may have enrolled since the action was tracked). */
  enrolled: boolean;
  phoneMasked: string;
  /** Where "Return to …" goes once the challenge is over (token and outcome appended). */
  returnTo: string | null;
}

export async function challengePageModel(actionId: string, token: string, now = new Date()): Promise<ChallengePageModel | null> {
  const row = await actionForToken(actionId, token);
  if (!row) return null;
  const [client, user, devices] = await Promise.all([
    db().client.findUnique({ where: { id: row.clientId }, select: BRANDING_SELECT }),
    db().user.findUnique({ where: { id: row.userId }, select: { phone: true } }),
    db().device.count({ where: { userId: row.userId, revokedAt: null, flaggedAt: null } }),
  ]);
  return {
    actionId: row.id,
    action: row.action,
    label: row.label,
    clientName: client ? brandingOf(client).name : "the application",
    brand: client ? brandingOf(client) : null,
    state: row.state,
    expired: row.tokenExpiresAt <= now,
    enrolled: devices > 0,
    phoneMasked: user ? maskPhone(user.phone) : "",
    returnTo: row.redirectUrl ? returnUrl(row.redirectUrl, { token, state: row.state, idempotencyKey: row.idempotencyKey }) : null,
  };
}

/** A pending, unexpired challenge for this token, or a uniform refusal. */
async function pendingAction(actionId: string, token: string, now = new Date()): Promise<Action> {
  const row = await actionForToken(actionId, token);
  if (!row || row.state !== "CHALLENGE_REQUIRED" || row.tokenExpiresAt <= now) throw new ProductError("action_challenge_unavailable");
  return row;
}

export async function actionChallengeOptions(input: { actionId: string; token: string }): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const row = await pendingAction(input.actionId, input.token);
  return assertionOptions({ purpose: ACTION_CHALLENGE_PURPOSE, userId: row.userId, subjectId: row.id });
}

export interface ChallengeResult {
  state: "CHALLENGE_SUCCEEDED" | "CHALLENGE_FAILED";
  returnTo: string | null;
  /** Why it failed (a product error code the page can word). */
  error?: string;
}

/** Errors that say nothing about the device (stale options, a retried request): no state change. */
const RETRYABLE = new Set(["webauthn_challenge_invalid", "webauthn_rate_limited"]);

export async function completeActionChallenge(input: { actionId: string; token: string; response: AuthenticationResponseInput; ip?: string | null; requestId?: string | null }): Promise<ChallengeResult> {
  const row = await pendingAction(input.actionId, input.token);
  const ctx = { clientId: row.clientId, ip: input.ip ?? null, requestId: input.requestId ?? null };
  let deviceId: string;
  try {
    const verified = await verifyDeviceAssertion({ response: input.response, purpose: ACTION_CHALLENGE_PURPOSE, subjectId: row.id, userId: row.userId, ...ctx });
    deviceId = verified.device.id;
  } catch (error) {
    if (!(error instanceof ProductError) || RETRYABLE.has(error.code)) throw error;
    const moved = await finish(row, { state: "CHALLENGE_FAILED", deviceId: null, reason: error.code }, ctx);
    if (!moved) throw new ProductError("action_challenge_unavailable");
    return { state: "CHALLENGE_FAILED", returnTo: row.redirectUrl ? returnUrl(row.redirectUrl, { token: input.token, state: "CHALLENGE_FAILED", idempotencyKey: row.idempotencyKey }) : null, error: error.code };
  }
  const moved = await finish(row, { state: "CHALLENGE_SUCCEEDED", deviceId, reason: null }, ctx);
  if (!moved) throw new ProductError("action_challenge_unavailable");
  return { state: "CHALLENGE_SUCCEEDED", returnTo: row.redirectUrl ? returnUrl(row.redirectUrl, { token: input.token, state: "CHALLENGE_SUCCEEDED", idempotencyKey: row.idempotencyKey }) : null };
}

async function finish(
  row: Action,
  outcome: { state: "CHALLENGE_SUCCEEDED" | "CHALLENGE_FAILED"; deviceId: string | null; reason: string | null },
  ctx: { clientId: string; ip: string | null; requestId: string | null },
): Promise<boolean> {
  const now = new Date();
  return db().$transaction(async (tx) => {
    const { count } = await tx.action.updateMany({
      where: { id: row.id, state: "CHALLENGE_REQUIRED" },
      data: {
        state: outcome.state,
        challengedAt: now,
        ...(outcome.deviceId ? { verificationMethod: VERIFICATION_METHOD_DEVICE, verifiedDeviceId: outcome.deviceId, isEnrolled: true } : {}),
      },
    });
    if (count !== 1) return false;
    await emit(tx, {
      type: outcome.state === "CHALLENGE_SUCCEEDED" ? "action.challenge_succeeded" : "action.challenge_failed",
      actor: { type: "user", id: row.userId },
      clientId: row.clientId,
      userId: row.userId,
      subjectId: row.id,
      ip: ctx.ip,
      requestId: ctx.requestId,
      data: {
        action: row.action,
        idempotency_key: row.idempotencyKey,
        ...(outcome.deviceId ? { device_id: outcome.deviceId, verification_method: VERIFICATION_METHOD_DEVICE } : {}),
        ...(outcome.reason ? { reason: outcome.reason } : {}),
      },
    });
    return true;
  });
}

export type EnrolmentCodeResult = { ok: true } | { ok: false; error: "unavailable" | "sms_resend_too_soon" | "sms_rate_limited" | "sms_provider_failed" | "sms_provider_not_configured" };

/**
 * An unenrolled user must sign in strongly before adding a device from a challenge page: the SMS
 * code goes to the action user's own phone (never one typed on the page).
 */
export async function sendEnrolmentCode(input: { actionId: string; token: string; ip: string; locale?: Locale }): Promise<EnrolmentCodeResult & { phone?: string }> {
  const row = await actionForToken(input.actionId, input.token);
  if (!row || row.state !== "CHALLENGE_REQUIRED" || row.tokenExpiresAt <= new Date()) return { ok: false, error: "unavailable" };
  const user = await db().user.findUnique({ where: { id: row.userId }, select: { phone: true } });
  if (!user) return { ok: false, error: "unavailable" };
  try {
    await requestSignInCode({ phone: user.phone, ip: input.ip, locale: input.locale });
  } catch (error) {
    if (error instanceof ProductError && (error.code === "sms_resend_too_soon" || error.code === "sms_rate_limited" || error.code === "sms_provider_failed" || error.code === "sms_provider_not_configured")) {
      return { ok: false, error: error.code };
    }
    throw error;
  }
  return { ok: true, phone: user.phone };
}

/** The action user's phone, for the code step's next-auth sign-in (only after a code was sent for this token). */
export async function enrolmentPhone(actionId: string, token: string): Promise<string | null> {
  const row = await actionForToken(actionId, token);
  if (!row || row.state !== "CHALLENGE_REQUIRED") return null;
  return (await db().user.findUnique({ where: { id: row.userId }, select: { phone: true } }))?.phone ?? null;
}

/**
 * Whether this browser's session may add a device for the action's user from the challenge page:
 * the same user, signed in strongly (SMS code or a passkey, not a partner-minted trusted-auth
 * session) within ACTION_ENROLMENT_SIGN_IN_MAX_AGE_S.
 */
export function mayEnrolFromChallenge(session: Pick<SessionUser, "id" | "authMethod" | "authTime"> | null, actionUserId: string, now = new Date()): boolean {
  if (!session || session.id !== actionUserId) return false;
  if (!may(session, "pass_risk_challenge") || !may(session, "enrol_passkey")) return false;
  return now.getTime() / 1000 - session.authTime <= ACTION_ENROLMENT_SIGN_IN_MAX_AGE_S;
}
