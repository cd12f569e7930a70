import { db } from "@/lib/db";
import type { DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { userIntentStatusSchema } from "./schemas";
import { transitionIntentStatus } from "./status";

/** Ops entry point (CLI, admin actions): one status change in its own transaction. */
export async function setUserIntentStatus(intentId: string, status: string, reason: string, actor: DomainEvent["actor"]): Promise<{ user_intent_id: string; from: string; to: string; reason: string }> {
  const to = userIntentStatusSchema.safeParse(status);
  if (!to.success) throw new ProductError("validation_failed", `status ${to.error.issues[0]!.message}`);
  const { from, intent } = await db().$transaction((tx) => transitionIntentStatus(tx, { intentId, to: to.data, reason, actor }));
  return { user_intent_id: intent.id, from, to: intent.status, reason: reason.trim() };
}
