// The review queue: pending users and pending user intents, oldest first, with counts.
// Served by the (status, created_at) indexes on both tables.
import { ADMIN_PAGE_SIZE, QUEUE_COUNT_CAP } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { decodeCursor, pageOf, seek } from "@/lib/db/keyset";

export async function reviewQueue(input: { usersAfter?: string; intentsAfter?: string; size?: number }) {
  const size = input.size ?? ADMIN_PAGE_SIZE;
  const orderBy = [{ createdAt: "asc" as const }, { id: "asc" as const }];
  const [users, intents, userCount, intentCount] = await Promise.all([
    db().user.findMany({
      where: { status: "pending", ...seek(decodeCursor(input.usersAfter), "asc") },
      orderBy,
      take: size + 1,
      select: { id: true, phone: true, email: true, firstName: true, lastName: true, createdAt: true, updatedAt: true },
    }),
    db().userIntent.findMany({
      where: { status: "pending", ...seek(decodeCursor(input.intentsAfter), "asc") },
      orderBy,
      take: size + 1,
      select: { id: true, phone: true, email: true, firstName: true, lastName: true, type: true, createdAt: true, client: { select: { name: true } } },
    }),
    boundedCount("users"),
    boundedCount("user_intents"),
  ]);
  return { users: pageOf(users, size), intents: pageOf(intents, size), counts: { users: userCount, intents: intentCount } };
}

/**
 * Pending rows counted up to QUEUE_COUNT_CAP ("1,000+" beyond): an exact count of a 25,000-row
 * queue costs ~130 ms on the embedded database (it cannot use an index-only scan without vacuum),
 * the capped one a few ms, and nobody reviews the 1,001st user from the count.
 */
async function boundedCount(table: "users" | "user_intents"): Promise<{ value: number; capped: boolean }> {
  const rows =
    table === "users"
      ? await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM (SELECT 1 FROM users WHERE status = 'pending' LIMIT ${QUEUE_COUNT_CAP + 1}) AS q`
      : await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM (SELECT 1 FROM user_intents WHERE status = 'pending' LIMIT ${QUEUE_COUNT_CAP + 1}) AS q`;
  const n = Number(rows[0]?.n ?? 0);
  return { value: Math.min(n, QUEUE_COUNT_CAP), capped: n > QUEUE_COUNT_CAP };
}
