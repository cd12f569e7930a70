// API flavour of signInWithDevice (Cotter): the partner's backend — authenticated as the client —
// creates a login request for a user's phone, shows the code, and polls with the request's secret.
// The first poll after approval redeems it (once) and carries the OAuth tokens, Cotter-shaped.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { scopeSet } from "@/lib/oauth/scopes";
import { userTokenSet } from "@/lib/oauth/token-set";
import { storeTokenSet } from "@/lib/oauth/token-store";
import { mayGetTokens } from "@/lib/oauth/user-for-tokens";
import type { LoginRequest } from "@/lib/db/generated/client";
import type { Client } from "@/lib/db/generated/client";
import { signedLoginEvent } from "./login-event";
import { resolveLoginIdentifier } from "./login-identifier";
import { createLoginRequest, loginRequestForSecret, redeemApproval, statusOf, type CreatedLoginRequest } from "./login-requests";

const SUPPORTED_SCOPES = new Set(["openid", "phone"]);

export async function createApiLoginRequest(input: {
  client: Pick<Client, "id" | "sandboxAutoApprove" | "demo">;
  identifier: string;
  scope: string;
  ip: string;
  userAgent: string | null;
  requestId?: string | null;
}): Promise<CreatedLoginRequest> {
  const scopes = scopeSet(input.scope);
  const unknown = scopes.find((scope) => !SUPPORTED_SCOPES.has(scope));
  if (unknown) throw new ProductError("validation_failed", "scope: only openid and phone are supported here");
  const subject = await resolveLoginIdentifier(input.client, input.identifier);
  return createLoginRequest({
    clientId: input.client.id,
    phone: subject.phone,
    userId: subject.userId,
    identifierKey: subject.identifierKey,
    authorizationRequestId: null,
    scope: scopes.join(" ") || "openid",
    ip: input.ip,
    userAgent: input.userAgent,
    requestId: input.requestId,
  });
}

const eventFields = (request: LoginRequest, status: ReturnType<typeof statusOf>) => signedLoginEvent(request, status);

/** Status of the request; the first poll after approval redeems it and returns `oauth_token`. */
export async function pollApiLoginRequest(input: { clientId: string; id: string; secret: string; ip: string; requestId?: string | null }) {
  const request = await loginRequestForSecret(input.id, input.secret, input.clientId);
  const status = statusOf(request);
  if (status !== "approved" || request.authorizationRequestId) return eventFields(request, status);

  const redeemed = await redeemApproval(request);
  const user = mayGetTokens(await db().user.findUnique({ where: { id: redeemed.userId }, select: { id: true, phone: true, status: true } }));
  const authTime = new Date();
  const set = await userTokenSet({
    clientId: request.clientId,
    user,
    scope: request.scope,
    grantedScope: request.scope,
    authMethod: "trusted_device",
    authTime,
    nonce: null,
    familyId: randomUUID(),
    authorizationCodeId: null,
    deviceId: redeemed.deviceId,
  });
  await db().$transaction(async (tx) => {
    await storeTokenSet(tx, set);
    await emit(tx, {
      type: "user.signed_in",
      actor: { type: "user", id: user.id },
      userId: user.id,
      clientId: request.clientId,
      subjectId: request.id,
      ip: input.ip,
      requestId: input.requestId,
      data: { auth_method: "trusted_device", device_id: redeemed.deviceId, login_request_id: request.id },
    });
  });
  const fresh = await db().loginRequest.findUniqueOrThrow({ where: { id: request.id } });
  return {
    ...(await eventFields(fresh, "approved")),
    oauth_token: {
      access_token: set.response.access_token,
      ...(set.response.id_token ? { id_token: set.response.id_token } : {}),
      refresh_token: set.response.refresh_token!,
      expires_in: set.response.expires_in,
      token_type: "Bearer" as const,
      auth_method: "TRUSTED_DEVICE" as const,
      scope: set.response.scope,
    },
  };
}
