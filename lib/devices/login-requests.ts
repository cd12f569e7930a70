// Approve from a trusted device (Cotter TRUSTED_DEVICE): a browser without a passkey asks for a
// sign-in; one of the user's trusted devices approves or rejects it with a WebAuthn assertion bound
// to that request; the waiting client — holding the secret it got at creation — redeems the approval
// exactly once. Everything lives in the database, so any instance can answer any step.
import { randomInt } from "node:crypto";
import { LOGIN_REQUEST_RATE_WINDOW_S, LOGIN_REQUEST_SECRET_BYTES, LOGIN_REQUESTS_PER_IP, LOGIN_REQUESTS_PER_PHONE } from "@/lib/config/limits";
import { constantTimeEqual, randomToken, sha256Hex } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import type { LoginRequest } from "@/lib/db/generated/client";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { hitRateLimit } from "@/lib/rate-limit/limiter";
import type { AssertionContext } from "./verify-assertion";
import { assertionOptions, verifyDeviceAssertion } from "./verify-assertion";
import { deviceNameFromUserAgent } from "./device-name";
import { loginRequestTtlS } from "./login-request-ttl";
import type { AuthenticationResponseInput } from "./schemas";

export type LoginRequestStatus = "pending" | "approved" | "rejected" | "expired" | "redeemed" | "cancelled";

export interface CreatedLoginRequest {
  id: string;
  secret: string;
  code: string;
  expiresAt: Date;
}

/** Where a pending request came from, shown on the trusted device. We have no geolocation offline. */
export const UNKNOWN_LOCATION = "unknown";

export async function createLoginRequest(input: {
  clientId: string;
  phone: string;
  authorizationRequestId: string | null;
  scope: string;
  ip: string;
  userAgent: string | null;
  requestId?: string | null;
}): Promise<CreatedLoginRequest> {
  // Push-bombing defence: bounded per phone and per IP.
  const [perPhone, perIp] = await Promise.all([
    hitRateLimit(`login_request:phone:${input.phone}`, LOGIN_REQUESTS_PER_PHONE, LOGIN_REQUEST_RATE_WINDOW_S),
    hitRateLimit(`login_request:ip:${input.ip}`, LOGIN_REQUESTS_PER_IP, LOGIN_REQUEST_RATE_WINDOW_S),
  ]);
  if (!perPhone.allowed || !perIp.allowed) throw new ProductError("login_request_rate_limited");
  // An unknown phone gets a request too (it simply expires): the answer never tells who has an account.
  const user = await db().user.findUnique({ where: { phone: input.phone }, select: { id: true } });
  const secret = randomToken(LOGIN_REQUEST_SECRET_BYTES);
  const code = String(randomInt(10, 100));
  const expiresAt = new Date(Date.now() + loginRequestTtlS() * 1000);
  const row = await db().$transaction(async (tx) => {
    const created = await tx.loginRequest.create({
      data: {
        clientId: input.clientId,
        userId: user?.id ?? null,
        phone: input.phone,
        authorizationRequestId: input.authorizationRequestId,
        scope: input.scope,
        secretHash: sha256Hex(secret),
        code,
        ip: input.ip,
        userAgent: input.userAgent?.slice(0, 512) ?? null,
        location: null,
        expiresAt,
      },
    });
    await emit(tx, {
      type: "login_request.created",
      actor: { type: "user", id: user?.id ?? null },
      userId: user?.id ?? null,
      clientId: input.clientId,
      subjectId: created.id,
      ip: input.ip,
      requestId: input.requestId,
      data: { known_user: Boolean(user), hosted: Boolean(input.authorizationRequestId) },
    });
    return created;
  });
  return { id: row.id, secret, code, expiresAt: row.expiresAt };
}

export function statusOf(request: Pick<LoginRequest, "status" | "expiresAt" | "redeemedAt">, now = new Date()): LoginRequestStatus {
  if (request.redeemedAt) return "redeemed";
  if (request.status === "rejected" || request.status === "cancelled") return request.status;
  if (request.expiresAt.getTime() <= now.getTime()) return "expired";
  return request.status === "approved" ? "approved" : "pending";
}

/** The request, for the client holding its secret; anything else is "not found". */
export async function loginRequestForSecret(id: string, secret: string, clientId?: string): Promise<LoginRequest> {
  const request = /^[0-9a-f-]{36}$/i.test(id) ? await db().loginRequest.findUnique({ where: { id } }) : null;
  if (!request || !constantTimeEqual(request.secretHash, sha256Hex(secret)) || (clientId !== undefined && request.clientId !== clientId)) {
    throw new ProductError("login_request_not_found");
  }
  return request;
}

