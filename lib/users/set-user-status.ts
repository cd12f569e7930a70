import { db } from "@/lib/db";
import type { DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { userStatusSchema } from "./schemas";
import { transitionUserStatus } from "./status";

/** Ops entry point (CLI, admin actions): one status change in its own transaction. */
export async function setUserStatus(userId: string, status: string, reason: string, actor: DomainEvent["actor"]): Promise<{ user_id: string; from: string; to: string; reason: string }> {
  const to = userStatusSchema.safeParse(status);
  if (!to.success) throw new ProductError("validation_failed", `status ${to.error.issues[0]!.message}`);
  const { from, user } = await db().$transaction((tx) => transitionUserStatus(tx, { userId, to: to.data, reason, actor }));
  return { user_id: user.id, from, to: user.status, reason: reason.trim() };
}
