// Canned reasons for review decisions ("Documents match the submitted details"): picked in one
// keystroke on the decision form, edited by admins; every change is audited.
import { db } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { statusReasonSchema } from "@/lib/users/schemas";
import { decisionSchema, type Decision } from "./status-decisions";

export interface ReviewReason {
  id: string;
  decision: Decision;
  text: string;
}

/** Every canned reason, grouped by decision in their order. */
export async function listReviewReasons(): Promise<ReviewReason[]> {
  const rows = await db().reviewReason.findMany({ orderBy: [{ decision: "asc" }, { position: "asc" }, { createdAt: "asc" }], select: { id: true, decision: true, text: true } });
  return rows.filter((row): row is ReviewReason => decisionSchema.safeParse(row.decision).success);
}

export async function addReviewReason(input: { decision: string; text: string }, actor: DomainEvent["actor"]): Promise<ReviewReason> {
  const decision = decisionSchema.safeParse(input.decision);
  if (!decision.success) throw new ProductError("validation_failed", "Choose the decision this reason is for");
  const text = statusReasonSchema.safeParse(input.text);
  if (!text.success) throw new ProductError("validation_failed", "Write the reason (up to 500 characters)");
  return db().$transaction(async (tx) => {
    const position = await tx.reviewReason.count({ where: { decision: decision.data } });
    const row = await tx.reviewReason.create({ data: { decision: decision.data, text: text.data, position }, select: { id: true, decision: true, text: true } });
    await emit(tx, { type: "review_reason.added", actor, subjectId: row.id, data: { decision: row.decision, text: row.text } });
    return row as ReviewReason;
  });
}

export async function deleteReviewReason(id: string, actor: DomainEvent["actor"]): Promise<void> {
  await db().$transaction(async (tx) => {
    const row = await tx.reviewReason.findUnique({ where: { id } });
    if (!row) return;
    await tx.reviewReason.delete({ where: { id } });
    await emit(tx, { type: "review_reason.deleted", actor, subjectId: id, data: { decision: row.decision, text: row.text } });
  });
}
