// grant_type=authorization_code (RFC 6749 §4.1.3, RFC 7636 §4.6). The code is consumed atomically
// before anything is issued; a second use of a code revokes every token it produced (§4.1.2).
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { InvalidGrant } from "@/lib/errors/oauth";
import { hashAuthorizationCode } from "../authorization-code";
import { checkPkce } from "../pkce";
import { revokeIssuedFromCode } from "../revoke-tokens";
import type { AuthorizationCodeGrantInput } from "../schemas";
import { userTokenSet, type TokenResponse } from "../token-set";
import { findAuthorizationCode, redeemAuthorizationCode, type PresentedAuthorizationCode } from "../token-store";
import { mayGetTokens } from "../user-for-tokens";
import type { GrantContext } from "./context";

export const INVALID_CODE = "The authorization code is invalid, expired or was already used";

export async function authorizationCodeGrant(ctx: GrantContext, input: AuthorizationCodeGrantInput): Promise<TokenResponse> {
  // The code and its user in one round trip; the redemption below is one statement with its audit row.
  const code = await findAuthorizationCode(hashAuthorizationCode(input.code));
  // Another client's code is answered like an unknown one, and left alone.
  if (!code || code.clientId !== ctx.client.id) throw new InvalidGrant(INVALID_CODE);
  if (code.consumedAt) return replayed(ctx, code);
  if (code.expiresAt.getTime() <= Date.now()) throw new InvalidGrant(INVALID_CODE);
  if (code.redirectUri !== input.redirect_uri) throw new InvalidGrant("redirect_uri does not match the one of the authorization request");
  checkPkce(code, input.code_verifier, ctx.client.type === "public");
  // RFC 9449 §10.1: a code bound to a DPoP key (dpop_jkt, or the PAR's proof) needs a proof with that key.
  if (code.dpopJkt && code.dpopJkt !== ctx.dpopJkt) throw new InvalidGrant("The authorization code is bound to another DPoP key");
  const user = mayGetTokens(code.user);

  const set = await userTokenSet({
    clientId: code.clientId,
    user,
    scope: code.scope,
    grantedScope: code.scope,
    authMethod: code.authMethod,
    authTime: code.authTime,
    nonce: code.nonce,
    familyId: randomUUID(),
    authorizationCodeId: code.id,
    deviceId: code.deviceId,
    sessionId: code.sessionId,
    amr: code.amr,
    dpopJkt: ctx.dpopJkt ?? null,
    bindRefreshToken: ctx.client.type === "public",
  });
  const redeemed = codeEvent(ctx, code, "authorization_code.redeemed", { scope: code.scope, auth_method: code.authMethod });
  const issued = await redeemAuthorizationCode(code.id, ctx.client.id, { refresh: set.refreshToken!, access: set.accessToken }, redeemed);
  if (!issued) {
    // Lost a race against a concurrent redemption: that is a second use of the code too.
    const current = await db().authorizationCode.findUnique({ where: { id: code.id }, select: { consumedAt: true } });
    if (current?.consumedAt) return replayed(ctx, code);
    throw new InvalidGrant(INVALID_CODE);
  }
  return set.response;
}

async function replayed(ctx: GrantContext, code: Pick<PresentedAuthorizationCode, "id" | "userId">): Promise<never> {
  await db().$transaction(async (tx) => {
    const revoked = await revokeIssuedFromCode(tx, code.id);
    await emit(tx, codeEvent(ctx, code, "authorization_code.replayed", { revoked: { ...revoked } }));
  });
  throw new InvalidGrant(INVALID_CODE);
}

/** An event about this code, done by the client presenting it. */
function codeEvent(ctx: GrantContext, code: Pick<PresentedAuthorizationCode, "id" | "userId">, type: string, data: DomainEvent["data"]): DomainEvent {
  return { type, actor: { type: "client", id: ctx.client.id }, clientId: ctx.client.id, userId: code.userId, subjectId: code.id, ip: ctx.ip, requestId: ctx.requestId, data };
}
