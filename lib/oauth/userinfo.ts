// OpenID Connect UserInfo (Core §5.3, §5.4): the claims the token's scopes allow and the user
// consented to for this client (lib/claims/scope-map.ts), nothing more.
import type { z } from "zod";
import { USERINFO_CLAIMS, releaseFields, releasedScopes } from "@/lib/claims/scope-map";
import { standardClaims } from "@/lib/claims/standard-claims";
import { loadUserData } from "@/lib/claims/user-data";
import { verifiedClaimsFor } from "@/lib/claims/verified-claims";
import { InsufficientScope, InvalidToken } from "@/lib/errors/oauth";
import type { UserAccessTokenClaims } from "./access-token";
import type { userInfoResponseSchema } from "./schemas";
import { hasScope } from "./scopes";

export async function userInfoClaims(token: UserAccessTokenClaims): Promise<z.output<typeof userInfoResponseSchema>> {
  // Core §5.3: UserInfo serves tokens from an OpenID Connect request, i.e. with `openid`.
  if (!hasScope(token.scope, "openid")) throw new InsufficientScope("The access token lacks the openid scope");
  const user = await loadUserData(token.sub, token.client_id);
  // The user was removed after the token was issued: the token no longer stands for anyone.
  if (!user) throw new InvalidToken();
  const released = releasedScopes(token.scope, user.consented);
  const claims = { ...standardClaims(user), ...verifiedClaimsFor(user, released) };
  return releaseFields(claims, USERINFO_CLAIMS, released) as z.output<typeof userInfoResponseSchema>;
}
