// Redeeming a trusted-auth session token (on /login/oauth/authorize or /v1/partner/identity/token).
// The token is consumed atomically BEFORE anything is checked or issued: under concurrent
// presentation exactly one caller wins, and a token presented with the wrong user or intent is
// spent (treated as exposed). Another client's token is left alone, like an unknown one.
import { TRUSTED_AUTH_TOKEN_MAX_LENGTH } from "@/lib/config/limits";
import { db } from "@/lib/db";
import type { UserStatus } from "@/lib/db/generated/enums";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { convertIntentOnSignIn } from "@/lib/intents/convert-intent";
import { isLinkedToClient } from "@/lib/users/client-link";
import { auditTrustedAuthFailure } from "./audit";
import { hashSessionToken } from "./token-hash";

export type RedeemFailure = "unknown" | "other_client" | "expired" | "already_used" | "user_intent_id_mismatch" | "user_id_mismatch" | "not_enabled" | "user_changed";

export interface SessionTokenPresentation {
  token: string;
  clientId: string;
  /** The ids sent along with the token (Astra: user_intent_id required for an intent's token, user_id optional). */
  userId: string | null;
  userIntentId: string | null;
  via: "authorize" | "token_endpoint";
  ip: string;
  requestId: string;
  now?: Date;
}

export type RedeemOutcome =
  | {
      ok: true;
      tokenId: string;
      user: { id: string; phone: string; status: UserStatus };
      authTime: Date;
      userIntentId: string | null;
      /** The user existed but was not yet linked to this client: the phone must be proven by SMS once. */
      needsPhoneProof: boolean;
    }
  | { ok: false; reason: RedeemFailure };

export async function redeemSessionToken(presented: SessionTokenPresentation): Promise<RedeemOutcome> {
  const ctx = { clientId: presented.clientId, ip: presented.ip, requestId: presented.requestId };
  const reject = async (reason: RedeemFailure, details: { tokenId?: string; userId?: string | null } = {}): Promise<RedeemOutcome> => {
    await auditTrustedAuthFailure("trusted_auth.token_rejected", ctx, { reason, via: presented.via, token_id: details.tokenId ?? null }, details.userId);
    return { ok: false, reason };
  };
  const now = presented.now ?? new Date();
  const token = presented.token.length <= TRUSTED_AUTH_TOKEN_MAX_LENGTH ? await db().trustedAuthToken.findUnique({ where: { tokenHash: hashSessionToken(presented.token) } }) : null;
  if (!token) return reject("unknown");
  if (token.clientId !== presented.clientId) return reject("other_client", { tokenId: token.id });

  const consumed = await db().trustedAuthToken.updateMany({
    where: { id: token.id, clientId: presented.clientId, consumedAt: null, expiresAt: { gt: now } },
    data: { consumedAt: now },
  });
  if (consumed.count !== 1) {
    const current = await db().trustedAuthToken.findUnique({ where: { id: token.id }, select: { consumedAt: true } });
    return reject(current?.consumedAt ? "already_used" : "expired", { tokenId: token.id, userId: token.userId });
  }

  if (token.userIntentId ? presented.userIntentId !== token.userIntentId : presented.userIntentId !== null) {
    return reject("user_intent_id_mismatch", { tokenId: token.id, userId: token.userId });
  }
  if (presented.userId !== null && presented.userId !== token.userId) return reject("user_id_mismatch", { tokenId: token.id, userId: token.userId });
  const client = await db().client.findUnique({ where: { id: token.clientId }, select: { trustedAuthEnabled: true, disabledAt: true } });
  if (!client?.trustedAuthEnabled || client.disabledAt) return reject("not_enabled", { tokenId: token.id, userId: token.userId });

  try {
    let needsPhoneProof = false;
    const user = await db().$transaction(async (tx) => {
      // Before any conversion: is the account behind this phone new, or already this client's?
      const before = token.userIntentId ? await tx.user.findUnique({ where: { phone: token.phone }, select: { id: true } }) : token.userId ? { id: token.userId } : null;
      needsPhoneProof = Boolean(before) && !(await isLinkedToClient(tx, before!.id, token.clientId));
      let userId = needsPhoneProof ? before!.id : token.userId;
      // Not converted before the phone is proven: the SMS sign-in converts it (lib/sign-in/request-binding.ts).
      if (token.userIntentId && !needsPhoneProof) {
        // Sign-in through an intent makes it a user, exactly as the SMS sign-in does.
        userId = (await convertIntentOnSignIn(tx, { intentId: token.userIntentId, clientId: token.clientId, phone: token.phone, ip: presented.ip, requestId: presented.requestId })).userId;
      }
      const found = userId ? await tx.user.findUnique({ where: { id: userId }, select: { id: true, phone: true, status: true } }) : null;
      // The customer API vouched for this phone a minute ago; a number changed since is another person.
      if (!found || found.phone !== token.phone) throw new ProductError("session_token_invalid");
      await emit(tx, {
        type: "trusted_auth.token_redeemed",
        actor: { type: "client", id: token.clientId },
        clientId: token.clientId,
        userId: found.id,
        subjectId: token.id,
        ip: presented.ip,
        requestId: presented.requestId,
        data: { via: presented.via, user_intent_id: token.userIntentId },
      });
      return found;
    });
    return { ok: true, tokenId: token.id, user, authTime: token.lastAuthenticatedAt, userIntentId: token.userIntentId, needsPhoneProof };
  } catch (error) {
    if (error instanceof ProductError) return reject("user_changed", { tokenId: token.id, userId: token.userId });
    throw error;
  }
}
