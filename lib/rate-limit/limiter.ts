// Fixed-window counters in the database, so every instance sees the same counts.
// One statement per hit: INSERT … ON CONFLICT DO UPDATE is atomic on PGlite and PostgreSQL.
import { db } from "@/lib/db";

export interface RateLimitResult {
  count: number;
  allowed: boolean;
  retryAfterS: number;
}

function windowStart(windowS: number, now: number): Date {
  return new Date(Math.floor(now / (windowS * 1000)) * windowS * 1000);
}

/** Counts one event against `key`; `allowed` is false once the count exceeds `limit`. */
export async function hitRateLimit(key: string, limit: number, windowS: number): Promise<RateLimitResult> {
  const now = Date.now();
  const start = windowStart(windowS, now);
  const expiresAt = new Date(start.getTime() + windowS * 1000);
  const rows = await db().$queryRaw<{ count: number }[]>`
    INSERT INTO rate_limit_buckets (key, window_start, count, expires_at)
    VALUES (${key}, ${start}, 1, ${expiresAt})
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_buckets.count + 1
    RETURNING count`;
  const count = Number(rows[0]?.count ?? 1);
  return { count, allowed: count <= limit, retryAfterS: Math.ceil((expiresAt.getTime() - now) / 1000) };
}

/** Current count without counting. */
export async function peekRateLimit(key: string, windowS: number): Promise<number> {
  const row = await db().rateLimitBucket.findUnique({ where: { key_windowStart: { key, windowStart: windowStart(windowS, Date.now()) } } });
  return row?.count ?? 0;
}

export async function purgeExpiredRateLimits(): Promise<number> {
  const { count } = await db().rateLimitBucket.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}

/** Forgets the current window's count for `key` (a success that ends a run of failures). */
export async function resetRateLimit(key: string, windowS: number): Promise<void> {
  await db().rateLimitBucket.deleteMany({ where: { key, windowStart: windowStart(windowS, Date.now()) } });
}
