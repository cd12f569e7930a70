// The audit log page: newest first, filtered by actor, event type, target and date range, paged
// by keyset on (created_at, id). Each filter has an index led by its column (see the schema).
import { z } from "zod";
import { ADMIN_PAGE_SIZE } from "@/lib/config/limits";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { decodeCursor, pageOf, seek } from "@/lib/db/keyset";
import { isUuid } from "@/lib/validation/ids";

const optional = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((value) => value || undefined);
const day = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || undefined)
  .pipe(z.iso.date("dates are YYYY-MM-DD").optional());

export const auditFilterSchema = z.object({
  actor: optional,
  type: optional,
  target: optional,
  from: day,
  to: day,
  after: optional,
});
export type AuditFilter = Partial<z.output<typeof auditFilterSchema>>;

export async function auditLogPage(filter: AuditFilter, size = ADMIN_PAGE_SIZE) {
  const where: Prisma.AuditEventWhereInput[] = [];
  // actor: an admin id, or an actor type (admin, cli, system, user, client).
  if (filter.actor) where.push(["admin", "cli", "system", "user", "client"].includes(filter.actor) ? { actorType: filter.actor } : { actorId: filter.actor });
  // type: exact (user.updated) or a family with a trailing dot or star (admin. / admin.*).
  if (filter.type) where.push(/[.*]$/.test(filter.type) ? { type: { startsWith: filter.type.replace(/\*$/, "") } } : { type: filter.type });
  if (filter.target) {
    const target = filter.target;
    where.push({ OR: [{ subjectId: target }, { clientId: target }, ...(isUuid(target) ? [{ userId: target.toLowerCase() }] : [])] });
  }
  if (filter.from) where.push({ createdAt: { gte: new Date(`${filter.from}T00:00:00Z`) } });
  if (filter.to) where.push({ createdAt: { lt: new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000) } });
  const rows = await db().auditEvent.findMany({
    where: { AND: [...where, seek(decodeCursor(filter.after), "desc")] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: size + 1,
  });
  return pageOf(rows, size);
}
