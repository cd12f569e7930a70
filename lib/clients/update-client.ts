import { db } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";

/**
 * The sandbox switch: while on, the client's new UserIntents are approved at once instead of
 * waiting for admin review (see lib/intents/create-intent.ts). Meant for partners' test clients.
 */
export async function setSandboxAutoApprove(clientId: string, on: boolean, actor: DomainEvent["actor"]): Promise<{ client_id: string; sandbox_auto_approve: boolean }> {
  return db().$transaction(async (tx) => {
    const client = await tx.client.findUnique({ where: { id: clientId }, select: { sandboxAutoApprove: true } });
    if (!client) throw new ProductError("client_not_found");
    await tx.client.update({ where: { id: clientId }, data: { sandboxAutoApprove: on } });
    await emit(tx, { type: "client.updated", actor, clientId, subjectId: clientId, data: { sandbox_auto_approve: { from: client.sandboxAutoApprove, to: on } } });
    return { client_id: clientId, sandbox_auto_approve: on };
  });
}
