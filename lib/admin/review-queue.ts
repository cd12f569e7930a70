// The review queue: pending users and pending user intents, oldest first, with counts.
// Served by the (status, created_at) indexes on both tables.
import { ADMIN_PAGE_SIZE } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { decodeCursor, pageOf, seek } from "./keyset";

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
    db().user.count({ where: { status: "pending" } }),
    db().userIntent.count({ where: { status: "pending" } }),
  ]);
  return { users: pageOf(users, size), intents: pageOf(intents, size), counts: { users: userCount, intents: intentCount } };
}
