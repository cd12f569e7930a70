// Token rows on the hot paths, in plain SQL (see `sql` in lib/db/client.ts): a grant is one or
// two statements, each atomic on its own. Plain SQL also inside a Prisma transaction: each Prisma
// model query is compiled by its wasm query compiler on every call (≈1.5 ms of CPU, profiled in
// docs/benchmarks.md), a raw statement is not.
import { randomUUID } from "node:crypto";
import { db, sql, type Tx } from "@/lib/db";
import { batchedInsert } from "@/lib/db/batched-insert";
import { auditEventCte, emit, recordableInline, type DomainEvent } from "@/lib/events/emit";
import type { Prisma } from "@/lib/db/generated/client";

type AccessRecord = Prisma.AccessTokenUncheckedCreateInput;
type RefreshRecord = Prisma.RefreshTokenUncheckedCreateInput;

const date = (value: Date | string) => (value instanceof Date ? value : new Date(value));

const ACCESS_COLUMNS = `jti, client_id, user_id, scope, family_id, authorization_code_id, expires_at`;
const accessValues = (r: AccessRecord) => [r.jti, r.clientId, r.userId ?? null, r.scope, r.familyId ?? null, r.authorizationCodeId ?? null, date(r.expiresAt)];

// client_credentials tokens: concurrent grants share one multi-row INSERT (lib/db/batched-insert.ts).
const insertAccessRow = batchedInsert("access_tokens", ["jti", "client_id", "user_id::uuid", "scope", "family_id::uuid", "authorization_code_id::uuid", "expires_at::timestamptz"]);

/** Stores an access token's row; resolves once it is committed. */
export async function insertAccessToken(record: AccessRecord): Promise<void> {
  await insertAccessRow(accessValues(record));
}

const REFRESH_COLUMNS = `id, token_hash, family_id, client_id, user_id, scope, auth_method, auth_time, authorization_code_id, expires_at, device_id, dpop_jkt, resources, session_id, amr`;

/** The successor rows as parameters $first…: refresh token (15, device_id, dpop_jkt, resources, session_id and amr last), then access token (7). */
function successorValues(next: { refresh: RefreshRecord; access: AccessRecord }): unknown[] {
  const r = next.refresh;
  return [
    r.id ?? randomUUID(),
    r.tokenHash,
    r.familyId,
    r.clientId,
    r.userId ?? null,
    r.scope,
    r.authMethod ?? null,
    r.authTime ? date(r.authTime) : null,
    r.authorizationCodeId ?? null,
    date(r.expiresAt),
    r.deviceId ?? null,
    r.dpopJkt ?? null,
    Array.isArray(r.resources) ? r.resources : [],
    r.sessionId ?? null,
    Array.isArray(r.amr) ? r.amr : [],
    ...accessValues(next.access),
  ];
}

/** CTE parts inserting the successor rows once per row of `source` (parameters from $first on). */
function insertSuccessors(source: string, first: number): string {
  const p = (i: number) => `$${first + i}`;
  return `new_refresh AS (
       INSERT INTO refresh_tokens (${REFRESH_COLUMNS})
       SELECT ${p(0)}::uuid, ${p(1)}, ${p(2)}::uuid, ${p(3)}, ${p(4)}::uuid, ${p(5)}, ${p(6)}::"AuthMethod", ${p(7)}::timestamptz, ${p(8)}::uuid, ${p(9)}::timestamptz, ${p(10)}::uuid, ${p(11)}, ${p(12)}::text[], ${p(13)}::uuid, ${p(14)}::text[] FROM ${source}
     ), new_access AS (
       INSERT INTO access_tokens (${ACCESS_COLUMNS})
       SELECT ${p(15)}, ${p(16)}, ${p(17)}::uuid, ${p(18)}, ${p(19)}::uuid, ${p(20)}::uuid, ${p(21)}::timestamptz FROM ${source}
     )`;
}

/**
 * Refresh-token rotation in one statement: marks the presented token rotated — only if it is
 * still current — and stores its successor and the new access token in the same breath.
 * Returns false when another request rotated (or someone revoked) it first.
 */
