// POST /v1/partner/identity/token — the session token for OAuth tokens with no page in between
// (Astra offers this for partners with their own UI). Same checks as on /login/oauth/authorize;
// tokens are minted by the same code as the authorization_code grant, with auth_method
// trusted_auth. No consent is recorded: the user saw no consent screen.
import { randomUUID } from "node:crypto";
import { parseScope } from "@/lib/authorize/scopes";
import { db } from "@/lib/db";
import type { Client } from "@/lib/db/generated/client";
import { emit } from "@/lib/events/emit";
import { ProductError, type ProductErrorCode } from "@/lib/errors/product";
import { userTokenSet, type TokenResponse } from "@/lib/oauth/token-set";
import { storeTokenSet } from "@/lib/oauth/token-store";
import { auditTrustedAuthFailure } from "./audit";
import { redeemSessionToken, type RedeemFailure } from "./redeem-token";
import type { IdentityTokenRequest } from "./schemas";

// Unknown, expired, spent and another client's tokens look alike to the caller (no oracle).
const FAILURE_ERRORS: Record<RedeemFailure, ProductErrorCode> = {
  unknown: "session_token_invalid",
  other_client: "session_token_invalid",
  expired: "session_token_invalid",
  already_used: "session_token_invalid",
  user_changed: "session_token_invalid",
  user_intent_id_mismatch: "session_token_mismatch",
  user_id_mismatch: "session_token_mismatch",
  not_enabled: "trusted_auth_not_enabled",
};

const BLOCKED = new Set(["rejected", "suspended"]);

export async function exchangeSessionToken(client: Client, input: IdentityTokenRequest, ctx: { ip: string; requestId: string; now?: Date }): Promise<TokenResponse & { user_id: string }> {
  if (input.user_id !== undefined && input.user_intent_id !== undefined) throw new ProductError("user_reference_ambiguous");
  const scopes = parseScope(input.scope ?? null);
  if (!scopes) throw new ProductError("validation_failed", "scope: unknown scope (supported: openid profile phone email offline_access)");
  if (!client.trustedAuthEnabled) {
    await auditTrustedAuthFailure("trusted_auth.token_rejected", { clientId: client.id, ...ctx }, { reason: "not_enabled", via: "token_endpoint", token_id: null });
    throw new ProductError("trusted_auth_not_enabled");
  }
  const outcome = await redeemSessionToken({
    token: input.session_token,
    clientId: client.id,
    userId: input.user_id ?? null,
    userIntentId: input.user_intent_id ?? null,
    via: "token_endpoint",
    ...ctx,
  });
  if (!outcome.ok) throw new ProductError(FAILURE_ERRORS[outcome.reason]);
  const { user } = outcome;
  if (outcome.needsPhoneProof) {
    await auditTrustedAuthFailure("trusted_auth.token_rejected", { clientId: client.id, ...ctx }, { reason: "phone_proof_required", via: "token_endpoint", token_id: outcome.tokenId }, user.id);
    throw new ProductError("trusted_auth_phone_proof_required");
  }
  if (BLOCKED.has(user.status)) {
    await auditTrustedAuthFailure("trusted_auth.token_rejected", { clientId: client.id, ...ctx }, { reason: "account_blocked", via: "token_endpoint", token_id: outcome.tokenId }, user.id);
    throw new ProductError("trusted_auth_account_blocked", `This user is ${user.status}`);
  }
  const scope = scopes.join(" ");
  const set = await userTokenSet({
    clientId: client.id,
    user,
    scope,
    grantedScope: scope,
    authMethod: "trusted_auth",
    authTime: outcome.authTime,
    nonce: null,
    familyId: randomUUID(),
    authorizationCodeId: null,
  });
  await db().$transaction(async (tx) => {
    await storeTokenSet(tx, set);
    await emit(tx, {
      type: "trusted_auth.tokens_issued",
      actor: { type: "client", id: client.id },
      clientId: client.id,
      userId: user.id,
      subjectId: outcome.tokenId,
      ip: ctx.ip,
      requestId: ctx.requestId,
      data: { scope, auth_method: "trusted_auth" },
    });
  });
  return { ...set.response, user_id: user.id };
}
