// Support path for a user who lost both the authenticator app and the recovery codes: an operator
// removes the app (and its recovery codes); the SMS code alone signs the user in again. Audited.
import { db } from "@/lib/db";
import type { DomainEvent } from "@/lib/events/emit";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { isUuid } from "@/lib/validation/ids";

export async function removeUserAuthenticatorApp(userId: string, reason: string, actor: DomainEvent["actor"]): Promise<{ user_id: string; removed: boolean }> {
  if (!isUuid(userId)) throw new ProductError("user_not_found");
  return db().$transaction(async (tx) => {
    if (!(await tx.user.findUnique({ where: { id: userId }, select: { id: true } }))) throw new ProductError("user_not_found");
    const { count } = await tx.userAuthenticatorApp.deleteMany({ where: { userId } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    if (count) await emit(tx, { type: "user.authenticator_app_removed", actor, userId, subjectId: userId, data: { reason } });
    return { user_id: userId, removed: count === 1 };
  });
}
