// The web SDK's window (/sdk/v1/window): a Trustgate page a partner's page opens as a popup to run a
// device ceremony on Trustgate's origin (the passkeys' RP ID), reporting back by postMessage. The
// partner page's origin must be the origin of one of the client's registered redirect URIs: the
// window answers only that origin, and only what the partner's backend can redeem with its secret.
import { publicUrl } from "@/lib/config/settings";
import { db } from "@/lib/db";
import { ProductError } from "@/lib/errors/product";
import { emit } from "@/lib/events/emit";
import { findClient } from "@/lib/clients/find-client";
import { webOrigin } from "@/lib/clients/public-client-origins";
import { fictionalPhonesAccepted, normalizePhone, PHONE_FORMAT_MESSAGE } from "@/lib/phone/normalize";
import { waitingPageFields } from "./approval-link";
import { createLoginRequest, loginRequestForSecret, statusOf } from "./login-requests";
import { assertionOptions, verifyDeviceAssertion, type AssertionContext } from "./verify-assertion";
import type { AuthenticationResponseInput } from "./schemas";

export const SDK_AUTO_APPROVE_PURPOSE = "sdk_auto_approve";

export interface SdkPartner {
  clientId: string;
  clientName: string;
  origin: string;
  /** Sandbox and demo clients may use the fictional numbers. */
  id: string;
  sandboxAutoApprove: boolean;
  demo: boolean;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Whether a page on `origin` may drive the SDK window: https only. The window hands that page the
 * login request's secret and every outcome, which an http page shares with everyone on its network.
 * Plain http is allowed for a loopback host only while Trustgate itself is served over http (local
 * development and the test suite); a deployment on https never accepts an http origin, not even
 * localhost (any local program could listen there).
 */
export function sdkOriginIsSecure(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname) && publicUrl().startsWith("http:");
}

/** The client, if `origin` is exactly the origin of one of its registered redirect URIs (enabled clients only) and secure. */
export async function sdkPartner(clientId: string, origin: string): Promise<SdkPartner> {
  const client = typeof clientId === "string" && clientId.length <= 200 ? await findClient(clientId) : null;
  if (!client || client.disabledAt) throw new ProductError("client_not_found");
  if (typeof origin !== "string" || !sdkOriginIsSecure(origin)) throw new ProductError("sdk_origin_insecure");
  if (!client.redirectUris.some((uri) => webOrigin(uri) === origin)) throw new ProductError("sdk_origin_not_registered");
  return { clientId: client.id, clientName: client.name, origin, id: client.id, sandboxAutoApprove: client.sandboxAutoApprove, demo: client.demo };
}

/**
 * The partner a trusted-device step is scoped to: none on Trustgate's own pages (the account's
 * approval page sees all the user's requests), else the SDK window's partner, checked like the
 * window itself — the window lists and decides only that partner's requests, since it reports
 * every outcome to that partner's page.
 */
export async function sdkRequestScope(input: { client_id?: string; origin?: string }): Promise<string | undefined> {
  if (input.client_id === undefined && input.origin === undefined) return undefined;
  if (input.client_id === undefined || input.origin === undefined) throw new ProductError("validation_failed", "client_id and origin go together (the SDK window's partner)");
  return (await sdkPartner(input.client_id, input.origin)).clientId;
}

/**
 * signInWithDevice from the SDK window: a pending request for the identifier (the window beats
 * while it is open), and a discoverable challenge bound to it so that this browser — if it holds a
 * passkey of that user — approves it at once (Cotter's "case 1: detects automatically").
 */
export async function startSdkSignIn(input: { clientId: string; origin: string; identifier: string; ip: string; userAgent: string | null; requestId?: string | null }) {
  const partner = await sdkPartner(input.clientId, input.origin);
  // A phone only: this door has no client secret (anyone can call it with the public client_id and a
  // registered origin), so it must not look up emails or the partner's usernames — those stay with
  // the partner's backend (POST /v1/login_requests, client authentication).
  const phone = normalizePhone(input.identifier, { fictional: fictionalPhonesAccepted({ sandboxClient: partner.sandboxAutoApprove || partner.demo }) });
  if (!phone) throw new ProductError("validation_failed", `identifier: ${PHONE_FORMAT_MESSAGE} (the web SDK signs in by phone; emails and usernames go through POST /v1/login_requests)`);
  const created = await createLoginRequest({ clientId: partner.clientId, phone, authorizationRequestId: null, scope: "openid phone", ip: input.ip, userAgent: input.userAgent, requestId: input.requestId, heartbeat: true });
  const row = await db().loginRequest.findUniqueOrThrow({ where: { id: created.id }, select: { userId: true } });
  // The same discoverable options whether or not the phone has an account (no enumeration).
  const options = await assertionOptions({ purpose: SDK_AUTO_APPROVE_PURPOSE, userId: row.userId, subjectId: created.id }, { listCredentials: false });
  return { ...(await waitingPageFields(created)), options };
}

/** This browser's own passkey approves its own request (the window holds the secret; no number to match). */
export async function autoApproveSdkSignIn(input: { id: string; secret: string; response: AuthenticationResponseInput } & AssertionContext): Promise<{ status: "approved" }> {
  const request = await loginRequestForSecret(input.id, input.secret);
  if (statusOf(request) !== "pending" || !request.userId) throw new ProductError("login_request_not_found");
  const { device } = await verifyDeviceAssertion({
    response: input.response,
    purpose: SDK_AUTO_APPROVE_PURPOSE,
    subjectId: request.id,
    userId: request.userId,
    ip: input.ip,
    requestId: input.requestId,
    clientId: request.clientId,
  });
  return db().$transaction(async (tx) => {
    const now = new Date();
    const { count } = await tx.loginRequest.updateMany({ where: { id: request.id, status: "pending", expiresAt: { gt: now } }, data: { status: "approved", decidedAt: now, deviceId: device.id } });
    if (count !== 1) throw new ProductError("login_request_not_found");
    await emit(tx, {
      type: "login_request.approved",
      actor: { type: "user", id: request.userId },
      userId: request.userId,
      clientId: request.clientId,
      subjectId: request.id,
      ip: input.ip,
      requestId: input.requestId,
      data: { device_id: device.id, same_device: true },
    });
    return { status: "approved" as const };
  });
}
