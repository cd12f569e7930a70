// The two ways a trusted device signs a hosted session in (next-auth credential providers
// "passkey" and "trusted-device" in lib/sign-in/auth-options.ts call these):
//  - passkey: this browser holds the user's passkey; the assertion's challenge was issued for the
//    hosted authorize request `rid` (auth_method=passkey, SMS skipped);
//  - trusted-device: another device approved this browser's login request, which this browser
//    redeems with the request's secret (auth_method=trusted_device).
import { WEBAUTHN_OPTIONS_WINDOW_S, WEBAUTHN_PAGE_VIEW_CHALLENGES_PER_IP } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { hitRateLimit } from "@/lib/rate-limit/limiter";
import { record } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { loadAuthorizationRequest, type AuthorizationRequest } from "@/lib/authorize/authorization-request";
import { normalizePhone } from "@/lib/phone/normalize";
import { lockedPhone, userMatchesRequest } from "@/lib/sign-in/request-binding";
import type { SessionUser } from "@/lib/sessions/session-user";
import { assertionOptions, verifyDeviceAssertion } from "./verify-assertion";
import { createLoginRequest, loginRequestForSecret, redeemApproval, type CreatedLoginRequest } from "./login-requests";
import { authenticationResponseSchema } from "./schemas";

/**
 * The passkey-autofill challenge the phone page carries from the server, instead of the browser
 * asking POST /api/devices/sign-in/options as soon as the page runs (one round trip less on
 * every sign-in): the same challenge, bound to the same request on the server. A page view is not
 * a ceremony: it counts against its own generous per-IP budget (it bounds the challenge rows a
 * reload loop makes), never the ceremony budget (WEBAUTHN_OPTIONS_PER_IP) that "Sign in with this
 * device" and every other passkey step spend — so reloading cannot lock real passkey sign-ins out.
 * The assertion the challenge brings back is verified (and audited) like any other. Null when the
 * view budget is spent (the page then works without autofill; the button still asks for options).
 */
export async function passkeyAutofillOptions(request: AuthorizationRequest, ip: string) {
  const { allowed } = await hitRateLimit(`webauthn:page_view:ip:${ip}`, WEBAUTHN_PAGE_VIEW_CHALLENGES_PER_IP, WEBAUTHN_OPTIONS_WINDOW_S);
  return allowed ? assertionOptions({ purpose: "sign_in", userId: null, subjectId: request.id }) : null;
}

/** Options for "Sign in with this device" and conditional UI on the hosted page of request `rid`. */
export async function passkeySignInOptions(rid: string) {
  const request = await loadAuthorizationRequest(rid);
  if (!request) throw new ProductError("authorization_request_expired");
  return assertionOptions({ purpose: "sign_in", userId: null, subjectId: request.id });
}

async function mayFinish(request: AuthorizationRequest, user: { id: string; phone: string }): Promise<void> {
  // A request the partner locked to a phone or a user is finished by that user only.
  if (!userMatchesRequest(request, user)) throw new ProductError("webauthn_verification_failed", "This passkey belongs to another account");
}

export async function signInWithPasskey(input: { response: string; rid: string; ip: string; requestId?: string | null }): Promise<SessionUser> {
  const request = await loadAuthorizationRequest(input.rid);
  if (!request) throw new ProductError("authorization_request_expired");
  let parsed;
  try {
    parsed = authenticationResponseSchema.parse(JSON.parse(input.response));
  } catch {
    throw new ProductError("webauthn_verification_failed", "The passkey response is malformed");
  }
  const { device, userId } = await verifyDeviceAssertion({ response: parsed, purpose: "sign_in", subjectId: request.id, ip: input.ip, requestId: input.requestId, clientId: request.clientId });
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true, phone: true } });
  if (!user) throw new ProductError("webauthn_verification_failed");
  await mayFinish(request, user);
  await record({
    type: "user.signed_in",
    actor: { type: "user", id: user.id },
    userId: user.id,
    clientId: request.clientId,
    subjectId: device.id,
    ip: input.ip,
    requestId: input.requestId,
    data: { auth_method: "passkey", device_id: device.id },
  });
  return { id: user.id, phone: user.phone, authMethod: "passkey", authTime: Math.floor(Date.now() / 1000), deviceId: device.id };
}

/** "Approve on my other device" on the hosted page: which phone is asked is decided like the SMS step. */
export async function createHostedLoginRequest(input: { rid: string; phone: string; ip: string; userAgent: string | null; requestId?: string | null }): Promise<CreatedLoginRequest> {
  const request = await loadAuthorizationRequest(input.rid);
  if (!request) throw new ProductError("authorization_request_expired");
  const phone = (await lockedPhone(request)) ?? normalizePhone(input.phone);
  if (!phone) throw new ProductError("validation_failed", "Enter a valid phone number");
  return createLoginRequest({ clientId: request.clientId, phone, authorizationRequestId: request.id, scope: request.scope, ip: input.ip, userAgent: input.userAgent, requestId: input.requestId, heartbeat: true });
}

export async function signInWithApproval(input: { id: string; secret: string; rid: string; ip: string; requestId?: string | null }): Promise<SessionUser> {
  const authorization = await loadAuthorizationRequest(input.rid);
  if (!authorization) throw new ProductError("authorization_request_expired");
  const request = await loginRequestForSecret(input.id, input.secret);
  if (request.authorizationRequestId !== authorization.id) throw new ProductError("login_request_not_found");
  const redeemed = await redeemApproval(request);
  await mayFinish(authorization, { id: redeemed.userId, phone: redeemed.phone });
  await record({
    type: "user.signed_in",
    actor: { type: "user", id: redeemed.userId },
    userId: redeemed.userId,
    clientId: request.clientId,
    subjectId: request.id,
    ip: input.ip,
    requestId: input.requestId,
    data: { auth_method: "trusted_device", device_id: redeemed.deviceId, login_request_id: request.id },
  });
  return { id: redeemed.userId, phone: redeemed.phone, authMethod: "trusted_device", authTime: Math.floor(Date.now() / 1000), deviceId: redeemed.deviceId };
}
