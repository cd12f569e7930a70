// grant_type=client_credentials (RFC 6749 §4.4): a confidential partner gets a token for its own
// server-to-server calls (SPEC "Partner authentication"). The subject is the client; there is no
// user, so no user scopes and no refresh token.
import { InvalidScope, UnauthorizedClient } from "@/lib/errors/oauth";
import type { ClientCredentialsGrantInput } from "../schemas";
import { clientTokenSet, type TokenResponse } from "../token-set";
import { insertAccessToken } from "../token-store";
import type { GrantContext } from "./context";

export async function clientCredentialsGrant(ctx: GrantContext, input: ClientCredentialsGrantInput): Promise<TokenResponse> {
  if (ctx.client.type !== "confidential") throw new UnauthorizedClient("Public clients cannot use the client_credentials grant");
  if (input.scope !== undefined && input.scope.trim() !== "") {
    throw new InvalidScope("client_credentials tokens act for the partner itself and carry no scope; omit the scope parameter");
  }
  const set = await clientTokenSet(ctx.client.id, "", ctx.dpopJkt ?? null);
  // One row and nothing else changes: no transaction.
  await insertAccessToken(set.accessToken);
  return set.response;
}
