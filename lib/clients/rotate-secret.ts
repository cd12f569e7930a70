import { db } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { forgetCachedClient } from "./client-cache";
import { newClientSecret } from "./client-secret";

/** Replaces a confidential client's secret; the old one stops working at once. */
export async function rotateClientSecret(clientId: string, actor: DomainEvent["actor"]): Promise<{ client_id: string; client_secret: string }> {
  const { secret, hash } = newClientSecret();
  await db().$transaction(async (tx) => {
    const client = await tx.client.findUnique({ where: { id: clientId }, select: { type: true } });
    if (!client) throw new ProductError("client_not_found");
    if (client.type === "public") throw new ProductError("public_client_has_no_secret");
    await tx.client.update({ where: { id: clientId }, data: { secretHash: hash, secretRotatedAt: new Date() } });
    await emit(tx, { type: "client.secret_rotated", actor, clientId, subjectId: clientId });
  });
  // Other instances hear of it by NOTIFY at commit; this one forgets it before answering.
  forgetCachedClient(clientId);
  return { client_id: clientId, client_secret: secret };
}
