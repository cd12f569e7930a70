// OpenID Connect ID Tokens (Core §2, §3.1.3.6): signed with the algorithm the client registered
// (id_token_signed_response_alg: RS256 by default, or ES256), audience = the client, with the way
// the user signed in (`auth_method`, and `amr` in RFC 8176 values) and at_hash binding the access token.
import { createHash } from "node:crypto";
import { signJwt } from "@/lib/keys/sign-jwt";
import { publicUrl } from "@/lib/config/settings";
import type { AuthMethod } from "@/lib/db/generated/enums";
import { activeSigningKey, type SigningAlg } from "@/lib/keys/signing-keys";
import { hasScope } from "./scopes";

/** RFC 8176 Authentication Method Reference values for each way of signing in. */
export const AMR_BY_AUTH_METHOD: Record<AuthMethod, string[]> = {
  sms_otp: ["otp", "sms"],
  // A platform passkey: a hardware-bound key plus user verification on the device.
  passkey: ["hwk", "user"],
  // The partner vouches for its own recent multi-factor login (Astra Trusted Authentication).
  trusted_auth: ["mfa"],
  // Approved with the passkey of another, already trusted device: a second channel.
  trusted_device: ["hwk", "user", "mca"],
};

export interface IdTokenInput {
  clientId: string;
  /** The client's id_token_signed_response_alg. */
  alg: SigningAlg;
  user: { id: string; phone: string };
  scope: string;
  authMethod: AuthMethod;
  authTime: Date;
  nonce: string | null;
  accessToken: string;
  expiresIn: number;
}

/** Core §3.1.3.6: base64url of the left half of SHA-256 over the access token (ES256 and RS256 both hash with SHA-256). */
export function atHash(accessToken: string): string {
  const digest = createHash("sha256").update(accessToken, "ascii").digest();
  return digest.subarray(0, digest.length / 2).toString("base64url");
}

export async function signIdToken(input: IdTokenInput): Promise<string> {
  const key = await activeSigningKey(input.alg);
  const iat = Math.floor(Date.now() / 1000);
  const claims = {
    iss: publicUrl(),
    sub: input.user.id,
    aud: input.clientId,
    exp: iat + input.expiresIn,
    iat,
    auth_time: Math.floor(input.authTime.getTime() / 1000),
    ...(input.nonce !== null ? { nonce: input.nonce } : {}),
    auth_method: input.authMethod,
    amr: AMR_BY_AUTH_METHOD[input.authMethod],
    at_hash: atHash(input.accessToken),
    ...(hasScope(input.scope, "phone") ? { phone_number: input.user.phone, phone_number_verified: true } : {}),
  };
  return signJwt(input.alg, { kid: key.kid, typ: "JWT" }, claims, key.privateKey);
}
