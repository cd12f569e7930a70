// PATCH /authenticator/v0.1/factors/{id}/challenge/{challenge_id}: the code from the user's app.
// Right code → VERIFIED; wrong or replayed code → one attempt spent (the 5th → FAILED); late →
// EXPIRED. Every status change emits authenticator.challenge_updated (→ partner callback).
// Atomicity: the factor's time step is claimed with a conditional UPDATE (a step verifies once,
// ASVS 6.5.1), then the challenge moves PENDING → VERIFIED conditionally; under concurrent
// PATCHes with one valid code exactly one succeeds, on PGlite and PostgreSQL.
import { AUTHENTICATOR_CHALLENGE_MAX_ATTEMPTS, AUTHENTICATOR_RATE_WINDOW_S, AUTHENTICATOR_VERIFY_PER_CLIENT } from "@/lib/config/limits";
import { db, type Tx } from "@/lib/db";
import type { AuthenticatorChallenge } from "@/lib/db/generated/client";
import { ProductError } from "@/lib/errors/product";
import { hitRateLimit } from "@/lib/rate-limit/limiter";
import { emitChallengeUpdated } from "./challenge-events";
import { authenticatorNow } from "./clock";
import { claimFactorStep, isFactorLocked, recordFactorFailure } from "./factor-failures";
import { findOwnFactor } from "./find-factor";
import { expireIfLate, findOwnChallenge } from "./find-challenge";
import { applyJsonPatch, type PatchBody } from "./json-patch";
import { factorCodeBody, patchedChallenge, type ChallengeResource } from "./schemas";
import { totpSecretOf } from "./secret";
import { serializeChallenge } from "./serialize";
import { checkTotp } from "@/lib/crypto/totp";

type Context = { ip: string; requestId: string };

type Outcome =
  | { kind: "verified"; challenge: AuthenticatorChallenge }
  | { kind: "closed"; challenge: AuthenticatorChallenge }
  | { kind: "rejected"; challenge: AuthenticatorChallenge; reason: "invalid" | "replayed"; locked: boolean }
  | { kind: "locked" }
  | { kind: "factor_not_active" };

/** Thrown inside the transaction to undo a claimed step when the challenge changed meanwhile. */
class ChallengeChanged extends Error {}

function codeOf(body: PatchBody): string {
  if (body.kind === "json") return factorCodeBody.parse(body.value).code;
  return patchedChallenge.parse(applyJsonPatch({ status: "PENDING" }, body.operations)).code;
}

export async function verifyChallenge(clientId: string, factorId: string, challengeId: string, body: PatchBody, context: Context): Promise<ChallengeResource> {
  const code = codeOf(body);
  const limit = await hitRateLimit(`authenticator-verify:client:${clientId}`, AUTHENTICATOR_VERIFY_PER_CLIENT, AUTHENTICATOR_RATE_WINDOW_S);
  if (!limit.allowed) throw new ProductError("authenticator_rate_limited");
  const nowMs = authenticatorNow();
  let outcome: Outcome;
  try {
    outcome = await db().$transaction((tx) => attempt(tx, clientId, factorId, challengeId, code, nowMs, context));
  } catch (error) {
    if (!(error instanceof ChallengeChanged)) throw error;
    outcome = { kind: "closed", challenge: await db().authenticatorChallenge.findUniqueOrThrow({ where: { id: challengeId } }) };
  }
  switch (outcome.kind) {
    case "verified":
      return serializeChallenge(outcome.challenge);
    case "closed":
      throw new ProductError("authenticator_challenge_closed", `The challenge is ${outcome.challenge.status}`, { status: outcome.challenge.status });
    case "locked":
      throw new ProductError("authenticator_factor_locked");
    case "factor_not_active":
      throw new ProductError("authenticator_factor_not_active");
    case "rejected": {
      const remaining = serializeChallenge(outcome.challenge).attempts_remaining;
      const details = { status: outcome.challenge.status, attempts_remaining: remaining };
      if (outcome.locked) throw new ProductError("authenticator_factor_locked", undefined, details);
      const base = outcome.reason === "replayed" ? "This code was already used: wait for the next code" : "The code is wrong";
      const tail = outcome.challenge.status === "FAILED" ? "; the challenge has FAILED" : `; ${remaining} ${remaining === 1 ? "attempt" : "attempts"} left`;
      throw new ProductError(outcome.reason === "replayed" ? "authenticator_code_replayed" : "authenticator_code_invalid", base + tail, details);
    }
  }
}

async function attempt(tx: Tx, clientId: string, factorId: string, challengeId: string, code: string, nowMs: number, context: Context): Promise<Outcome> {
  const factor = await findOwnFactor(clientId, factorId, tx);
  const challenge = await expireIfLate(tx, await findOwnChallenge(tx, clientId, factorId, challengeId), nowMs, context);
  if (challenge.status !== "PENDING") return { kind: "closed", challenge };
  if (factor.status !== "ACTIVE") return { kind: "factor_not_active" };
  if (isFactorLocked(factor, nowMs)) return { kind: "locked" };

  const check = await checkTotp({ secret: totpSecretOf(factor), code, epochS: Math.floor(nowMs / 1000), lastUsedStep: factor.lastUsedStep });
  if (check.ok && (await claimFactorStep(tx, factor.id, check.step, nowMs, "keep_active"))) {
    const { count } = await tx.authenticatorChallenge.updateMany({
      where: { id: challenge.id, status: "PENDING", expiresAt: { gt: new Date(nowMs) } },
      data: { status: "VERIFIED", updatedAt: new Date(nowMs) },
    });
    if (count !== 1) throw new ChallengeChanged();
    const verified = await tx.authenticatorChallenge.findUniqueOrThrow({ where: { id: challenge.id } });
    await emitChallengeUpdated(tx, verified, context);
    return { kind: "verified", challenge: verified };
  }
  // A right code whose step was already claimed (earlier, or by a concurrent request) is a replay.
  const reason = check.ok || check.reason === "replayed" ? "replayed" : "invalid";
  const rows = await tx.$queryRaw<{ id: string }[]>`
    UPDATE authenticator_challenges
       SET attempts = attempts + 1,
           status = CASE WHEN attempts + 1 >= ${AUTHENTICATOR_CHALLENGE_MAX_ATTEMPTS} THEN 'FAILED'::"AuthenticatorChallengeStatus" ELSE status END,
           updated_at = ${new Date(nowMs)}
     WHERE id = ${challenge.id}::uuid AND status = 'PENDING'
    RETURNING id`;
  const current = await tx.authenticatorChallenge.findUniqueOrThrow({ where: { id: challenge.id } });
  // The challenge was settled by a concurrent request: this one changes nothing.
  if (rows.length !== 1) return { kind: "closed", challenge: current };
  if (current.status === "FAILED") await emitChallengeUpdated(tx, current, context);
  const { locked } = reason === "invalid" ? await recordFactorFailure(tx, factor, nowMs, context) : { locked: false };
  return { kind: "rejected", challenge: current, reason, locked };
}
