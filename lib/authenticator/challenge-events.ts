// Every challenge status change emits `authenticator.challenge_updated` in the transaction that
// made it. The webhooks outbox turns it into a signed POST of `data.callback` to the project's
// challenge_callback_url (SPEC §4); nothing here talks to the network.
import type { Tx } from "@/lib/db";
import type { AuthenticatorChallenge } from "@/lib/db/generated/client";
import { emit } from "@/lib/events/emit";
import { challengeCallbackBody } from "./serialize";

export const CHALLENGE_UPDATED_EVENT = "authenticator.challenge_updated";

export async function emitChallengeUpdated(tx: Tx, challenge: AuthenticatorChallenge, context: { ip?: string | null; requestId?: string | null }): Promise<void> {
  await emit(tx, {
    type: CHALLENGE_UPDATED_EVENT,
    // A partner's request, or the expiry sweep (no request).
    actor: context.requestId ? { type: "client", id: challenge.clientId } : { type: "system" },
    clientId: challenge.clientId,
    subjectId: challenge.id,
    ip: context.ip,
    requestId: context.requestId,
    data: { callback: challengeCallbackBody(challenge) },
  });
}
