// GET /authenticator/v0.1/factors/{id}/challenge/{challenge_id}: for polling (expiry shows here too).
import { db } from "@/lib/db";
import { authenticatorNow } from "./clock";
import { expireIfLate, findOwnChallenge } from "./find-challenge";
import type { ChallengeResource } from "./schemas";
import { serializeChallenge } from "./serialize";

export async function getChallenge(clientId: string, factorId: string, challengeId: string, context: { ip: string; requestId: string }): Promise<ChallengeResource> {
  return db().$transaction(async (tx) => {
    const challenge = await findOwnChallenge(tx, clientId, factorId, challengeId);
    return serializeChallenge(await expireIfLate(tx, challenge, authenticatorNow(), context));
  });
}
