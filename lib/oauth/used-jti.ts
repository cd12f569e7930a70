// One-time JWT ids (DPoP proofs, RFC 9449 §11.1; private_key_jwt assertions, RFC 7523 §3): the
// first INSERT of a key wins, every later one (a replay, or the loser of a race) finds it taken.
// One statement, atomic on PGlite and PostgreSQL alike; rows go once the JWT is dead anyway.
import { sha256Hex } from "@/lib/crypto/random";
import { sql } from "@/lib/db";

export type JtiKind = "dpop" | "client_assertion";

/** Records the jti; false when it was seen before (within its lifetime). */
export async function spendJti(kind: JtiKind, scope: string, jti: string, expiresAt: Date): Promise<boolean> {
  const rows = await sql<{ key: string }>(`INSERT INTO used_jtis (key, expires_at) VALUES ($1, $2::timestamptz) ON CONFLICT (key) DO NOTHING RETURNING key`, [`${kind}:${sha256Hex(`${scope}\0${jti}`)}`, expiresAt]);
  return rows.length === 1;
}

/** Periodic purge (lib/maintenance/purge-expired.ts). */
export async function purgeUsedJtis(now = new Date()): Promise<number> {
  const rows = await sql<{ n: number }>(`WITH gone AS (DELETE FROM used_jtis WHERE expires_at < $1::timestamptz RETURNING 1) SELECT count(*)::int AS n FROM gone`, [now]);
  return rows[0]?.n ?? 0;
}
