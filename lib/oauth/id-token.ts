// OpenID Connect ID Tokens (Core §2, §3.1.3.6): ES256, audience = the client, with the way the
// user signed in (`auth_method`, and `amr` in RFC 8176 values) and at_hash binding the access token.
import { createHash } from "node:crypto";
import { signEs256Jwt } from "@/lib/keys/sign-jwt";
import { publicUrl } from "@/lib/config/settings";
import type { AuthMethod } from "@/lib/db/generated/enums";
import { activeSigningKey } from "@/lib/keys/signing-keys";
import { acrFor, AMR_BY_AUTH_METHOD } from "@/lib/sessions/amr";
import { ID_TOKEN_CLAIMS, releaseFields, releasedScopes } from "@/lib/claims/scope-map";
import { standardClaims } from "@/lib/claims/standard-claims";
import { loadUserData } from "@/lib/claims/user-data";
import { verifiedClaimsFor } from "@/lib/claims/verified-claims";

export { AMR_BY_AUTH_METHOD };

export interface IdTokenInput {
  clientId: string;
  user: { id: string; phone: string };
  scope: string;
  authMethod: AuthMethod;
  authTime: Date;
  nonce: string | null;
  /** The session's `amr` when known (else the sign-in method's). */
  amr?: string[] | null;
  /** The end-user session (`sid`, for logout). */
  sessionId?: string | null;
  accessToken: string;
  expiresIn: number;
}

/** Core §3.1.3.6: base64url of the left half of SHA-256 over the access token (ES256 → SHA-256). */
export function atHash(accessToken: string): string {
  const digest = createHash("sha256").update(accessToken, "ascii").digest();
  return digest.subarray(0, digest.length / 2).toString("base64url");
}

/** The user claims the ID token's scope releases and the user consented to (lib/claims/scope-map.ts). */
async function userClaims(input: IdTokenInput): Promise<Record<string, unknown>> {
  const wanted = releasedScopes(input.scope, ["phone", "email", "profile", "address", "verification"]);
  wanted.delete("openid");
  if (!wanted.size) return {};
  const user = await loadUserData(input.user.id, input.clientId);
  if (!user) return {};
  const released = releasedScopes(input.scope, user.consented);
  released.delete("openid"); // sub is set above
  return releaseFields({ ...standardClaims(user), ...verifiedClaimsFor(user, released) }, ID_TOKEN_CLAIMS, released);
}

export async function signIdToken(input: IdTokenInput): Promise<string> {
  const key = await activeSigningKey();
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
    amr: input.amr?.length ? input.amr : AMR_BY_AUTH_METHOD[input.authMethod],
    acr: acrFor(input.authMethod, input.amr?.length ? input.amr : AMR_BY_AUTH_METHOD[input.authMethod]),
    ...(input.sessionId ? { sid: input.sessionId } : {}),
    at_hash: atHash(input.accessToken),
    ...(await userClaims(input)),
  };
  return signEs256Jwt({ kid: key.kid, typ: "JWT" }, claims, key.privateKey);
}
