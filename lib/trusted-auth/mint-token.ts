// POST /v1/partner/identity/verification (Astra "Generating a Partner Identity Verification
// Token"): the partner names one of its users or user intents and its own customer; Trustgate asks
// the partner's customer API, and only when that customer authenticated within 30 days with the
// same phone does it mint a one-time, 60-second token bound to the client and the user or intent.
import { TRUSTED_AUTH_MAX_AUTH_AGE_S, TRUSTED_AUTH_MAX_CLOCK_SKEW_S, TRUSTED_AUTH_TOKEN_BYTES, TRUSTED_AUTH_TOKEN_TTL_S } from "@/lib/config/limits";
import { randomToken } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import type { Client } from "@/lib/db/generated/client";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { maskPhone, normalizePhone } from "@/lib/phone/normalize";
import { auditTrustedAuthFailure } from "./audit";
import { CustomerApiFailure, fetchCustomer, type CustomerApiOptions } from "./customer-api";
import type { IdentityVerificationRequest } from "./schemas";
import { findTokenSubject, oneUserReference, type TokenSubject } from "./subject";
import { hashSessionToken, SESSION_TOKEN_PREFIX } from "./token-hash";

export interface MintContext extends CustomerApiOptions {
  ip: string;
  requestId: string;
  /** The clock (tests move it). */
  now?: Date;
}

export async function mintTrustedAuthToken(client: Client, input: IdentityVerificationRequest, ctx: MintContext): Promise<{ token: string }> {
  let subject: TokenSubject | null = null;
  try {
    if (!client.trustedAuthEnabled || !client.customerApiUrl) throw new ProductError("trusted_auth_not_enabled");
    subject = await findTokenSubject(client.id, oneUserReference(input));
    const customerId = input.provider_data.customer_id;
    const customer = await fetchCustomer(client, customerId, ctx);
    if (customer.customer_id !== customerId) {
      throw new CustomerApiFailure("customer_api_invalid_response", "customer_id_mismatch", "The customer API answered for another customer_id than the one requested");
    }
    const now = ctx.now ?? new Date();
    const authenticatedAt = new Date(customer.lastAuthenticationTime);
    if (authenticatedAt.getTime() > now.getTime() + TRUSTED_AUTH_MAX_CLOCK_SKEW_S * 1000) throw new ProductError("customer_authentication_in_future");
    if (now.getTime() - authenticatedAt.getTime() > TRUSTED_AUTH_MAX_AUTH_AGE_S * 1000) throw new ProductError("customer_authentication_stale");
    // The subject's phone was accepted when stored (fictional numbers included for sandbox clients).
    if (normalizePhone(customer.phone, { fictional: true }) !== subject.phone) throw new ProductError("customer_phone_mismatch");

    const token = `${SESSION_TOKEN_PREFIX}${randomToken(TRUSTED_AUTH_TOKEN_BYTES)}`;
    const userId = subject.kind === "user" ? subject.userId : null;
    const userIntentId = subject.kind === "intent" ? subject.userIntentId : null;
    await db().$transaction(async (tx) => {
      const row = await tx.trustedAuthToken.create({
        data: {
          tokenHash: hashSessionToken(token),
          clientId: client.id,
          userId,
          userIntentId,
          phone: subject!.phone,
          provider: input.provider,
          // A few minutes of partner clock skew must not date the sign-in in the future.
          lastAuthenticatedAt: authenticatedAt > now ? now : authenticatedAt,
          expiresAt: new Date(now.getTime() + TRUSTED_AUTH_TOKEN_TTL_S * 1000),
        },
        select: { id: true },
      });
      await emit(tx, {
        type: "trusted_auth.token_issued",
        actor: { type: "client", id: client.id },
        clientId: client.id,
        userId,
        subjectId: row.id,
        ip: ctx.ip,
        requestId: ctx.requestId,
        data: { provider: input.provider, customer_id: customerId, user_intent_id: userIntentId, phone: maskPhone(subject!.phone), last_authentication_time: authenticatedAt.toISOString() },
      });
    });
    return { token };
  } catch (error) {
    if (error instanceof ProductError) {
      await auditTrustedAuthFailure(
        "trusted_auth.verification_failed",
        { clientId: client.id, ip: ctx.ip, requestId: ctx.requestId },
        {
          error: error.code,
          ...(error instanceof CustomerApiFailure ? { reason: error.reason } : {}),
          provider: input.provider,
          customer_id: input.provider_data.customer_id,
          user_id: input.user_id ?? null,
          user_intent_id: input.user_intent_id ?? null,
        },
        subject?.kind === "user" ? subject.userId : null,
      );
    }
    throw error;
  }
}
