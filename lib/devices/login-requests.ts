// Approve from a trusted device (Cotter TRUSTED_DEVICE): a browser without a passkey asks for a
// sign-in; one of the user's trusted devices approves or rejects it with a WebAuthn assertion bound
// to that request; the waiting client — holding the secret it got at creation — redeems the approval
// exactly once. Everything lives in the database, so any instance can answer any step.
import { randomInt } from "node:crypto";
import {
  LOGIN_REQUEST_CODE_ATTEMPTS,
  LOGIN_REQUEST_HEARTBEAT_S,
  LOGIN_REQUEST_HEARTBEAT_WRITE_S,
  LOGIN_REQUEST_RATE_WINDOW_S,
  LOGIN_REQUEST_SECRET_BYTES,
  LOGIN_REQUESTS_PER_IP,
  LOGIN_REQUESTS_PER_PHONE,
  LOGIN_REQUESTS_PER_USER,
} from "@/lib/config/limits";
import { constantTimeEqual, randomToken, sha256Hex } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import type { LoginRequest } from "@/lib/db/generated/client";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { coarseLocation, UNKNOWN_LOCATION } from "@/lib/geo/coarse-location";
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

/** Where a pending request came from when the IP says nothing (private, loopback, not in the database). */
export { UNKNOWN_LOCATION };

