// An admin signs a user out everywhere: every live session ends (lib/logout/end-on-event.ts reacts
// to `user.sessions_ended`), and partners with Back-Channel Logout hear of it.
import { db } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { isUuid } from "@/lib/validation/ids";

export async function endUserSessionsAsAdmin(input: { userId: string; actor: DomainEvent["actor"]; reason: string; ip?: string | null; requestId?: string | null }): Promise<number> {
  if (!isUuid(input.userId)) throw new ProductError("user_not_found");
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true } });
    if (!user) throw new ProductError("user_not_found");
    const live = await tx.userSession.count({ where: { userId: user.id, revokedAt: null } });
    await emit(tx, { type: "user.sessions_ended", actor: input.actor, userId: user.id, subjectId: user.id, ip: input.ip, requestId: input.requestId, data: { reason: input.reason, sessions: live } });
    return live;
  });
}
