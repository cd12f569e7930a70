// Cotter's event object for a login request (the seed's "Information about the login request"):
// numeric `ID`, `client_user_id`, coarse `location`, `DeletedAt`, `new` and a `signature` a partner
// verifies with Trustgate's published keys. The signature is a compact JWS (ES256, the key in
// /.well-known/jwks.json named by `kid`) whose payload is the other fields of the event, `oauth_token`
// aside, plus `iss` (Trustgate), `iat` and `exp` (LOGIN_EVENT_TTL_S later), so an old event cannot be
// replayed as new: verify it, then read the event from the payload (README "Verifying login events").
// `ID` is an integer as in the seed, but a keyed permutation of the request's sequence number, not
// the global count itself (lib/crypto/numeric-id.ts).
import { LOGIN_EVENT_TTL_S } from "@/lib/config/limits";
import { publicUrl } from "@/lib/config/settings";
import { opaqueNumericId } from "@/lib/crypto/numeric-id";
import { db } from "@/lib/db";
import type { LoginRequest } from "@/lib/db/generated/client";
import { signJwt } from "@/lib/keys/sign-jwt";
import { activeSigningKey } from "@/lib/keys/signing-keys";
import { UNKNOWN_LOCATION } from "@/lib/geo/coarse-location";
import type { LoginRequestStatus } from "./login-requests";

/** Go's zero time, which Cotter (gorm) sends for a record that was never deleted. */
export const NOT_DELETED = "0001-01-01T00:00:00Z";
export const LOGIN_EVENT_JWS_TYPE = "trustgate-login-event+jwt";

export type LoginEventFields = {
  ID: number;
  id: string;
  status: LoginRequestStatus;
  approved: boolean;
  event: "LOGIN";
  method: "TRUSTED_DEVICE";
  issuer: string;
  client_user_id: string | null;
  user_id: string | null;
  ip: string | null;
  location: string;
  new: boolean;
  timestamp: string;
  CreatedAt: string;
  UpdatedAt: string;
  DeletedAt: string;
};

/** The event fields; the user (and the partner's id for it) only once the request is approved. */
export async function loginEventFields(request: LoginRequest, status: LoginRequestStatus): Promise<LoginEventFields> {
  const revealUser = (status === "approved" || status === "redeemed") && request.userId !== null;
  const named = revealUser ? await db().userIntent.findFirst({ where: { clientId: request.clientId, userId: request.userId, clientUserId: { not: null } }, orderBy: { createdAt: "desc" }, select: { clientUserId: true } }) : null;
  return {
    ID: opaqueNumericId("login-event-id", request.number),
    id: request.id,
    status,
    approved: revealUser,
    event: "LOGIN",
    method: "TRUSTED_DEVICE",
    issuer: request.clientId,
    client_user_id: named?.clientUserId ?? null,
    user_id: revealUser ? request.userId : null,
    ip: request.ip,
    location: request.location ?? UNKNOWN_LOCATION,
    // A trusted-device sign-in never creates a user: the user already holds a passkey.
    new: false,
    timestamp: String(Math.floor(request.createdAt.getTime() / 1000)),
    CreatedAt: request.createdAt.toISOString(),
    UpdatedAt: request.updatedAt.toISOString(),
    DeletedAt: NOT_DELETED,
  };
}

/** The event with its `signature`: a JWS over the fields, by Trustgate's active signing key. */
export async function signedLoginEvent(request: LoginRequest, status: LoginRequestStatus): Promise<LoginEventFields & { signature: string }> {
  const fields = await loginEventFields(request, status);
  const key = await activeSigningKey("ES256");
  // aud stays in the protected header (with typ): the payload has no aud or sub, so it never passes
  // for an ID token or an access token at a relying party that checks those.
  const header = { kid: key.kid, typ: LOGIN_EVENT_JWS_TYPE, iss: publicUrl(), aud: request.clientId };
  const iat = Math.floor(Date.now() / 1000);
  const signature = signJwt("ES256", header, { ...fields, iss: publicUrl(), iat, exp: iat + LOGIN_EVENT_TTL_S }, key.privateKey);
  return { ...fields, signature };
}
