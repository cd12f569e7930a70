// WebAuthn challenges live in the database (any instance may receive the answer), are bound to a
// purpose, a user and a subject (a login request, a registration token, an action), and are consumed
// atomically BEFORE the response is verified: a challenge can be answered at most once, and an
// answer meant for one subject can never be spent on another.
import { WEBAUTHN_CHALLENGE_BYTES, WEBAUTHN_CHALLENGE_TTL_S } from "@/lib/config/limits";
import { randomToken } from "@/lib/crypto/random";
import { randomUUID } from "node:crypto";
import { db, sql } from "@/lib/db";
import { ProductError } from "@/lib/errors/product";

/** What a challenge may be spent on. Later capabilities (actions) add their own purposes. */
export type ChallengePurpose = "registration" | "sign_in" | "check_requests" | "login_request_approve" | "login_request_reject" | (string & {});

export interface ChallengeBinding {
  purpose: ChallengePurpose;
  /** The user the ceremony is for; null for discoverable sign-in (the credential names the user). */
  userId: string | null;
  /** The object the answer is bound to (login request id, registration token id, action id…). */
  subjectId: string | null;
}

export async function createChallenge(binding: ChallengeBinding, now = new Date()): Promise<string> {
  const challenge = randomToken(WEBAUTHN_CHALLENGE_BYTES);
  // Plain SQL: every hosted phone page issues one (its passkey autofill), and a Prisma create cost ≈1.5 ms of CPU.
  await sql(`INSERT INTO webauthn_challenges (id, challenge, purpose, user_id, subject_id, expires_at, created_at) VALUES ($1::uuid, $2, $3, $4::uuid, $5, $6, $7)`, [
    randomUUID(),
    challenge,
    binding.purpose,
    binding.userId,
    binding.subjectId,
    new Date(now.getTime() + WEBAUTHN_CHALLENGE_TTL_S * 1000),
    now,
  ]);
  return challenge;
}

/**
 * Spends the challenge the browser signed, if it was issued for exactly this purpose and subject
 * (and user, when the caller knows one). Exactly one concurrent caller wins.
 */
export async function consumeChallenge(challenge: string, expected: { purpose: ChallengePurpose; subjectId: string | null; userId?: string | null }): Promise<{ userId: string | null }> {
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(challenge)) throw new ProductError("webauthn_challenge_invalid");
  const now = new Date();
  const where = {
    challenge,
    purpose: expected.purpose,
    subjectId: expected.subjectId,
    usedAt: null,
    expiresAt: { gt: now },
    ...(expected.userId !== undefined ? { userId: expected.userId } : {}),
  };
  const row = await db().webAuthnChallenge.findFirst({ where, select: { id: true, userId: true } });
  if (!row) throw new ProductError("webauthn_challenge_invalid");
  const { count } = await db().webAuthnChallenge.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (count !== 1) throw new ProductError("webauthn_challenge_invalid");
  return { userId: row.userId };
}

export async function purgeExpiredChallenges(now = new Date()): Promise<number> {
  const { count } = await db().webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
