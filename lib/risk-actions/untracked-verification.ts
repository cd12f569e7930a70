// Verify without tracking (Authsignal: "Track an action (optional)" — device.verify() then
// validate with the action). A page on Trustgate's origin (the SDK's popup) asks for a
// discoverable WebAuthn challenge bound to the partner's client and to the action being verified;
// the passkey names the user, who must be one of that client's users. The answer is an action row
// in CHALLENGE_SUCCEEDED for that action and a single-use `tga_` token: the partner's backend passes
// it to POST /v1/validate, where it is valid for that action only (a token verified for `signIn`
// never validates a `withdrawal`).
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { randomUUID } from "node:crypto";
import { ACTION_TOKEN_TTL_S } from "@/lib/config/limits";
import { db } from "@/lib/db";
import type { AuthenticationResponseInput } from "@/lib/devices/schemas";
import { assertionOptions, verifyDeviceAssertion } from "@/lib/devices/verify-assertion";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { isUserOfClient } from "@/lib/users/user-of-client";
import { actionTokenHash, newActionToken } from "./action-token";
import { VERIFICATION_METHOD_DEVICE } from "./challenge";

export const UNTRACKED_PURPOSE = "action_untracked";
/** The name rows made before tokens were bound to their action carry (action codes are never empty): such a token validates nothing. */
export const UNTRACKED_ACTION = "";

/** The challenge's subject: the client and the action, so a challenge issued for one action cannot verify another. */
const subjectOf = (clientId: string, action: string) => `${clientId}:${action}`;

async function liveClient(clientId: string): Promise<string> {
  const client = typeof clientId === "string" && clientId.length <= 128 ? await db().client.findUnique({ where: { id: clientId }, select: { id: true, disabledAt: true } }) : null;
  if (!client || client.disabledAt) throw new ProductError("client_not_found");
  return client.id;
}

/** Discoverable options (no credential ids: the browser offers its passkeys), bound to the client and the action. */
export async function untrackedVerificationOptions(input: { clientId: string; action: string }): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const clientId = await liveClient(input.clientId);
  return assertionOptions({ purpose: UNTRACKED_PURPOSE, userId: null, subjectId: subjectOf(clientId, input.action) });
}

export interface UntrackedVerification {
  state: "CHALLENGE_SUCCEEDED";
  token: string;
  idempotencyKey: string;
}

export async function completeUntrackedVerification(input: { clientId: string; action: string; response: AuthenticationResponseInput; ip?: string | null; requestId?: string | null; now?: Date }): Promise<UntrackedVerification> {
  const clientId = await liveClient(input.clientId);
  const { device, userId } = await verifyDeviceAssertion({ response: input.response, purpose: UNTRACKED_PURPOSE, subjectId: subjectOf(clientId, input.action), userId: null, clientId, ip: input.ip, requestId: input.requestId });
  // Another partner's user is refused like a stale challenge: the answer names nobody.
  if (!(await isUserOfClient(clientId, userId))) throw new ProductError("action_challenge_unavailable");
  const now = input.now ?? new Date();
  const token = newActionToken();
  const idempotencyKey = randomUUID();
  await db().$transaction(async (tx) => {
    const created = await tx.action.create({
      data: {
        clientId,
        userId,
        action: input.action,
        idempotencyKey,
        state: "CHALLENGE_SUCCEEDED",
        ruleIds: [],
        isEnrolled: true,
        verificationMethod: VERIFICATION_METHOD_DEVICE,
        verifiedDeviceId: device.id,
        challengedAt: now,
        tokenHash: actionTokenHash(token)!,
        tokenExpiresAt: new Date(now.getTime() + ACTION_TOKEN_TTL_S * 1000),
        createdAt: now,
      },
    });
    await emit(tx, {
      type: "action.challenge_succeeded",
      actor: { type: "user", id: userId },
      clientId,
      userId,
      subjectId: created.id,
      ip: input.ip ?? null,
      requestId: input.requestId ?? null,
      data: { action: input.action, untracked: true, idempotency_key: idempotencyKey, device_id: device.id, verification_method: VERIFICATION_METHOD_DEVICE },
    });
  });
  return { state: "CHALLENGE_SUCCEEDED", token, idempotencyKey };
}
