// THE one place a WebAuthn assertion is checked. Every use — passkey sign-in, listing and deciding
// sign-in requests, and (later) risk-action challenges — calls `verifyDeviceAssertion` with the
// purpose and subject the challenge was issued for:
//   1. the challenge in clientDataJSON is consumed atomically, and only if it was issued for this
//      purpose, this subject (e.g. login request A) and this user — before any verification;
//   2. the credential must be a live, unflagged device of that user (userHandle must match too);
//   3. signature, origin, RP ID and the user-verification flag are verified (UV is required);
//   4. the signature counter must move forward: a regression means a cloned authenticator, so the
//      device is flagged, the event audited, and the assertion refused.
import { generateAuthenticationOptions, verifyAuthenticationResponse, type AuthenticationResponseJSON, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { WEBAUTHN_CHALLENGE_TTL_S } from "@/lib/config/limits";
import { db } from "@/lib/db";
import type { Device } from "@/lib/db/generated/client";
import { emit, record } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { logger } from "@/lib/log/logger";
import { consumeChallenge, createChallenge, type ChallengeBinding, type ChallengePurpose } from "./challenges";
import { expectedOrigin, rpId } from "./relying-party";
import type { AuthenticationResponseInput } from "./schemas";
import { challengeBytes, challengeOf } from "./webauthn-response";

/**
 * Options for navigator.credentials.get, with a stored challenge bound to `binding`. With a user,
 * the user's credentials are listed unless `listCredentials: false` (when the caller may not be
 * that user: credential ids are not shown to them; the binding still enforces the user).
 */
export async function assertionOptions(binding: ChallengeBinding, options: { listCredentials?: boolean } = {}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const devices = binding.userId && options.listCredentials !== false ? await db().device.findMany({ where: { userId: binding.userId, revokedAt: null, flaggedAt: null }, select: { credentialId: true, transports: true } }) : [];
  const challenge = await createChallenge(binding);
  return generateAuthenticationOptions({
    rpID: rpId(),
    challenge: challengeBytes(challenge),
    // Empty for discoverable sign-in: the browser offers the passkeys it holds for this RP.
    allowCredentials: devices.map((device) => ({ id: device.credentialId, transports: device.transports as never })),
    userVerification: "required",
    timeout: WEBAUTHN_CHALLENGE_TTL_S * 1000,
  });
}

export interface VerifiedAssertion {
  device: Device;
  userId: string;
}

export interface AssertionContext {
  ip?: string | null;
  requestId?: string | null;
  clientId?: string | null;
}

export async function verifyDeviceAssertion(input: { response: AuthenticationResponseInput; purpose: ChallengePurpose; subjectId: string | null; userId?: string | null } & AssertionContext): Promise<VerifiedAssertion> {
  const challenge = challengeOf(input.response.response.clientDataJSON);
  let consumed;
  try {
    consumed = await consumeChallenge(challenge, { purpose: input.purpose, subjectId: input.subjectId, ...(input.userId !== undefined ? { userId: input.userId } : {}) });
  } catch (error) {
    // A replayed assertion, or one signed for another subject: worth an audit line.
    if (error instanceof ProductError) await audit("device.assertion_failed", input.userId ?? null, null, input, { reason: "challenge unknown, used, expired or bound elsewhere" });
    throw error;
  }
  const expectedUser = input.userId ?? consumed.userId;

  const device = await db().device.findUnique({ where: { credentialId: input.response.id } });
  if (!device || device.revokedAt || (expectedUser && device.userId !== expectedUser)) {
    await audit("device.assertion_failed", device?.userId ?? expectedUser ?? null, device?.id ?? null, input, { reason: device?.revokedAt ? "revoked" : "unknown credential" });
    throw new ProductError("webauthn_verification_failed");
  }
  if (device.flaggedAt) {
    await audit("device.assertion_failed", device.userId, device.id, input, { reason: "flagged" });
    throw new ProductError("device_flagged");
  }
  const userHandle = input.response.response.userHandle;
  if (userHandle && userHandle !== isoBase64URL.fromUTF8String(device.userId)) {
    await audit("device.assertion_failed", device.userId, device.id, input, { reason: "user handle mismatch" });
    throw new ProductError("webauthn_verification_failed");
  }

  let info;
  try {
    const verification = await verifyAuthenticationResponse({
      response: input.response as unknown as AuthenticationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: expectedOrigin(),
      expectedRPID: rpId(),
      // Counter 0 here: the library would throw on regression before we could tell a clone (valid
      // signature, old counter) from garbage. We compare counters ourselves below, after the signature.
      credential: { id: device.credentialId, publicKey: new Uint8Array(device.publicKey), counter: 0, transports: device.transports as never },
      requireUserVerification: true,
    });
    if (!verification.verified) throw new Error("assertion not verified");
    info = verification.authenticationInfo;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.info({ err: error, deviceId: device.id }, "passkey assertion refused");
    const uv = /user verif/i.test(message);
    await audit("device.assertion_failed", device.userId, device.id, input, { reason: uv ? "user verification missing" : message.slice(0, 200) });
    throw new ProductError(uv ? "webauthn_user_verification_required" : "webauthn_verification_failed");
  }
  if (!info.userVerified) {
    await audit("device.assertion_failed", device.userId, device.id, input, { reason: "user verification missing" });
    throw new ProductError("webauthn_user_verification_required");
  }

  // The counter must move forward (authenticators that never count send 0 every time).
  const presented = BigInt(info.newCounter);
  const { count } = await db().device.updateMany({
    where: { id: device.id, revokedAt: null, flaggedAt: null, ...(presented === 0n ? { counter: 0n } : { counter: { lt: presented } }) },
    data: { counter: presented, lastUsedAt: new Date(), backedUp: info.credentialBackedUp },
  });
  if (count !== 1) {
    await flagDevice(device, { stored: device.counter.toString(), presented: presented.toString() }, input);
    throw new ProductError("device_flagged");
  }
  return { device: { ...device, counter: presented, lastUsedAt: new Date() }, userId: device.userId };
}

/** A signed assertion with a stale counter: someone holds a copy of the key. */
async function flagDevice(device: Device, counters: { stored: string; presented: string }, ctx: AssertionContext): Promise<void> {
  await db().$transaction(async (tx) => {
    const { count } = await tx.device.updateMany({ where: { id: device.id, flaggedAt: null }, data: { flaggedAt: new Date(), flagReason: "counter_regression" } });
    if (count === 1) {
      await emit(tx, {
        type: "device.flagged",
        actor: { type: "system" },
        userId: device.userId,
        clientId: ctx.clientId ?? null,
        subjectId: device.id,
        ip: ctx.ip ?? null,
        requestId: ctx.requestId ?? null,
        data: { reason: "counter_regression", stored_counter: counters.stored, presented_counter: counters.presented },
      });
    }
  });
}

async function audit(type: string, userId: string | null, deviceId: string | null, ctx: AssertionContext & { purpose: string }, data: Record<string, string>) {
  await record({
    type,
    actor: { type: "user", id: userId },
    userId,
    clientId: ctx.clientId ?? null,
    subjectId: deviceId,
    ip: ctx.ip ?? null,
    requestId: ctx.requestId ?? null,
    data: { purpose: ctx.purpose, ...data },
  });
}
