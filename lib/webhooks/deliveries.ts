// The delivery log a partner sees (its own deliveries only) and the resend action.
import { db } from "@/lib/db";
import type { Prisma, WebhookDelivery } from "@/lib/db/generated/client";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { cursorParameter, pageOf, seek } from "@/lib/db/keyset";
import { isUuid } from "@/lib/validation/ids";
import { isOutboundCategory } from "@/lib/outbound";
import type { z } from "zod";
import type { deliveryResourceSchema, ListDeliveriesQuery } from "./schemas";

export type DeliveryResource = z.infer<typeof deliveryResourceSchema>;
export type DeliveryPage = { data: DeliveryResource[]; has_more: boolean; next_cursor: string | null };

/**
 * What the partner may see of the last failure: a category only. Rows written before the outbound
 * module held raw socket and TLS error text (a port scanner); "HTTP 500" becomes http_500 and the
 * rest is hidden (the migration 20261206030000_trust_boundary also scrubbed them).
 */
function visibleError(stored: string | null): string | null {
  if (stored === null || isOutboundCategory(stored)) return stored;
  const legacyStatus = /^HTTP (\d{3})\b/.exec(stored);
  return legacyStatus ? `http_${legacyStatus[1]}` : null;
}

export function serializeDelivery(row: WebhookDelivery): DeliveryResource {
  return {
    id: row.id,
    webhook_id: row.webhookId,
    kind: row.kind,
    event_type: row.eventType,
    url: row.url,
    status: row.status,
    attempts: row.attempts,
    next_attempt_at: row.status === "pending" ? row.nextAttemptAt.toISOString() : null,
    last_attempt_at: row.lastAttemptAt?.toISOString() ?? null,
    last_error: visibleError(row.lastError),
    last_response_status: row.lastResponseStatus,
    last_response_body: row.lastResponseBody,
    delivered_at: row.deliveredAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    body: JSON.parse(row.body) as unknown,
  };
}

/** Newest first, keyset-paged like the intents list. */
export async function listDeliveries(clientId: string, query: ListDeliveriesQuery): Promise<DeliveryPage> {
  const where: Prisma.WebhookDeliveryWhereInput = { clientId, ...(query.status ? { status: query.status } : {}), ...seek(cursorParameter(query.cursor), "desc") };
  const rows = await db().webhookDelivery.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: query.limit + 1 });
  const page = pageOf(rows, query.limit);
  return { data: page.rows.map(serializeDelivery), has_more: page.next !== null, next_cursor: page.next };
}

/**
 * Makes a delivery due now with a fresh set of attempts, keeping its webhook_id and body (the
 * receiver can deduplicate). Another client's delivery is "not found". An attempt in flight loses
 * its lease, so it cannot overwrite the reset.
 */
export async function resendDelivery(clientId: string, deliveryId: string, context: { actor: DomainEvent["actor"]; ip?: string | null; requestId?: string | null }): Promise<DeliveryResource> {
  if (!isUuid(deliveryId)) throw new ProductError("webhook_delivery_not_found");
  return db().$transaction(async (tx) => {
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: deliveryId, clientId },
      data: { status: "pending", attempts: 0, nextAttemptAt: new Date(), leaseId: null, deliveredAt: null },
    });
    if (count !== 1) throw new ProductError("webhook_delivery_not_found");
    const row = await tx.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } });
    await emit(tx, { type: "webhook.resend_requested", actor: context.actor, clientId, subjectId: deliveryId, ip: context.ip, requestId: context.requestId, data: { webhook_id: row.webhookId, event_type: row.eventType } });
    return serializeDelivery(row);
  });
}
