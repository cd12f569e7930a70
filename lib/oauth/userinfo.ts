// OpenID Connect UserInfo (Core §5.3, §5.4): the claims the token's scopes allow, nothing more.
import type { z } from "zod";
import { db } from "@/lib/db";
import { InsufficientScope, InvalidToken } from "@/lib/errors/oauth";
import type { UserAccessTokenClaims } from "./access-token";
import type { userInfoResponseSchema } from "./schemas";
import { hasScope } from "./scopes";

export async function userInfoClaims(token: UserAccessTokenClaims): Promise<z.output<typeof userInfoResponseSchema>> {
  // Core §5.3: UserInfo serves tokens from an OpenID Connect request, i.e. with `openid`.
  if (!hasScope(token.scope, "openid")) throw new InsufficientScope("The access token lacks the openid scope");
  const user = await db().user.findUnique({ where: { id: token.sub } });
  // The user was removed after the token was issued: the token no longer stands for anyone.
  if (!user) throw new InvalidToken();
  const claims: z.output<typeof userInfoResponseSchema> = { sub: user.id };
  if (hasScope(token.scope, "phone")) {
    // Every user signed in with this number (SMS code) before it was stored.
    claims.phone_number = user.phone;
    claims.phone_number_verified = true;
  }
  if (hasScope(token.scope, "email") && user.email) {
    // The partner supplied it (UserIntent); Trustgate has not verified it.
    claims.email = user.email;
    claims.email_verified = false;
  }
  if (hasScope(token.scope, "profile")) {
    if (user.firstName) claims.given_name = user.firstName;
    if (user.lastName) claims.family_name = user.lastName;
    const name = [user.firstName, user.lastName].filter(Boolean).join(" ");
    if (name) claims.name = name;
    claims.updated_at = Math.floor(user.updatedAt.getTime() / 1000);
  }
  return claims;
}
