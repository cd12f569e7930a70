// Fixed-window counters in the database, so every instance sees the same counts.
// One statement per hit: INSERT … ON CONFLICT DO UPDATE is atomic on PGlite and PostgreSQL.
// Plain SQL (lib/db sql()): the SMS sign-in counts and peeks several of these per step, and each
// Prisma call cost ≈1.5 ms of CPU against ≈0.1 ms.
import { db, sql } from "@/lib/db";

export interface RateLimitResult {
  count: number;
  allowed: boolean;
  retryAfterS: number;
}

/** The start of the fixed window of `windowS` seconds that `now` falls in (for statements that count several keys at once). */
export function windowStart(windowS: number, now: number): Date {
  return new Date(Math.floor(now / (windowS * 1000)) * windowS * 1000);
}

/** Counts one event against `key`; `allowed` is false once the count exceeds `limit`. */
export async function hitRateLimit(key: string, limit: number, windowS: number): Promise<RateLimitResult> {
  const now = Date.now();
  const start = windowStart(windowS, now);
  const expiresAt = new Date(start.getTime() + windowS * 1000);
  const rows = await sql<{ count: number }>(
    `INSERT INTO rate_limit_buckets (key, window_start, count, expires_at) VALUES ($1, $2, 1, $3)
     ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_buckets.count + 1 RETURNING count`,
    [key, start, expiresAt],
  );
  const count = Number(rows[0]?.count ?? 1);
  return { count, allowed: count <= limit, retryAfterS: Math.ceil((expiresAt.getTime() - now) / 1000) };
}

/** Current count without counting. */
export async function peekRateLimit(key: string, windowS: number): Promise<number> {
  return (await peekRateLimits([[key, windowS]]))[0]!;
}

/** Current counts of several keys (each with its window) without counting, in one statement. */
export async function peekRateLimits(keys: readonly (readonly [key: string, windowS: number])[]): Promise<number[]> {
  const now = Date.now();
  const starts = keys.map(([, windowS]) => windowStart(windowS, now));
  const rows = await sql<{ key: string; window_start: Date; count: number }>(
    `SELECT b.key, b.window_start, b.count FROM rate_limit_buckets b
     JOIN unnest($1::text[], $2::timestamptz[]) AS k(key, window_start) ON b.key = k.key AND b.window_start = k.window_start`,
    [keys.map(([key]) => key), starts],
  );
  return keys.map(([key], i) => Number(rows.find((row) => row.key === key && row.window_start.getTime() === starts[i]!.getTime())?.count ?? 0));
}

export async function purgeExpiredRateLimits(): Promise<number> {
  const { count } = await db().rateLimitBucket.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}

/** Forgets the current window's count for `key` (a success that ends a run of failures). */
export async function resetRateLimit(key: string, windowS: number): Promise<void> {
  await sql(`DELETE FROM rate_limit_buckets WHERE key = $1 AND window_start = $2`, [key, windowStart(windowS, Date.now())]);
}
