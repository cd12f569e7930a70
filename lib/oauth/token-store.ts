// Token rows on the hot paths, in plain SQL (see `sql` in lib/db/client.ts): a grant is one or
// two statements, each atomic on its own.
import { randomUUID } from "node:crypto";
import { sql } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";

type AccessRecord = Prisma.AccessTokenUncheckedCreateInput;
type RefreshRecord = Prisma.RefreshTokenUncheckedCreateInput;

const date = (value: Date | string) => (value instanceof Date ? value : new Date(value));

const ACCESS_COLUMNS = `jti, client_id, user_id, scope, family_id, authorization_code_id, expires_at`;
const accessValues = (r: AccessRecord) => [r.jti, r.clientId, r.userId ?? null, r.scope, r.familyId ?? null, r.authorizationCodeId ?? null, date(r.expiresAt)];

export async function insertAccessToken(record: AccessRecord): Promise<void> {
  await sql(`INSERT INTO access_tokens (${ACCESS_COLUMNS}) VALUES ($1, $2, $3::uuid, $4, $5::uuid, $6::uuid, $7::timestamptz)`, accessValues(record));
}

/**
 * Refresh-token rotation in one statement: marks the presented token rotated — only if it is
 * still current — and stores its successor and the new access token in the same breath.
 * Returns false when another request rotated (or someone revoked) it first.
 */
export async function rotateRefreshToken(presentedId: string, next: { refresh: RefreshRecord; access: AccessRecord }): Promise<boolean> {
  const r = next.refresh;
  const rows = await sql<{ rotated: number }>(
    `WITH rotated AS (
       UPDATE refresh_tokens SET rotated_at = now()
        WHERE id = $1::uuid AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        RETURNING id
     ), new_refresh AS (
       INSERT INTO refresh_tokens (id, token_hash, family_id, client_id, user_id, scope, auth_method, auth_time, authorization_code_id, expires_at, device_id)
       SELECT $2::uuid, $3, $4::uuid, $5, $6::uuid, $7, $8::"AuthMethod", $9::timestamptz, $10::uuid, $11::timestamptz, $19::uuid FROM rotated
     ), new_access AS (
       INSERT INTO access_tokens (${ACCESS_COLUMNS})
       SELECT $12, $13, $14::uuid, $15, $16::uuid, $17::uuid, $18::timestamptz FROM rotated
     )
     SELECT count(*)::int AS rotated FROM rotated`,
    [
      presentedId,
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
      ...accessValues(next.access),
      r.deviceId ?? null,
    ],
  );
  return rows[0]?.rotated === 1;
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
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
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
    expires_at: Date;
    rotated_at: Date | null;
    revoked_at: Date | null;
    phone: string | null;
    status: string | null;
  }>(
    `SELECT rt.id, rt.family_id, rt.client_id, rt.user_id, rt.scope, rt.auth_method, rt.auth_time, rt.authorization_code_id, rt.device_id,
            rt.expires_at, rt.rotated_at, rt.revoked_at, u.phone, u.status
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
    expiresAt: row.expires_at,
    rotatedAt: row.rotated_at,
    revokedAt: row.revoked_at,
    user: row.user_id && row.phone && row.status ? { id: row.user_id, phone: row.phone, status: row.status } : null,
  };
}

/** Revocation and expiry of an access token's row (the signature was checked already). */
export async function accessTokenRow(jti: string): Promise<{ clientId: string; userId: string | null; revokedAt: Date | null; expiresAt: Date } | null> {
  const [row] = await sql<{ client_id: string; user_id: string | null; revoked_at: Date | null; expires_at: Date }>(
    `SELECT client_id, user_id, revoked_at, expires_at FROM access_tokens WHERE jti = $1`,
    [jti],
  );
  return row ? { clientId: row.client_id, userId: row.user_id, revokedAt: row.revoked_at, expiresAt: row.expires_at } : null;
}
