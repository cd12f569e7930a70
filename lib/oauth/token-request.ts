// POST /v1/oauth/token — RFC 6749 §3.2: authenticate the client, pick the grant by grant_type,
// answer with tokens that are never cached (§5.1).
import { authenticateClient } from "@/lib/clients/authenticate";
import { InvalidRequest, UnsupportedGrantType } from "@/lib/errors/oauth";
import { jsonReply, type JsonReply } from "@/lib/http/respond";
import { authorizationCodeGrant } from "./grants/authorization-code";
import { clientCredentialsGrant } from "./grants/client-credentials";
import type { GrantContext } from "./grants/context";
import { refreshTokenGrant } from "./grants/refresh-token";
import { formObject, GRANT_TYPES, tokenRequest } from "./schemas";
import type { TokenResponse } from "./token-set";

export async function handleTokenRequest(req: Request, form: URLSearchParams, meta: { ip: string; requestId: string }): Promise<JsonReply> {
  // Public clients may use the code (with PKCE) and refresh grants; client_credentials refuses them.
  const { client } = await authenticateClient(req, { ...meta, allowPublic: true }, form);
  const grantType = form.get("grant_type");
  if (!grantType) throw new InvalidRequest("grant_type is required");
  // RFC 6749 §5.2: the description never repeats the client's input (it may hold any character).
  if (!(GRANT_TYPES as readonly string[]).includes(grantType)) throw new UnsupportedGrantType(`This grant_type is not supported (supported: ${GRANT_TYPES.join(", ")})`);
  const input = tokenRequest.parse(formObject(form));
  const ctx: GrantContext = { client, resources: form.getAll("resource"), ...meta };
  let tokens: TokenResponse;
  switch (input.grant_type) {
    case "authorization_code":
      tokens = await authorizationCodeGrant(ctx, input);
      break;
    case "refresh_token":
      tokens = await refreshTokenGrant(ctx, input);
      break;
    case "client_credentials":
      tokens = await clientCredentialsGrant(ctx, input);
      break;
  }
  return jsonReply(tokens, { cache: "no-store" });
}
