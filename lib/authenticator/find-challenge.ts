// A partner's challenge, found through its factor. A PENDING challenge past expired_at becomes
// EXPIRED the first time anyone looks at it (one conditional UPDATE, so the event fires once).
import type { Tx } from "@/lib/db";
import type { AuthenticatorChallenge } from "@/lib/db/generated/client";
import { ProductError } from "@/lib/errors/product";
import { isUuid } from "@/lib/validation/ids";
import { emitChallengeUpdated } from "./challenge-events";

export async function findOwnChallenge(tx: Tx, clientId: string, factorId: string, challengeId: string): Promise<AuthenticatorChallenge> {
  if (!isUuid(factorId) || !isUuid(challengeId)) throw new ProductError("authenticator_challenge_not_found");
  const challenge = await tx.authenticatorChallenge.findFirst({ where: { id: challengeId, factorId, clientId } });
  if (!challenge) throw new ProductError("authenticator_challenge_not_found");
  return challenge;
}

/** Marks a late PENDING challenge EXPIRED; `changed` is true for the one caller that did it. */
export async function markLateChallengeExpired(
  tx: Tx,
  challenge: AuthenticatorChallenge,
  nowMs: number,
  context: { ip?: string | null; requestId?: string | null },
): Promise<{ challenge: AuthenticatorChallenge; changed: boolean }> {
  if (challenge.status !== "PENDING" || challenge.expiresAt.getTime() > nowMs) return { challenge, changed: false };
  const { count } = await tx.authenticatorChallenge.updateMany({ where: { id: challenge.id, status: "PENDING" }, data: { status: "EXPIRED", updatedAt: new Date(nowMs) } });
  const current = await tx.authenticatorChallenge.findUniqueOrThrow({ where: { id: challenge.id } });
  if (count === 1) await emitChallengeUpdated(tx, current, context);
  return { challenge: current, changed: count === 1 };
}

/** The challenge as it now is, EXPIRED if it was PENDING past expired_at. */
export async function expireIfLate(tx: Tx, challenge: AuthenticatorChallenge, nowMs: number, context: { ip?: string | null; requestId?: string | null }): Promise<AuthenticatorChallenge> {
  return (await markLateChallengeExpired(tx, challenge, nowMs, context)).challenge;
}