export interface PendingLoginRequestView {
  id: string;
  code: string;
  clientName: string;
  ip: string;
  device: string;
  location: string;
  createdAt: Date;
  expiresAt: Date;
}

/** What the trusted device shows: the user's undecided, unexpired requests, newest first. */
export async function pendingLoginRequests(userId: string): Promise<PendingLoginRequestView[]> {
  const requests = await db().loginRequest.findMany({
    where: { userId, status: "pending", expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    take: 20,
  });
  const clients = await db().client.findMany({ where: { id: { in: [...new Set(requests.map((r) => r.clientId))] } }, select: { id: true, name: true } });
  const names = new Map(clients.map((c) => [c.id, c.name]));
  return requests.map((r) => ({
    id: r.id,
    code: r.code,
    clientName: names.get(r.clientId) ?? "An application",
    ip: r.ip ?? "unknown",
    device: deviceNameFromUserAgent(r.userAgent),
    location: r.location ?? UNKNOWN_LOCATION,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
  }));
}

export type LoginRequestDecision = "approve" | "reject";

const purposeOf = (decision: LoginRequestDecision) => (decision === "approve" ? "login_request_approve" : "login_request_reject");

async function pendingRequest(id: string): Promise<LoginRequest & { userId: string }> {
  const request = /^[0-9a-f-]{36}$/i.test(id) ? await db().loginRequest.findUnique({ where: { id } }) : null;
  if (!request || !request.userId || statusOf(request) !== "pending") throw new ProductError("login_request_not_found");
  return request as LoginRequest & { userId: string };
}

/** WebAuthn options whose challenge is bound to this request and this decision. */
export async function decisionOptions(input: { loginRequestId: string; decision: LoginRequestDecision }) {
  const request = await pendingRequest(input.loginRequestId);
  // Whoever holds a request id (the waiting browser too) may ask: never reveal the user's credential ids.
  return assertionOptions({ purpose: purposeOf(input.decision), userId: request.userId, subjectId: request.id }, { listCredentials: false });
}

/** Approves or rejects with an assertion of one of the user's devices, bound to this request. */
export async function decideLoginRequest(input: { loginRequestId: string; decision: LoginRequestDecision; response: AuthenticationResponseInput } & AssertionContext): Promise<{ status: "approved" | "rejected" }> {
  const request = await pendingRequest(input.loginRequestId);
  const { device } = await verifyDeviceAssertion({
    response: input.response,
    purpose: purposeOf(input.decision),
    subjectId: request.id,
    userId: request.userId,
    ip: input.ip,
    requestId: input.requestId,
    clientId: request.clientId,
  });
  const status = input.decision === "approve" ? "approved" : "rejected";
  return db().$transaction(async (tx) => {
    const now = new Date();
    const { count } = await tx.loginRequest.updateMany({
      where: { id: request.id, status: "pending", expiresAt: { gt: now } },
      data: { status, decidedAt: now, deviceId: device.id },
    });
    if (count !== 1) throw new ProductError("login_request_not_found");
    await emit(tx, {
      type: `login_request.${status}`,
      actor: { type: "user", id: request.userId },
      userId: request.userId,
      clientId: request.clientId,
      subjectId: request.id,
      ip: input.ip,
      requestId: input.requestId,
      data: { device_id: device.id },
    });
    return { status };
  });
}

/**
 * Spends an approval: exactly one redemption per request, only before it expires, only while the
 * approving device is still trusted. Returns the user and the device that approved.
 */
export async function redeemApproval(request: LoginRequest): Promise<{ userId: string; deviceId: string; phone: string }> {
  if (statusOf(request) !== "approved" || !request.userId || !request.deviceId) throw new ProductError("login_request_not_found");
  const now = new Date();
  const { count } = await db().loginRequest.updateMany({
    where: { id: request.id, status: "approved", redeemedAt: null, expiresAt: { gt: now } },
    data: { redeemedAt: now },
  });
  if (count !== 1) throw new ProductError("login_request_not_found");
  const device = await db().device.findUnique({ where: { id: request.deviceId }, select: { revokedAt: true, flaggedAt: true } });
  const user = await db().user.findUnique({ where: { id: request.userId }, select: { phone: true } });
  if (!device || device.revokedAt || device.flaggedAt || !user) throw new ProductError("login_request_not_found");
  return { userId: request.userId, deviceId: request.deviceId, phone: user.phone };
}
