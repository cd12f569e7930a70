// The risk challenge without a trusted device at hand: the user answers with a code instead — one
// texted to their own phone (never a number typed on the page) or their authenticator app's — when
// the rule that decided the action allows it (Action.fallbackMethods, fixed when it was tracked).
// A right code moves the action CHALLENGE_REQUIRED → CHALLENGE_SUCCEEDED once (the same conditional
// UPDATE as a device's answer) with verificationMethod SMS or AUTHENTICATOR_APP; a wrong one spends
// one of that code's tries (the SMS code's 5, the app's lockout) and leaves the action waiting.
import { db, type Tx } from "@/lib/db";
import type { Action } from "@/lib/db/generated/client";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { requiresSecondFactor } from "@/lib/second-factor/user-app";
import { verifyAuthenticatorAppCode } from "@/lib/second-factor/user-app-code";
import { requestSignInCode, resendWaitSeconds, verifySignInCode } from "@/lib/sms/sign-in-code";
import { actionForToken } from "./challenge";
import { returnUrl } from "./redirect-url";
import type { FallbackMethod } from "./rule-schema";

export const FALLBACK_VERIFICATION_METHODS: Record<FallbackMethod, string> = { sms: "SMS", authenticator_app: "AUTHENTICATOR_APP" };
const PURPOSE = "action_challenge";

export type FallbackFailure =
  | "unavailable"
  | "not_allowed"
  | "malformed"
  | "invalid"
  | "expired"
  | "attempts_exhausted"
  | "rate_limited"
  | "replayed"
  | "locked"
  | "sms_resend_too_soon"
  | "sms_rate_limited"
  | "sms_provider_failed"
  | "sms_provider_not_configured";

async function pending(actionId: string, token: string): Promise<Action | null> {
  const row = await actionForToken(actionId, token);
  return row && row.state === "CHALLENGE_REQUIRED" && row.tokenExpiresAt > new Date() ? row : null;
}

/** The fallbacks this action's page may offer now: the rule's, less the app when the user has none. */
export async function availableFallbacks(row: Pick<Action, "userId" | "fallbackMethods">): Promise<FallbackMethod[]> {
  const allowed = row.fallbackMethods.filter((m): m is FallbackMethod => m === "sms" || m === "authenticator_app");
  if (!allowed.includes("authenticator_app")) return allowed;
  return (await requiresSecondFactor(row.userId)) ? allowed : allowed.filter((m) => m !== "authenticator_app");
}

/** Seconds before "Send a new code" may be used for this action's fallback code (0: now). */
export async function fallbackResendWaitSeconds(actionId: string, token: string): Promise<number> {
  const row = await actionForToken(actionId, token);
  if (!row) return 0;
  const user = await db().user.findUnique({ where: { id: row.userId }, select: { phone: true } });
  return user ? resendWaitSeconds(user.phone, PURPOSE) : 0;
}

/** Texts a fallback code to the action user's own phone. */
export async function sendFallbackCode(input: { actionId: string; token: string; ip: string }): Promise<{ ok: true } | { ok: false; error: FallbackFailure }> {
  const row = await pending(input.actionId, input.token);
  if (!row) return { ok: false, error: "unavailable" };
  if (!(await availableFallbacks(row)).includes("sms")) return { ok: false, error: "not_allowed" };
  const user = await db().user.findUnique({ where: { id: row.userId }, select: { phone: true } });
  if (!user) return { ok: false, error: "unavailable" };
  try {
    await requestSignInCode({ phone: user.phone, ip: input.ip, purpose: PURPOSE });
  } catch (error) {
    if (error instanceof ProductError && (error.code === "sms_resend_too_soon" || error.code === "sms_rate_limited" || error.code === "sms_provider_failed" || error.code === "sms_provider_not_configured")) {
      return { ok: false, error: error.code };
    }
    throw error;
  }
  return { ok: true };
}

export type FallbackResult = { ok: true; returnTo: string | null } | { ok: false; error: FallbackFailure; attemptsLeft?: number };

/** Checks the code and, when right, completes the challenge (once, audited). */
export async function completeChallengeWithCode(input: { actionId: string; token: string; method: FallbackMethod; code: string; ip: string; requestId?: string | null }): Promise<FallbackResult> {
  const row = await pending(input.actionId, input.token);
  if (!row) return { ok: false, error: "unavailable" };
  if (!(await availableFallbacks(row)).includes(input.method)) return { ok: false, error: "not_allowed" };
  const code = input.code.replace(/\s/g, "");
  // A code of the wrong length could never match: no try is spent on it.
  if (!/^\d{6}$/.test(code)) return { ok: false, error: "malformed" };
  const method = FALLBACK_VERIFICATION_METHODS[input.method];

  if (input.method === "sms") {
    const user = await db().user.findUnique({ where: { id: row.userId }, select: { phone: true } });
    if (!user) return { ok: false, error: "unavailable" };
    const verified = await verifySignInCode({ phone: user.phone, code, ip: input.ip, purpose: PURPOSE });
    if (!verified.ok) return { ok: false, error: verified.reason, attemptsLeft: verified.attemptsLeft };
    return (await succeed(row, method, input)) ? { ok: true, returnTo: returnOf(row, input.token) } : { ok: false, error: "unavailable" };
  }

  // The app's code is checked and the action moved in one transaction: a replayed step cannot pass twice.
  const outcome = await db().$transaction(async (tx) => {
    const verified = await verifyAuthenticatorAppCode(tx, row.userId, code, { confirming: false, ip: input.ip });
    if (!verified.ok) return { ok: false as const, error: (verified.reason === "no_app" ? "not_allowed" : verified.reason) as FallbackFailure };
    return (await succeed(row, method, input, tx)) ? { ok: true as const } : { ok: false as const, error: "unavailable" as const };
  });
  return outcome.ok ? { ok: true, returnTo: returnOf(row, input.token) } : outcome;
}

function returnOf(row: Action, token: string): string | null {
  return row.redirectUrl ? returnUrl(row.redirectUrl, { token, state: "CHALLENGE_SUCCEEDED", idempotencyKey: row.idempotencyKey }) : null;
}

async function succeed(row: Action, method: string, ctx: { ip: string; requestId?: string | null }, within?: Tx): Promise<boolean> {
  const work = async (tx: Tx) => {
    const { count } = await tx.action.updateMany({ where: { id: row.id, state: "CHALLENGE_REQUIRED" }, data: { state: "CHALLENGE_SUCCEEDED", challengedAt: new Date(), verificationMethod: method } });
    if (count !== 1) return false;
    await emit(tx, {
      type: "action.challenge_succeeded",
      actor: { type: "user", id: row.userId },
      clientId: row.clientId,
      userId: row.userId,
      subjectId: row.id,
      ip: ctx.ip,
      requestId: ctx.requestId ?? null,
      data: { action: row.action, idempotency_key: row.idempotencyKey, verification_method: method, fallback: true },
    });
    return true;
  };
  return within ? work(within) : db().$transaction(work);
}