export async function rotateRefreshToken(presentedId: string, next: { refresh: RefreshRecord; access: AccessRecord }): Promise<boolean> {
  const rows = await sql<{ rotated: number }>(
    `WITH rotated AS (
       UPDATE refresh_tokens SET rotated_at = now()
        WHERE id = $1::uuid AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        RETURNING id
     ), ${insertSuccessors("rotated", 2)}
     SELECT count(*)::int AS rotated FROM rotated`,
    [presentedId, ...successorValues(next)],
  );
  return rows[0]?.rotated === 1;
}

/**
 * Authorization-code redemption in one statement: consumes the code — only if it is unused,
 * unexpired and the client's — stores the tokens issued for it and records `event` (the audit
 * row), all or nothing. When something else listens to the event (a webhook mapping, a
 * subscriber), the same statement runs in a transaction with emit() instead. Returns false when
 * the code was not consumed here (and then nothing is recorded).
 */
export async function redeemAuthorizationCode(codeId: string, clientId: string, next: { refresh: RefreshRecord; access: AccessRecord }, event: DomainEvent): Promise<boolean> {
  const redeem = (audit = "") => `WITH used AS (
       UPDATE authorization_codes SET consumed_at = now()
        WHERE id = $1::uuid AND client_id = $2 AND consumed_at IS NULL AND expires_at > now()
        RETURNING id
     ), ${insertSuccessors("used", 3)}${audit}
     SELECT count(*)::int AS redeemed FROM used`;
  const values = [codeId, clientId, ...successorValues(next)];
  if (recordableInline(event.type)) {
    const audit = auditEventCte("audit", "used", event, values.length + 1);
    const rows = await sql<{ redeemed: number }>(redeem(`, ${audit.cte}`), [...values, ...audit.values]);
    return rows[0]?.redeemed === 1;
  }
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRawUnsafe<{ redeemed: number }[]>(redeem(), ...values);
    if (Number(rows[0]?.redeemed) !== 1) return false;
    await emit(tx, event);
    return true;
  });
}

export interface PresentedAuthorizationCode {
  id: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  scope: string;
  nonce: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  authMethod: NonNullable<RefreshRecord["authMethod"]>;
  authTime: Date;
  expiresAt: Date;
  consumedAt: Date | null;
  /** The trusted device the user signed in with (revoking it revokes these tokens). */
  deviceId: string | null;
  sessionId: string | null;
  amr: string[];
  /** RFC 9449 §10: the DPoP key the code must be redeemed with. */
  dpopJkt: string | null;
  /** RFC 8707 resources the authorization request named. */
  resources: string[];
  /** The code's user, when it still exists. */
  user: { id: string; phone: string; status: string } | null;
}

/** The authorization code with this hash and its user, in one round trip. */
export async function findAuthorizationCode(codeHash: string): Promise<PresentedAuthorizationCode | null> {
  const [row] = await sql<{
    id: string;
    client_id: string;
    user_id: string;
    redirect_uri: string;
    scope: string;
    nonce: string | null;
    code_challenge: string | null;
    code_challenge_method: string | null;
    auth_method: PresentedAuthorizationCode["authMethod"];
    auth_time: Date;
    expires_at: Date;
    consumed_at: Date | null;
    device_id: string | null;
    session_id: string | null;
    amr: string[] | null;
    dpop_jkt: string | null;
    resources: string[] | null;
    phone: string | null;
    status: string | null;
  }>(
    `SELECT c.id, c.client_id, c.user_id, c.redirect_uri, c.scope, c.nonce, c.code_challenge, c.code_challenge_method,
            c.auth_method, c.auth_time, c.expires_at, c.consumed_at, c.device_id, c.session_id, c.amr, c.dpop_jkt, c.resources, u.phone, u.status
       FROM authorization_codes c LEFT JOIN users u ON u.id = c.user_id
      WHERE c.code_hash = $1`,
    [codeHash],
  );
  if (!row) return null;
  return {
    id: row.id,
    clientId: row.client_id,
    userId: row.user_id,
    redirectUri: row.redirect_uri,
    scope: row.scope,
    nonce: row.nonce,
    codeChallenge: row.code_challenge,
    codeChallengeMethod: row.code_challenge_method,
    authMethod: row.auth_method,
    authTime: row.auth_time,
    expiresAt: row.expires_at,
    consumedAt: row.consumed_at,
    deviceId: row.device_id,
    sessionId: row.session_id,
    amr: row.amr ?? [],
    dpopJkt: row.dpop_jkt,
    resources: row.resources ?? [],
    user: row.phone && row.status ? { id: row.user_id, phone: row.phone, status: row.status } : null,
  };
}

