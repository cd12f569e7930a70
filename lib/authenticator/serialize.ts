// Partner-facing shapes of factors and challenges (tru.ID field names). Secrets never appear here.
import { AUTHENTICATOR_CHALLENGE_MAX_ATTEMPTS } from "@/lib/config/limits";
import type { AuthenticatorChallenge, AuthenticatorFactor } from "@/lib/db/generated/client";
import type { ChallengeCallback, ChallengeResource, FactorResource } from "./schemas";

export const FACTORS_PATH = "/authenticator/v0.1/factors";

export function serializeFactor(factor: AuthenticatorFactor): FactorResource {
  return {
    factor_id: factor.id,
    type: "TOTP",
    status: factor.status,
    external_user_id: factor.externalUserId,
    phone_number: factor.phoneNumber,
    created_at: factor.createdAt.toISOString(),
    updated_at: factor.updatedAt.toISOString(),
    _links: { self: { href: `${FACTORS_PATH}/${factor.id}` } },
  };
}

export function serializeChallenge(challenge: AuthenticatorChallenge): ChallengeResource {
  return {
    challenge_id: challenge.id,
    factor_id: challenge.factorId,
    status: challenge.status,
    reference_id: challenge.referenceId,
    message: challenge.message,
    attempts_remaining: challenge.status === "PENDING" ? Math.max(0, AUTHENTICATOR_CHALLENGE_MAX_ATTEMPTS - challenge.attempts) : 0,
    created_at: challenge.createdAt.toISOString(),
    updated_at: challenge.updatedAt.toISOString(),
    expired_at: challenge.expiresAt.toISOString(),
    _links: { self: { href: `${FACTORS_PATH}/${challenge.factorId}/challenge/${challenge.id}` } },
  };
}

export function challengeCallbackBody(challenge: AuthenticatorChallenge): ChallengeCallback {
  return {
    challenge_id: challenge.id,
    factor_id: challenge.factorId,
    reference_id: challenge.referenceId,
    status: challenge.status,
    updated_at: challenge.updatedAt.toISOString(),
  };
}
