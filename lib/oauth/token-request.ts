// POST /v1/oauth/token — RFC 6749 §3.2: authenticate the client, pick the grant by grant_type,
// answer with the token set (the edge, lib/http/endpoints/token.ts, sends it uncached: §5.1).
import { authenticateClient } from "@/lib/clients/authenticate";
import { InvalidRequest, OAuthError, UnsupportedGrantType } from "@/lib/errors/oauth";
import { recordGrant } from "@/lib/metrics/record";
import { inSpan } from "@/lib/tracing/tracer";
import { authorizationCodeGrant } from "./grants/authorization-code";
import { clientCredentialsGrant } from "./grants/client-credentials";
import type { GrantContext } from "./grants/context";
import { refreshTokenGrant } from "./grants/refresh-token";
import { formObject, GRANT_TYPES, tokenRequest } from "./schemas";
import { dpopReplyHeaders, tokenRequestDpopJkt } from "./token-dpop";
import type { TokenResponse } from "./token-set";

/** The token set and the headers that go with it (a DPoP-Nonce for the next proof, RFC 9449 §8.2). */
export interface TokenAnswer {
  tokens: TokenResponse;
  headers: Record<string, string>;
}

export async function handleTokenRequest(req: Request, form: URLSearchParams, meta: { ip: string; requestId: string }): Promise<TokenAnswer> {
  try {
    const reply = await answerTokenRequest(req, form, meta);
    recordGrant(form.get("grant_type"), "issued");
    return reply;
  } catch (error) {
    recordGrant(form.get("grant_type"), error instanceof OAuthError ? error.error : "server_error");
    throw error;
  }
}

async function answerTokenRequest(req: Request, form: URLSearchParams, meta: { ip: string; requestId: string }): Promise<TokenAnswer> {
  // Public clients may use the code (with PKCE) and refresh grants; client_credentials refuses them.
  const { client } = await inSpan("oauth.authenticate_client", undefined, () => authenticateClient(req, { ...meta, allowPublic: true }, form));
  const grantType = form.get("grant_type");
  if (!grantType) throw new InvalidRequest("grant_type is required");
  // RFC 6749 §5.2: the description never repeats the client's input (it may hold any character).
  if (!(GRANT_TYPES as readonly string[]).includes(grantType)) throw new UnsupportedGrantType(`This grant_type is not supported (supported: ${GRANT_TYPES.join(", ")})`);
  const input = tokenRequest.parse(formObject(form));
  // Without a DPoP header (and not a FAPI 2.0 client) there is nothing to check: no extra await on the hot path.
  const dpopJkt = req.headers.has("dpop") || client.fapi2 ? await tokenRequestDpopJkt(req, client) : null;
  const ctx: GrantContext = { client, resources: form.getAll("resource"), ...meta, dpopJkt };
  let tokens: TokenResponse;
  const attributes = { "oauth.grant_type": input.grant_type, "oauth.client_id": client.id };
  switch (input.grant_type) {
    case "authorization_code":
      tokens = await inSpan("oauth.grant.authorization_code", attributes, () => authorizationCodeGrant(ctx, input));
      break;
    case "refresh_token":
      tokens = await inSpan("oauth.grant.refresh_token", attributes, () => refreshTokenGrant(ctx, input));
      break;
    case "client_credentials":
      tokens = await inSpan("oauth.grant.client_credentials", attributes, () => clientCredentialsGrant(ctx, input));
      break;
  }
  return { tokens, headers: dpopReplyHeaders(dpopJkt) };
}