export interface PresentedRefreshToken {
  id: string;
  familyId: string;
  clientId: string;
  userId: string | null;
  scope: string;
  authMethod: RefreshRecord["authMethod"];
  authTime: Date | null;
  authorizationCodeId: string | null;
  deviceId: string | null;
  /** RFC 8707 resources of the grant. */
  resources: string[];
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
  /** RFC 9449 §5: the DPoP key a public client's refresh token is bound to. */
  dpopJkt: string | null;
  /** The end-user session of the grant and its `amr` (the refreshed ID token's `sid`, `amr`, `acr`). */
  sessionId: string | null;
  amr: string[];
  /** The token's user, when it still exists. */
  user: { id: string; phone: string; status: string } | null;
}

/** The refresh token with this hash and its user, in one round trip. */
export async function findRefreshToken(tokenHash: string): Promise<PresentedRefreshToken | null> {
  const [row] = await sql<{
    id: string;
    family_id: string;
    client_id: string;
    user_id: string | null;
    scope: string;
    auth_method: PresentedRefreshToken["authMethod"];
    auth_time: Date | null;
    authorization_code_id: string | null;
    device_id: string | null;
    resources: string[] | null;
    expires_at: Date;
    rotated_at: Date | null;
    revoked_at: Date | null;
    dpop_jkt: string | null;
    session_id: string | null;
    amr: string[] | null;
    phone: string | null;
    status: string | null;
  }>(
    `SELECT rt.id, rt.family_id, rt.client_id, rt.user_id, rt.scope, rt.auth_method, rt.auth_time, rt.authorization_code_id, rt.device_id, rt.resources,
            rt.expires_at, rt.rotated_at, rt.revoked_at, rt.dpop_jkt, rt.session_id, rt.amr, u.phone, u.status
       FROM refresh_tokens rt LEFT JOIN users u ON u.id = rt.user_id
      WHERE rt.token_hash = $1`,
    [tokenHash],
  );
  if (!row) return null;
  return {
    id: row.id,
    familyId: row.family_id,
    clientId: row.client_id,
    userId: row.user_id,
    scope: row.scope,
    authMethod: row.auth_method,
    authTime: row.auth_time,
    authorizationCodeId: row.authorization_code_id,
    deviceId: row.device_id,
    resources: row.resources ?? [],
    expiresAt: row.expires_at,
    rotatedAt: row.rotated_at,
    revokedAt: row.revoked_at,
    dpopJkt: row.dpop_jkt,
    sessionId: row.session_id,
    amr: row.amr ?? [],
    user: row.user_id && row.phone && row.status ? { id: row.user_id, phone: row.phone, status: row.status } : null,
  };
}

/** Revocation and expiry of an access token's row (the signature was checked already). */
export async function accessTokenRow(jti: string): Promise<{ clientId: string; userId: string | null; revokedAt: Date | null; expiresAt: Date } | null> {
  const [row] = await sql<{ client_id: string; user_id: string | null; revoked_at: Date | null; expires_at: Date }>(`SELECT client_id, user_id, revoked_at, expires_at FROM access_tokens WHERE jti = $1`, [jti]);
  return row ? { clientId: row.client_id, userId: row.user_id, revokedAt: row.revoked_at, expiresAt: row.expires_at } : null;
}

/** A token set stored inside the caller's Prisma transaction (trusted auth, API device sign-in). */
export async function storeTokenSet(tx: Tx, set: { accessToken: AccessRecord; refreshToken: RefreshRecord | null }): Promise<void> {
  await tx.accessToken.create({ data: set.accessToken });
  if (set.refreshToken) await tx.refreshToken.create({ data: set.refreshToken });
}

/** Revokes one access token of `clientId` (RFC 7009); the count says whether it was live. */
export async function revokeAccessTokenRow(tx: Tx, jti: string, clientId: string): Promise<number> {
  const { count } = await tx.accessToken.updateMany({ where: { jti, clientId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}
