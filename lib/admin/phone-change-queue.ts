// The phone change queue: pending requests oldest first, keyset-paged on the (status, created_at)
// index like the review queue. Decisions go through lib/phone-changes/decide-phone-change.ts.
import { ADMIN_PAGE_SIZE } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { decodeCursor, pageOf, seek } from "@/lib/db/keyset";

export async function phoneChangeQueue(input: { after?: string; size?: number } = {}) {
  const size = input.size ?? ADMIN_PAGE_SIZE;
  const rows = await db().phoneChangeRequest.findMany({
    where: { status: "pending", ...seek(decodeCursor(input.after), "asc") },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: size + 1,
    select: { id: true, userId: true, oldPhone: true, newPhone: true, createdAt: true, user: { select: { firstName: true, lastName: true, status: true } } },
  });
  return pageOf(rows, size);
}
