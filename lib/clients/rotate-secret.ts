import { CLIENT_SECRET_ROTATION_GRACE_S } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { forgetCachedClient } from "./client-cache";
import { newClientSecret } from "./client-secret";

/**
 * Replaces a confidential client's secret. With `graceS` (at most CLIENT_SECRET_ROTATION_GRACE_S;
 * the dashboard offers it by default) the old secret keeps working that long so the partner can
 * deploy the new one without an outage; without it the old one ends at once (a leaked secret).
 * A second rotation replaces the previous secret with the current one: at most two are ever valid.
 */
export async function rotateClientSecret(clientId: string, actor: DomainEvent["actor"], options: { graceS?: number } = {}): Promise<{ client_id: string; client_secret: string; previous_secret_valid_until: Date | null }> {
  const graceS = Math.max(0, Math.min(options.graceS ?? 0, CLIENT_SECRET_ROTATION_GRACE_S));
  const { secret, hash } = newClientSecret();
  const now = new Date();
  const validUntil = graceS > 0 ? new Date(now.getTime() + graceS * 1000) : null;
  await db().$transaction(async (tx) => {
    const client = await tx.client.findUnique({ where: { id: clientId }, select: { type: true, secretHash: true } });
    if (!client) throw new ProductError("client_not_found");
    if (client.type === "public") throw new ProductError("public_client_has_no_secret");
    await tx.client.update({
      where: { id: clientId },
      data: {
        secretHash: hash,
        secretRotatedAt: now,
        previousSecretHash: validUntil ? client.secretHash : null,
        previousSecretExpiresAt: validUntil,
      },
    });
    await emit(tx, {
      type: "client.secret_rotated",
      actor,
      clientId,
      subjectId: clientId,
      data: { previous_secret_valid_until: validUntil?.toISOString() ?? null, grace_s: graceS },
    });
  });
  // Other instances hear of it by NOTIFY at commit; this one forgets it before answering.
  forgetCachedClient(clientId);
  return { client_id: clientId, client_secret: secret, previous_secret_valid_until: validUntil };
}
