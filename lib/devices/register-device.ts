// Registering "this device": a platform passkey, discoverable (resident key required) and with user
// verification required. Needs both the signed-in session and an addAuthenticator token for that
// same user. The token and the challenge are spent before the attestation is verified.
import { generateRegistrationOptions, verifyRegistrationResponse, type PublicKeyCredentialCreationOptionsJSON, type RegistrationResponseJSON } from "@simplewebauthn/server";
import { DEVICES_PER_USER_MAX, WEBAUTHN_CHALLENGE_TTL_S } from "@/lib/config/limits";
import { db, isUniqueViolation } from "@/lib/db";
import { emit, record } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { logger } from "@/lib/log/logger";
import { consumeChallenge, createChallenge } from "./challenges";
import { cleanDeviceName, deviceNameFromUserAgent } from "./device-name";
import { consumeRegistrationToken, findLiveRegistrationToken } from "./registration-token";
import { expectedOrigin, RP_NAME, rpId } from "./relying-party";
import type { RegistrationResponseInput } from "./schemas";
import { challengeBytes, challengeOf } from "./webauthn-response";

/** ES256 first (every platform authenticator), RS256 for Windows Hello. */
const ALGORITHMS = [-7, -257];

async function tokenForSession(token: string, sessionUserId: string) {
  const row = await findLiveRegistrationToken(token);
  // A token minted for someone else is answered like an unknown one.
  if (row.userId !== sessionUserId) throw new ProductError("device_registration_token_invalid");
  return row;
}

export async function registrationOptions(input: { token: string; sessionUserId: string }): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const token = await tokenForSession(input.token, input.sessionUserId);
  const user = await db().user.findUnique({ where: { id: token.userId }, select: { id: true, phone: true } });
  if (!user) throw new ProductError("device_registration_token_invalid");
  const devices = await db().device.findMany({ where: { userId: user.id, revokedAt: null }, select: { credentialId: true, transports: true } });
  if (devices.length >= DEVICES_PER_USER_MAX) throw new ProductError("device_limit_reached");
  const challenge = await createChallenge({ purpose: "registration", userId: user.id, subjectId: token.id });
  return generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rpId(),
    userName: user.phone,
    userDisplayName: user.phone,
    // The user handle is the random user id, never the phone (WebAuthn §14.6.1).
    userID: new TextEncoder().encode(user.id),
    challenge: challengeBytes(challenge),
    timeout: WEBAUTHN_CHALLENGE_TTL_S * 1000,
    attestationType: "none",
    // Credentials already registered are refused by the authenticator itself (no double registration).
    excludeCredentials: devices.map((device) => ({ id: device.credentialId, transports: device.transports as never })),
    authenticatorSelection: { authenticatorAttachment: "platform", residentKey: "required", requireResidentKey: true, userVerification: "required" },
    supportedAlgorithmIDs: ALGORITHMS,
  });
}

export interface RegisteredDevice {
  id: string;
  name: string;
  credentialId: string;
}

export async function verifyRegistration(input: { token: string; sessionUserId: string; response: RegistrationResponseInput; name?: string; userAgent: string | null; ip: string; requestId?: string }): Promise<RegisteredDevice> {
  const token = await tokenForSession(input.token, input.sessionUserId);
  const challenge = challengeOf(input.response.response.clientDataJSON);
  await consumeChallenge(challenge, { purpose: "registration", subjectId: token.id, userId: token.userId });
  await consumeRegistrationToken(token.id);

  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response as unknown as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: expectedOrigin(),
      expectedRPID: rpId(),
      requireUserVerification: true,
      supportedAlgorithmIDs: ALGORITHMS,
    });
  } catch (error) {
    logger.info({ err: error, userId: token.userId }, "passkey registration refused");
    await audit("device.registration_failed", token.userId, input, { reason: error instanceof Error ? error.message.slice(0, 200) : "unknown" });
    throw new ProductError(/user verif/i.test(String(error)) ? "webauthn_user_verification_required" : "webauthn_verification_failed");
  }
  if (!verification.verified || !verification.registrationInfo.userVerified) {
    await audit("device.registration_failed", token.userId, input, { reason: "not verified" });
    throw new ProductError("webauthn_user_verification_required");
  }
  const info = verification.registrationInfo;
  const name = (input.name ? cleanDeviceName(input.name) : null) ?? deviceNameFromUserAgent(input.userAgent);
  try {
    return await db().$transaction(async (tx) => {
      const device = await tx.device.create({
        data: {
          userId: token.userId,
          credentialId: info.credential.id,
          publicKey: Buffer.from(info.credential.publicKey),
          counter: BigInt(info.credential.counter),
          transports: info.credential.transports ?? [],
          deviceType: info.credentialDeviceType,
          backupEligible: info.credentialDeviceType === "multiDevice",
          backedUp: info.credentialBackedUp,
          userVerified: info.userVerified,
          aaguid: info.aaguid,
          name,
          userAgent: input.userAgent?.slice(0, 512) ?? null,
        },
      });
      await emit(tx, {
        type: "device.registered",
        actor: { type: "user", id: token.userId },
        userId: token.userId,
        clientId: token.clientId,
        subjectId: device.id,
        ip: input.ip,
        requestId: input.requestId,
        data: { name, device_type: info.credentialDeviceType, backed_up: info.credentialBackedUp, user_verified: info.userVerified, aaguid: info.aaguid },
      });
      return { id: device.id, name, credentialId: device.credentialId };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ProductError("device_already_registered");
    throw error;
  }
}

async function audit(type: string, userId: string, input: { ip: string; requestId?: string }, data: Record<string, string>) {
  await record({ type, actor: { type: "user", id: userId }, userId, ip: input.ip, requestId: input.requestId, data });
}
