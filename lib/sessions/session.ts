// End-user sessions as server-side rows (as admin sessions, lib/admin/sessions.ts). The browser's
// cookie carries a random 256-bit token; its SHA-256 finds the row on every use. The row is the
// truth: sign-out, device revocation, phone change, suspension and admin action end it at once.
// This module is the bottom of the house: it imports config, db, errors and crypto only; the
// sign-in methods (lib/sign-in, lib/devices, lib/trusted-auth) start sessions through it.
import { END_USER_SESSION_IDLE_S, END_USER_SESSION_MAX_AGE_S, END_USER_SESSION_TOUCH_S } from "@/lib/config/limits";
import { randomToken, sha256Hex } from "@/lib/crypto/random";
import { randomUUID } from "node:crypto";
import { db, sql, type Tx } from "@/lib/db";
import type { AuthMethod } from "@/lib/db/generated/client";
import { amrFor } from "./amr";

/** How the session was made and what it is bound to (see lib/sessions/capabilities.ts). */
export interface Session {
  /** Public id: the OpenID Connect `sid`. Never the cookie's token. */
  id: string;
  userId: string;
  phone: string;
  authMethod: AuthMethod;
  /** RFC 8176 values (lib/sessions/amr.ts). */
  amr: string[];
  /** Seconds since the epoch. For trusted auth: when the partner authenticated the customer. */
  authTime: number;
  deviceId: string | null;
  secondFactor: boolean;
  /** Trusted-auth sessions: the client and the authorization request they may finish (else null). */
  boundClientId: string | null;
  boundRequestId: string | null;
  /** Seconds since the epoch: when this session row was made (prompt=login, max_age). */
  createdAt: number;
}