export async function createLoginRequest(input: {
  clientId: string;
  phone: string;
  /**
   * The user when the caller already resolved the identifier (an email or the partner's
   * client_user_id); `undefined` looks the user up by `phone`. Null: no such user.
   */
  userId?: string | null;
  /** What the per-identifier rate limit counts (default: the phone). */
  identifierKey?: string;
  authorizationRequestId: string | null;
  scope: string;
  ip: string;
  userAgent: string | null;
  requestId?: string | null;
  /** A browser page waits for this request and beats (hosted page, web SDK): silence expires it. */
  heartbeat?: boolean;
}): Promise<CreatedLoginRequest> {
  // An unknown phone gets a request too (it simply expires): the answer never tells who has an account.
  const user = input.userId !== undefined ? (input.userId ? { id: input.userId } : null) : await db().user.findUnique({ where: { phone: input.phone }, select: { id: true } });
  // Push-bombing defence: bounded per identifier, per IP, and per target user — whichever identifier
  // (phone, email, client_user_id) and whichever partner asks, the user's devices are asked at most
  // LOGIN_REQUESTS_PER_USER times a window.
  const [perPhone, perIp, perUser] = await Promise.all([
    hitRateLimit(`login_request:phone:${input.identifierKey ?? input.phone}`, LOGIN_REQUESTS_PER_PHONE, LOGIN_REQUEST_RATE_WINDOW_S),
    hitRateLimit(`login_request:ip:${input.ip}`, LOGIN_REQUESTS_PER_IP, LOGIN_REQUEST_RATE_WINDOW_S),
    user ? hitRateLimit(`login_request:user:${user.id}`, LOGIN_REQUESTS_PER_USER, LOGIN_REQUEST_RATE_WINDOW_S) : null,
  ]);
  // One wording for every bucket: which one ran out says nothing about who has an account.
  if (!perPhone.allowed || !perIp.allowed || (perUser && !perUser.allowed)) {
    throw new ProductError("login_request_rate_limited", "Too many sign-in requests for this user or from this address: try again later");
  }
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
        location: coarseLocation(input.ip),
        expiresAt,
        lastSeenAt: input.heartbeat ? new Date() : null,
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

/** Before this instant a waiting page's last beat means its tab is gone. */
const heartbeatCutoff = (now = new Date()) => new Date(now.getTime() - LOGIN_REQUEST_HEARTBEAT_S * 1000);

export function statusOf(request: Pick<LoginRequest, "status" | "expiresAt" | "redeemedAt"> & Partial<Pick<LoginRequest, "lastSeenAt">>, now = new Date()): LoginRequestStatus {
  if (request.redeemedAt) return "redeemed";
  if (request.status === "rejected" || request.status === "cancelled") return request.status;
  if (request.expiresAt.getTime() <= now.getTime()) return "expired";
  // A closed waiting tab stops beating: its request is no longer offered for approval.
  if (request.status === "pending" && request.lastSeenAt && request.lastSeenAt.getTime() <= heartbeatCutoff(now).getTime()) return "expired";
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

/**
 * The waiting page's poll: its status, and — while pending — a heartbeat that keeps it alive. A page
 * that comes back after its silence expired the request finds it expired (a beat never revives it).
 */
export async function beatLoginRequest(id: string, secret: string): Promise<LoginRequest & { current: LoginRequestStatus }> {
  const request = await loginRequestForSecret(id, secret);
  const current = statusOf(request);
  const now = new Date();
  // One write every few polls is enough to stay well inside the window.
  if (current === "pending" && request.lastSeenAt && now.getTime() - request.lastSeenAt.getTime() >= LOGIN_REQUEST_HEARTBEAT_WRITE_S * 1000) {
    await db().loginRequest.updateMany({ where: { id: request.id, status: "pending", lastSeenAt: { gt: heartbeatCutoff(now) } }, data: { lastSeenAt: now } });
  }
  return { ...request, current };
}

/** Cancel on the waiting page: the request leaves the trusted device's list at once. */
export async function cancelLoginRequest(input: { id: string; secret: string; ip: string; requestId?: string | null }): Promise<{ status: LoginRequestStatus }> {
  const request = await loginRequestForSecret(input.id, input.secret);
  if (statusOf(request) !== "pending") return { status: statusOf(request) };
  return db().$transaction(async (tx) => {
    const { count } = await tx.loginRequest.updateMany({ where: { id: request.id, status: "pending" }, data: { status: "cancelled", decidedAt: new Date() } });
    if (count !== 1) {
      const now = await tx.loginRequest.findUniqueOrThrow({ where: { id: request.id } });
      return { status: statusOf(now) };
    }
    await emit(tx, {
      type: "login_request.cancelled",
      actor: { type: "user", id: null },
      userId: request.userId,
      clientId: request.clientId,
      subjectId: request.id,
      ip: input.ip,
      requestId: input.requestId,
      data: {},
    });
    return { status: "cancelled" as const };
  });
}

export interface PendingLoginRequestView {
  id: string;
  clientName: string;
  ip: string;
  device: string;
  location: string;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * What the trusted device shows: the user's undecided, unexpired requests whose page is still open,
 * newest first — only `clientId`'s when a partner's SDK window asks (it reports outcomes to that
 * partner, which must learn nothing of the user's sign-ins elsewhere).
 */
export async function pendingLoginRequests(userId: string, clientId?: string): Promise<PendingLoginRequestView[]> {
  const now = new Date();
  const requests = await db().loginRequest.findMany({
    where: { userId, ...(clientId !== undefined ? { clientId } : {}), status: "pending", expiresAt: { gt: now }, OR: [{ lastSeenAt: null }, { lastSeenAt: { gt: heartbeatCutoff(now) } }] },
    orderBy: { createdAt: "desc" },
    take: 20,
  });
  const clients = await db().client.findMany({ where: { id: { in: [...new Set(requests.map((r) => r.clientId))] } }, select: { id: true, name: true, displayName: true } });
  // The partner's display name (branding), as its own pages show it.
  const names = new Map(clients.map((c) => [c.id, c.displayName ?? c.name]));
  return requests.map((r) => ({
    id: r.id,
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

async function pendingRequest(id: string, clientId?: string): Promise<LoginRequest & { userId: string }> {
  const request = /^[0-9a-f-]{36}$/i.test(id) ? await db().loginRequest.findUnique({ where: { id } }) : null;
  if (!request || !request.userId || statusOf(request) !== "pending" || (clientId !== undefined && request.clientId !== clientId)) throw new ProductError("login_request_not_found");
  return request as LoginRequest & { userId: string };
}

/**
 * Number matching, typed: the trusted device types the number the waiting device shows. A wrong
 * number spends one of LOGIN_REQUEST_CODE_ATTEMPTS tries (counted atomically); the last one refuses
 * the request, so the waiting device is told and a user guessing to make the prompt go away cannot
 * win by trying every number. Only the request's user spends tries — a session of that user, or a
 * decision signed by one of that user's passkeys — so whoever else holds the request id (the
 * waiting browser, the partner, anyone who saw the QR link) cannot burn them and refuse the request.
 */
async function checkTypedCode(request: LoginRequest & { userId: string }, code: string | undefined, context: AssertionContext): Promise<void> {
  // A client that sends no number at all is not guessing: refused without spending a try.
  if (code === undefined) throw new ProductError("validation_failed", "code: type the number shown on the other device");
  if (code.length === request.code.length && constantTimeEqual(code, request.code)) return;
  const attempts = await db().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ code_attempts: number; status: string }[]>`
      UPDATE login_requests SET code_attempts = code_attempts + 1,
        status = CASE WHEN code_attempts + 1 >= ${LOGIN_REQUEST_CODE_ATTEMPTS} THEN 'rejected' ELSE status END,
        decided_at = CASE WHEN code_attempts + 1 >= ${LOGIN_REQUEST_CODE_ATTEMPTS} THEN now() ELSE decided_at END,
        updated_at = now()
      WHERE id = ${request.id}::uuid AND status = 'pending'
      RETURNING code_attempts, status`;
    if (!row) throw new ProductError("login_request_not_found");
    await emit(tx, {
      type: row.status === "rejected" ? "login_request.rejected" : "login_request.code_mismatch",
      actor: { type: "user", id: request.userId },
      userId: request.userId,
      clientId: request.clientId,
      subjectId: request.id,
      ip: context.ip,
      requestId: context.requestId,
      data: { reason: "wrong_number", attempts: row.code_attempts },
    });
    return row.code_attempts;
  });
  if (attempts >= LOGIN_REQUEST_CODE_ATTEMPTS) throw new ProductError("login_request_code_attempts_exhausted");
  const left = LOGIN_REQUEST_CODE_ATTEMPTS - attempts;
  throw new ProductError("login_request_code_mismatch", `The number does not match the one shown on the other device: ${left} ${left === 1 ? "try" : "tries"} left`);
}

/**
 * WebAuthn options whose challenge is bound to this request and this decision. A signed-in session
 * of the request's user has the typed number checked here, before any challenge (a wrong one costs
 * a try, and no passkey prompt); anyone else gets options without the number being looked at — no
 * try spent, no free guess — and the number is checked with the signed decision.
 */
export async function decisionOptions(input: { loginRequestId: string; decision: LoginRequestDecision; code?: string; sessionUserId?: string | null; clientId?: string } & AssertionContext) {
  const request = await pendingRequest(input.loginRequestId, input.clientId);
  if (input.decision === "approve" && input.sessionUserId && input.sessionUserId === request.userId) await checkTypedCode(request, input.code, input);
  // Whoever holds a request id (the waiting browser too) may ask: never reveal the user's credential ids.
  return assertionOptions({ purpose: purposeOf(input.decision), userId: request.userId, subjectId: request.id }, { listCredentials: false });
}

/** Approves or rejects with an assertion of one of the user's devices, bound to this request. */
export async function decideLoginRequest(
  input: { loginRequestId: string; decision: LoginRequestDecision; response: AuthenticationResponseInput; code?: string; clientId?: string } & AssertionContext,
): Promise<{ status: "approved" | "rejected" }> {
  const request = await pendingRequest(input.loginRequestId, input.clientId);
  // A client that sends no number at all is not guessing: refused before the challenge is spent.
  if (input.decision === "approve" && input.code === undefined) throw new ProductError("validation_failed", "code: type the number shown on the other device");
  // The passkey first: only the user's own device may spend a try on a wrong number.
  const { device } = await verifyDeviceAssertion({
    response: input.response,
    purpose: purposeOf(input.decision),
    subjectId: request.id,
    userId: request.userId,
    ip: input.ip,
    requestId: input.requestId,
    clientId: request.clientId,
  });
  if (input.decision === "approve") await checkTypedCode(request, input.code, input);
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
