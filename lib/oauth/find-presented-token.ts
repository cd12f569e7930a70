// Revocation and introspection receive "a token": ours are either JWT access tokens or opaque
// refresh tokens, which their shape tells apart (the token_type_hint is only a hint, RFC 7009 §2.1).
import { db } from "@/lib/db";
import type { RefreshToken } from "@/lib/db/generated/client";
import { decodeAccessToken, type AccessTokenClaims } from "./access-token";
import { hashRefreshToken } from "./mint-refresh-token";

export type PresentedToken = { kind: "access_token"; claims: AccessTokenClaims } | { kind: "refresh_token"; row: RefreshToken } | { kind: "unknown" };

/** The token if this server issued it to `clientId`; another client's token is "unknown". */
export async function findPresentedToken(token: string, clientId: string): Promise<PresentedToken> {
  if (token.split(".").length === 3) {
    const claims = await decodeAccessToken(token);
    return claims && claims.client_id === clientId ? { kind: "access_token", claims } : { kind: "unknown" };
  }
  const row = await db().refreshToken.findUnique({ where: { tokenHash: hashRefreshToken(token) } });
  return row && row.clientId === clientId ? { kind: "refresh_token", row } : { kind: "unknown" };
}
