// POST /authenticator/v0.1/factors/{id}/challenge: a PENDING challenge on an ACTIVE factor, valid
// for 5 minutes; the message defaults to the project's challenge_default_message.
import { AUTHENTICATOR_CHALLENGE_TTL_S, AUTHENTICATOR_CREATE_PER_CLIENT, AUTHENTICATOR_RATE_WINDOW_S } from "@/lib/config/limits";
import { db } from "@/lib/db";
import type { Client } from "@/lib/db/generated/client";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { hitRateLimit } from "@/lib/rate-limit/limiter";
import { authenticatorNow } from "./clock";
import { findOwnFactor } from "./find-factor";
import type { ChallengeResource, CreateChallengeInput } from "./schemas";
import { serializeChallenge } from "./serialize";

export async function createChallenge(client: Client, factorId: string, input: CreateChallengeInput, context: { ip: string; requestId: string }): Promise<ChallengeResource> {
  const limit = await hitRateLimit(`authenticator-create:client:${client.id}`, AUTHENTICATOR_CREATE_PER_CLIENT, AUTHENTICATOR_RATE_WINDOW_S);
  if (!limit.allowed) throw new ProductError("authenticator_rate_limited");
  const nowMs = authenticatorNow();
  return db().$transaction(async (tx) => {
    const factor = await findOwnFactor(client.id, factorId, tx);
    if (factor.status !== "ACTIVE") throw new ProductError("authenticator_factor_not_active", `The factor is ${factor.status}: only ACTIVE factors can be challenged`);
    const challenge = await tx.authenticatorChallenge.create({
      data: {
        factorId: factor.id,
        clientId: client.id,
        referenceId: input.reference_id,
        message: input.message ?? client.authenticatorDefaultMessage,
        createdAt: new Date(nowMs),
        updatedAt: new Date(nowMs),
        expiresAt: new Date(nowMs + AUTHENTICATOR_CHALLENGE_TTL_S * 1000),
      },
    });
    await emit(tx, {
      type: "authenticator.challenge_created",
      actor: { type: "client", id: client.id },
      clientId: client.id,
      subjectId: challenge.id,
      ip: context.ip,
      requestId: context.requestId,
      data: { factor_id: factor.id, reference_id: input.reference_id },
    });
    return serializeChallenge(challenge);
  });
}
