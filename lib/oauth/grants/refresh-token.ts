// grant_type=refresh_token (RFC 6749 §6) with rotation on every use (RFC 9700 §4.14.2): the
// presented token is marked rotated atomically before its successor is issued, and presenting a
// rotated token again — an attacker or the victim, we cannot tell — revokes the whole family.
import { db } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { InvalidGrant } from "@/lib/errors/oauth";
import { hashRefreshToken } from "../mint-refresh-token";
import { revokeFamily } from "../revoke-tokens";
import type { RefreshTokenGrantInput } from "../schemas";
import { checkResources } from "../resources";
import { narrowScope } from "../scopes";
import { clientIdTokenAlg, userTokenSet, type TokenResponse } from "../token-set";
import { findRefreshToken, rotateRefreshToken, type PresentedRefreshToken } from "../token-store";
import { mayGetTokens } from "../user-for-tokens";
import type { GrantContext } from "./context";

const INVALID_REFRESH_TOKEN = "The refresh token is invalid, expired or revoked";

export async function refreshTokenGrant(ctx: GrantContext, input: RefreshTokenGrantInput): Promise<TokenResponse> {
  const presented = await findRefreshToken(hashRefreshToken(input.refresh_token));
  // Another client's token is answered like an unknown one, and left alone.
  if (!presented || presented.clientId !== ctx.client.id) throw new InvalidGrant(INVALID_REFRESH_TOKEN);
  if (presented.revokedAt) throw new InvalidGrant(INVALID_REFRESH_TOKEN);
  if (presented.rotatedAt) return reused(ctx, presented);
  if (presented.expiresAt.getTime() <= Date.now()) throw new InvalidGrant(INVALID_REFRESH_TOKEN);
  // Only user grants carry refresh tokens; these columns are set for every one of them.
  if (!presented.userId || !presented.authMethod || !presented.authTime) throw new InvalidGrant(INVALID_REFRESH_TOKEN);
  // RFC 9449 §5: a DPoP-bound refresh token (public clients) is usable only with a proof of its key.
  if (presented.dpopJkt && presented.dpopJkt !== ctx.dpopJkt) throw new InvalidGrant("The refresh token is bound to another DPoP key");
  const user = mayGetTokens(presented.user);
  const scope = narrowScope(presented.scope, input.scope);
  const audience = ctx.resources.length ? checkResources(ctx.resources, presented.resources.length ? presented.resources : ctx.client.resources) : presented.resources;

  const set = await userTokenSet({
    clientId: presented.clientId,
    user,
    scope,
    grantedScope: presented.scope,
    authMethod: presented.authMethod,
    authTime: presented.authTime,
    // The nonce belongs to the authentication request; refreshed ID tokens carry none (Core §12.2).
    nonce: null,
    familyId: presented.familyId,
    authorizationCodeId: presented.authorizationCodeId,
    deviceId: presented.deviceId,
    // Core §12.2: the same authentication as the original ID token — its session (`sid`, which
    // Back-Channel and RP-Initiated Logout match on), `amr` and so `acr`; auth_time is kept above.
    sessionId: presented.sessionId,
    amr: presented.amr,
    dpopJkt: ctx.dpopJkt ?? null,
    // A public client's successor is bound to the key of this proof (the same key, checked above).
    bindRefreshToken: ctx.client.type === "public",
    idTokenAlg: clientIdTokenAlg(ctx.client),
    resources: presented.resources,
    audience,
  });
  if (!(await rotateRefreshToken(presented.id, { refresh: set.refreshToken!, access: set.accessToken }))) {
    // Lost a race against a concurrent refresh with the same token: that is reuse too.
    const current = await findRefreshToken(hashRefreshToken(input.refresh_token));
    if (current?.rotatedAt && !current.revokedAt) return reused(ctx, current);
    throw new InvalidGrant(INVALID_REFRESH_TOKEN);
  }
  return set.response;
}

async function reused(ctx: GrantContext, token: Pick<PresentedRefreshToken, "familyId" | "userId">): Promise<never> {
  await db().$transaction(async (tx) => {
    const revoked = await revokeFamily(tx, token.familyId);
    await emit(tx, {
      type: "refresh_token.reused",
      actor: { type: "client", id: ctx.client.id },
      clientId: ctx.client.id,
      userId: token.userId,
      subjectId: token.familyId,
      ip: ctx.ip,
      requestId: ctx.requestId,
      data: { revoked: { ...revoked } },
    });
  });
  throw new InvalidGrant(INVALID_REFRESH_TOKEN);
}
