// An admin's decision on a phone change request (CLI now, admin dashboard later). Approval moves
// the User to the new phone in the same transaction as the decision, its `user.updated` event
// (→ `user_updated` webhook to linked partners) and the audit entries. From then on, intents
// converted under the old phone no longer lead to this User: authorize with that user_intent_id
// shows the "use user_id" page (lib/intents/convert-intent.ts).
import { db, isUniqueViolation } from "@/lib/db";
import type { PhoneChangeStatus } from "@/lib/db/generated/enums";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { maskPhone } from "@/lib/phone/normalize";
import { statusReasonSchema } from "@/lib/users/schemas";
import { isUuid } from "@/lib/validation/ids";
import { serializePhoneChange, type PhoneChangeResource } from "./serialize";

export type PhoneChangeDecision = "approve" | "reject";

export interface DecisionContext {
  actor: DomainEvent["actor"];
  ip?: string | null;
  requestId?: string | null;
}

export async function decidePhoneChange(requestId: string, decision: PhoneChangeDecision, reason: string, context: DecisionContext): Promise<PhoneChangeResource & { user_id: string }> {
  const parsedReason = statusReasonSchema.safeParse(reason);
  if (!parsedReason.success) throw new ProductError("validation_failed", parsedReason.error.issues[0]!.message);
  if (!isUuid(requestId)) throw new ProductError("phone_change_not_found");
  const decidedBy = context.actor.id ? `${context.actor.type}:${context.actor.id}` : context.actor.type;
  const audit = { actor: context.actor, ip: context.ip, requestId: context.requestId };
  try {
    return await db().$transaction(async (tx) => {
      // Concurrent decisions queue on this lock; the later ones find it decided.
      const [locked] = await tx.$queryRaw<{ status: PhoneChangeStatus }[]>`
        SELECT status::text AS status FROM phone_change_requests WHERE id = ${requestId}::uuid FOR UPDATE`;
      if (!locked) throw new ProductError("phone_change_not_found");
      if (locked.status !== "pending") throw new ProductError("phone_change_already_decided", `This phone change request was already ${locked.status}`);
      const request = await tx.phoneChangeRequest.findUniqueOrThrow({ where: { id: requestId } });
      const now = new Date();
      const decided = await tx.phoneChangeRequest.updateMany({
        where: { id: requestId, status: "pending" },
        data: { status: decision === "approve" ? "approved" : "rejected", decisionReason: parsedReason.data, decidedBy, decidedAt: now },
      });
      if (decided.count !== 1) throw new ProductError("phone_change_already_decided");
      const masked = { from: maskPhone(request.oldPhone), to: maskPhone(request.newPhone) };

      if (decision === "approve") {
        const holder = await tx.user.findUnique({ where: { phone: request.newPhone }, select: { id: true } });
        if (holder && holder.id !== request.userId) throw new ProductError("phone_change_phone_taken", "Another user already has this phone number: reject this request, or change that user's number first");
        await tx.user.update({ where: { id: request.userId }, data: { phone: request.newPhone } });
        await emit(tx, {
          type: "user.updated",
          ...audit,
          userId: request.userId,
          subjectId: request.userId,
          data: { phone: masked, reason: parsedReason.data, phone_change_request_id: requestId },
        });
      }
      await emit(tx, {
        type: decision === "approve" ? "phone_change.approved" : "phone_change.rejected",
        ...audit,
        userId: request.userId,
        subjectId: requestId,
        data: { ...masked, reason: parsedReason.data },
      });
      const row = await tx.phoneChangeRequest.findUniqueOrThrow({ where: { id: requestId } });
      return { ...serializePhoneChange(row), user_id: row.userId };
    });
  } catch (error) {
    // Another user took the number between the check and the update.
    if (isUniqueViolation(error)) throw new ProductError("phone_change_phone_taken");
    throw error;
  }
}

/** For ops (CLI) and the admin queue: oldest first, so the longest-waiting is decided first. */
export async function listPhoneChanges(status: PhoneChangeStatus | undefined = "pending", limit = 100): Promise<(PhoneChangeResource & { user_id: string; old_phone: string })[]> {
  const rows = await db().phoneChangeRequest.findMany({ where: status ? { status } : {}, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: limit });
  return rows.map((row) => ({ ...serializePhoneChange(row), user_id: row.userId, old_phone: row.oldPhone }));
}