export interface NewSession {
  userId: string;
  phone: string;
  authMethod: AuthMethod;
  authTime: number;
  amr?: string[];
  deviceId?: string | null;
  secondFactor?: boolean;
  boundClientId?: string | null;
  boundRequestId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

/** Creates a session row; returns the cookie token (shown once) and the session. */
export async function createSession(input: NewSession, tx?: Tx, now = new Date()): Promise<{ token: string; session: Session }> {
  const token = randomToken(32);
  const secondFactor = input.secondFactor ?? false;
  const amr = input.amr ?? amrFor(input.authMethod, secondFactor);
  const data = {
    id: randomUUID(),
    tokenHash: sha256Hex(token),
    userId: input.userId,
    phone: input.phone,
    authMethod: input.authMethod,
    amr,
    authTime: new Date(input.authTime * 1000),
    deviceId: input.deviceId ?? null,
    secondFactor,
    boundClientId: input.boundClientId ?? null,
    boundRequestId: input.boundRequestId ?? null,
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + END_USER_SESSION_MAX_AGE_S * 1000),
    createdAt: now,
  };
  // Outside a transaction: one plain INSERT (every sign-in makes one; Prisma's create cost ≈1.5 ms of CPU).
  if (tx) await tx.userSession.create({ data });
  else {
    await sql(
      `INSERT INTO user_sessions (id, token_hash, user_id, phone, auth_method, amr, auth_time, device_id, second_factor, bound_client_id, bound_request_id, ip, user_agent, last_seen_at, expires_at, created_at)
       VALUES ($1::uuid, $2, $3::uuid, $4, $5::"AuthMethod", $6::text[], $7, $8::uuid, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        data.id,
        data.tokenHash,
        data.userId,
        data.phone,
        data.authMethod,
        data.amr,
        data.authTime,
        data.deviceId,
        data.secondFactor,
        data.boundClientId,
        data.boundRequestId,
        data.ip,
        data.userAgent,
        data.lastSeenAt,
        data.expiresAt,
        data.createdAt,
      ],
    );
  }
  return {
    token,
    session: {
      id: data.id,
      userId: data.userId,
      phone: data.phone,
      authMethod: data.authMethod,
      amr,
      authTime: input.authTime,
      deviceId: data.deviceId,
      secondFactor,
      boundClientId: data.boundClientId,
      boundRequestId: data.boundRequestId,
      createdAt: Math.floor(now.getTime() / 1000),
    },
  };
}

export type SessionProblem = "missing" | "revoked" | "expired" | "idle" | "phone_changed" | "device_revoked";

interface SessionRow {
  id: string;
  user_id: string;
  phone: string;
  auth_method: AuthMethod;
  amr: string[] | null;
  auth_time: Date;
  device_id: string | null;
  second_factor: boolean;
  bound_client_id: string | null;
  bound_request_id: string | null;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  user_phone: string | null;
  device_live: boolean | null;
  created_at: Date;
}

/**
 * The session behind a cookie token, with every rule checked in one round trip: not revoked, within
 * its absolute and idle lifetimes, the user still has the phone it signed in with, and the trusted
 * device it came from is neither revoked nor flagged. A failing session is ended on the spot.
 */
export async function resolveSession(token: string | null | undefined, now = new Date()): Promise<{ session: Session } | { problem: SessionProblem }> {
  if (!token || token.length > 100) return { problem: "missing" };
  const [row] = await sql<SessionRow>(
    `SELECT s.id, s.user_id, s.phone, s.auth_method, s.amr, s.auth_time, s.device_id, s.second_factor, s.bound_client_id,
            s.bound_request_id, s.last_seen_at, s.expires_at, s.revoked_at, s.created_at, u.phone AS user_phone,
            CASE WHEN s.device_id IS NULL THEN NULL ELSE (d.id IS NOT NULL AND d.revoked_at IS NULL AND d.flagged_at IS NULL) END AS device_live
       FROM user_sessions s
       LEFT JOIN users u ON u.id = s.user_id
       LEFT JOIN devices d ON d.id = s.device_id
      WHERE s.token_hash = $1`,
    [sha256Hex(token)],
  );
  if (!row) return { problem: "missing" };
  if (row.revoked_at) return { problem: "revoked" };
  const problem: SessionProblem | null =
    row.expires_at <= now ? "expired" : now.getTime() - row.last_seen_at.getTime() >= END_USER_SESSION_IDLE_S * 1000 ? "idle" : row.user_phone !== row.phone ? "phone_changed" : row.device_live === false ? "device_revoked" : null;
  if (problem) {
    await endSessionById(row.id, problem, now);
    return { problem };
  }
  if (now.getTime() - row.last_seen_at.getTime() >= END_USER_SESSION_TOUCH_S * 1000) {
    await sql(`UPDATE user_sessions SET last_seen_at = $2 WHERE id = $1 AND revoked_at IS NULL AND last_seen_at < $2`, [row.id, now]);
  }
  return {
    session: {
      id: row.id,
      userId: row.user_id,
      phone: row.phone,
      authMethod: row.auth_method,
      amr: row.amr ?? [],
      authTime: Math.floor(row.auth_time.getTime() / 1000),
      deviceId: row.device_id,
      secondFactor: row.second_factor,
      boundClientId: row.bound_client_id,
      boundRequestId: row.bound_request_id,
      createdAt: Math.floor(row.created_at.getTime() / 1000),
    },
  };
}

export interface EndedSession {
  id: string;
  userId: string;
  clientIds: string[];
}

const ENDED = { id: true, userId: true, clientIds: true } as const;

async function endWhere(tx: Tx | null, where: { id?: string; tokenHash?: string; userId?: string; deviceId?: string }, reason: string, now: Date): Promise<EndedSession[]> {
  const client = tx ?? db();
  const open = await client.userSession.findMany({ where: { ...where, revokedAt: null }, select: ENDED });
  if (!open.length) return [];
  // The fence (revoked_at IS NULL) makes a concurrent end report each session once.
  const ended: EndedSession[] = [];
  for (const session of open) {
    const { count } = await client.userSession.updateMany({ where: { id: session.id, revokedAt: null }, data: { revokedAt: now, revokedReason: reason } });
    if (count === 1) ended.push(session);
  }
  return ended;
}

export function endSessionById(id: string, reason: string, now = new Date(), tx: Tx | null = null): Promise<EndedSession[]> {
  return endWhere(tx, { id }, reason, now);
}

/** The session of this cookie token (sign-out). */
export function endSessionByToken(token: string, reason: string, now = new Date(), tx: Tx | null = null): Promise<EndedSession[]> {
  return endWhere(tx, { tokenHash: sha256Hex(token) }, reason, now);
}

/** Every live session of a user (phone change, suspension, rejection, admin action). */
export function endUserSessions(tx: Tx | null, userId: string, reason: string, now = new Date()): Promise<EndedSession[]> {
  return endWhere(tx, { userId }, reason, now);
}

/** Every live session a trusted device signed in or approved (device revoked or flagged). */
export function endDeviceSessions(tx: Tx | null, deviceId: string, reason: string, now = new Date()): Promise<EndedSession[]> {
  return endWhere(tx, { deviceId }, reason, now);
}

/** Records that `clientId` received a code from this session (Back-Channel Logout targets). */
export async function recordSessionClient(sessionId: string, clientId: string, tx?: Tx): Promise<void> {
  const statement = `UPDATE user_sessions SET client_ids = array_append(client_ids, $2) WHERE id = $1::uuid AND NOT ($2 = ANY(client_ids))`;
  // Outside a transaction: plain SQL (every hosted sign-in that issues a code makes this call).
  if (tx) await tx.$executeRawUnsafe(statement, sessionId, clientId);
  else await sql(statement, [sessionId, clientId]);
}

/** Marks a second factor done on this session (trusted auth asks it after the session exists). */
export async function markSecondFactorDone(sessionId: string, tx?: Tx): Promise<void> {
  const client = tx ?? db();
  const row = await client.userSession.findUnique({ where: { id: sessionId }, select: { authMethod: true } });
  if (!row) return;
  await client.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { secondFactor: true, amr: amrFor(row.authMethod, true) } });
}
