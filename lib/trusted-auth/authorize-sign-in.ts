// GET /login/oauth/authorize?session_token=… (Astra "Authenticating a User"): once the authorize
// request itself is valid, the token is redeemed and the user is signed in with
// auth_method=trusted_auth, skipping the SMS step; status routing and consent follow as usual.
// Any problem with the token falls back to the normal sign-in page with a notice — never a silent
// success, never an error sent to the partner (the user can still sign in by SMS).
// The session is bound to this client and this request (lib/sessions/capabilities.ts): it can
// finish nothing else and change nothing in the account. An existing user that this client does
// not know yet proves the phone by SMS once instead (the request is locked to that user).
import { loadAuthorizationRequest } from "@/lib/authorize/authorization-request";
import { db } from "@/lib/db";
import { record } from "@/lib/events/emit";
import { startSession } from "@/lib/sign-in/start-session";
import { redeemSessionToken } from "./redeem-token";

export const TRUSTED_AUTH_FAILED_NOTICE = "trusted_auth_failed";
export const TRUSTED_AUTH_SMS_NOTICE = "trusted_auth_sms_required";

export interface TrustedSignIn {
  location: string;
  setCookie: string | null;
}

export async function signInWithSessionToken(input: { requestId: string; sessionToken: string; ip: string; httpRequestId: string; now?: Date }): Promise<TrustedSignIn> {
  const rid = encodeURIComponent(input.requestId);
  const fallback: TrustedSignIn = { location: `/login?rid=${rid}&error=${TRUSTED_AUTH_FAILED_NOTICE}`, setCookie: null };
  const request = await loadAuthorizationRequest(input.requestId);
  if (!request) return { location: `/login?rid=${rid}&error=expired`, setCookie: null };
  const outcome = await redeemSessionToken({
    token: input.sessionToken,
    clientId: request.clientId,
    userId: request.expectedUserId,
    userIntentId: request.userIntentId,
    via: "authorize",
    ip: input.ip,
    requestId: input.httpRequestId,
    now: input.now,
  });
  if (!outcome.ok) return fallback;
  const { user } = outcome;
  if (outcome.needsPhoneProof) {
    // Only this user may finish the request, and only after proving the phone by SMS.
    await db().authorizationRequest.update({ where: { id: request.id }, data: { expectedUserId: user.id, phone: user.phone, phoneReadOnly: true } });
    return { location: `/login?rid=${rid}&error=${TRUSTED_AUTH_SMS_NOTICE}`, setCookie: null };
  }
  // Only the user the token names may finish this request (the partner may have sent no user_id).
  if (!request.expectedUserId && !request.userIntentId) {
    await db().authorizationRequest.update({ where: { id: request.id }, data: { expectedUserId: user.id } });
  }
  await record({ type: "user.signed_in", actor: { type: "user", id: user.id }, userId: user.id, clientId: request.clientId, ip: input.ip, requestId: input.httpRequestId, data: { auth_method: "trusted_auth" } });
  // auth_time is when the partner authenticated the customer (up to 30 days ago), not now: anything
  // that asks for a recent authentication must not mistake a vouched-for login for a fresh one.
  const { setCookie } = await startSession({
    id: user.id,
    phone: user.phone,
    authMethod: "trusted_auth",
    authTime: Math.floor(outcome.authTime.getTime() / 1000),
    boundClientId: request.clientId,
    boundRequestId: request.id,
    ip: input.ip,
  });
  return { location: `/login/continue?rid=${rid}`, setCookie };
}
