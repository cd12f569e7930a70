// POST /v1/oauth/introspect — RFC 7662. Only the client a token was issued to may introspect it;
// for anyone else, and for anything expired, revoked or unknown, the answer is {active:false}.
import type { z } from "zod";
import { authenticateClient } from "@/lib/clients/authenticate";
import { publicUrl } from "@/lib/config/settings";
import { isAccessTokenLive } from "./access-token";
import { findPresentedToken } from "./find-presented-token";
import { formObject, type introspectionResponseSchema, tokenLookupRequest } from "./schemas";

export type IntrospectionResponse = z.output<typeof introspectionResponseSchema>;

export async function handleIntrospectionRequest(req: Request, form: URLSearchParams, meta: { ip: string; requestId: string }): Promise<IntrospectionResponse> {
  // §2.1: the caller must authenticate; public clients have nothing to authenticate with.
  const { client } = await authenticateClient(req, meta, form);
  const input = tokenLookupRequest.parse(formObject(form));
  return introspectToken(client.id, input.token);
}

export async function introspectToken(clientId: string, token: string): Promise<IntrospectionResponse> {
  const found = await findPresentedToken(token, clientId);
  if (found.kind === "access_token") {
    // Re-check against the token table: revoked tokens are inactive even before they expire.
    const claims = found.claims;
    if (!(await isAccessTokenLive(claims))) return { active: false };
    return {
      active: true,
      scope: claims.scope,
      client_id: claims.client_id,
      sub: claims.sub,
      aud: claims.aud,
      exp: claims.exp,
      iat: claims.iat,
      iss: claims.iss,
      jti: claims.jti,
      // RFC 9449 §6.2: a sender-constrained token says so, and names its key.
      token_type: claims.cnf ? "DPoP" : "Bearer",
      ...(claims.cnf ? { cnf: { jkt: claims.cnf.jkt } } : {}),
      ...(claims.auth_method ? { auth_method: claims.auth_method, auth_time: claims.auth_time } : {}),
    };
  }
  if (found.kind === "refresh_token") {
    const row = found.row;
    if (row.revokedAt || row.rotatedAt || row.expiresAt.getTime() <= Date.now() || !row.userId) return { active: false };
    return {
      active: true,
      scope: row.scope,
      client_id: row.clientId,
      sub: row.userId,
      exp: Math.floor(row.expiresAt.getTime() / 1000),
      iat: Math.floor(row.createdAt.getTime() / 1000),
      iss: publicUrl(),
      token_type: "refresh_token",
      ...(row.dpopJkt ? { cnf: { jkt: row.dpopJkt } } : {}),
      ...(row.authMethod ? { auth_method: row.authMethod } : {}),
    };
  }
  return { active: false };
}
