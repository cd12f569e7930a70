// Domain events → outbox rows, in the transaction that emitted the event: the change and its
// notification commit (or roll back) together. Called by emit() itself (lib/events/emit.ts), not
// registered with onDomainEvent: Next bundles route handlers separately, so a registration made
// by some other module could be missing from the bundle that emits.
//   user_intent.updated             → `user_intent_updated` to the intent's client
//   user.updated                    → `user_updated` to every client linked to the user (an intent
//                                     converted to it, or a consent it gave)
//   device.registered               → `device.added` to the client whose flow added it only
//                                     (backend-started enrolment: the token's client)
//   device.revoked                  → `device.revoked` to that client, and to every client the
//                                     user consented to (its sign-ins may rest on that passkey)
//   device.flagged                  → `device.suspicious` (signature counter regression: a clone),
//                                     to the same clients as device.revoked
//   A client linked only through a converted intent, without the user's consent, hears of no device;
//   none hears of a passkey added through another partner or on the user's own account pages.
//   authenticator.challenge_updated → POST of data.callback to the client's authenticatorCallbackUrl
//   session.ended                   → a Back-Channel Logout token to each client that got a code
//                                     from the session and registered a backchannel_logout_uri
// A client without a URL gets no row: nothing is queued for it, and configuring a URL later does
// not replay the past.
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import type { DomainEvent } from "@/lib/events/types";
import { isUuid } from "@/lib/validation/ids";

export type WebhookType = "user_intent_updated" | "user_updated" | DeviceWebhookType;
export type DeviceWebhookType = "device.added" | "device.revoked" | "device.suspicious";

/** The body partners receive (Astra's shape). Key order is part of the signed bytes. */
export type WebhookBody = { webhook_type: WebhookType; webhook_id: string; user_id: string | null; resource_id: string; metadata: unknown; device?: DeviceFacts };

/** What a device webhook says about the device (resource_id is its id). */
export type DeviceFacts = { id: string; name: string | null; reason: string | null };

function delivery(clientId: string, url: string, kind: "webhook" | "authenticator_callback" | "backchannel_logout", eventType: string, body: (webhookId: string) => unknown) {
  const webhookId = randomUUID();
  return { webhookId, clientId, url, kind, eventType, body: JSON.stringify(body(webhookId)), nextAttemptAt: new Date() } satisfies Prisma.WebhookDeliveryCreateManyInput;
}

function webhookBody(type: WebhookType, userId: string | null, resourceId: string, metadata: unknown) {
  return (webhookId: string): WebhookBody => ({ webhook_type: type, webhook_id: webhookId, user_id: userId, resource_id: resourceId, metadata: metadata ?? {} });
}

async function forIntentUpdated(tx: Tx, event: DomainEvent): Promise<Prisma.WebhookDeliveryCreateManyInput[]> {
  // A malformed id would abort the emitting transaction on PostgreSQL: never query with one.
  if (!event.subjectId || !isUuid(event.subjectId)) return [];
  const intent = await tx.userIntent.findUnique({
    where: { id: event.subjectId },
    select: { id: true, userId: true, metadata: true, client: { select: { id: true, webhookUrl: true } } },
  });
  if (!intent?.client.webhookUrl || (event.clientId && event.clientId !== intent.client.id)) return [];
  return [delivery(intent.client.id, intent.client.webhookUrl, "webhook", "user_intent_updated", webhookBody("user_intent_updated", intent.userId, intent.id, intent.metadata))];
}

/** Clients linked to the user (converted intent or consent) that have a webhook URL, with their latest intent metadata. */
function linkedClientsWithWebhooks(tx: Tx, userId: string) {
  return tx.$queryRaw<{ id: string; webhook_url: string; metadata: unknown }[]>`
    SELECT c.id, c.webhook_url,
      (SELECT ui.metadata FROM user_intents ui WHERE ui.client_id = c.id AND ui.user_id = ${userId}::uuid ORDER BY ui.created_at DESC LIMIT 1) AS metadata
    FROM clients c
    WHERE c.webhook_url IS NOT NULL
      AND (EXISTS (SELECT 1 FROM user_intents ui WHERE ui.client_id = c.id AND ui.user_id = ${userId}::uuid)
        OR EXISTS (SELECT 1 FROM consents co WHERE co.client_id = c.id AND co.user_id = ${userId}::uuid))
    ORDER BY c.id`;
}

async function forUserUpdated(tx: Tx, event: DomainEvent): Promise<Prisma.WebhookDeliveryCreateManyInput[]> {
  const userId = event.userId ?? event.subjectId;
  if (!userId || !isUuid(userId)) return [];
  const clients = await linkedClientsWithWebhooks(tx, userId);
  return clients.map((client) => delivery(client.id, client.webhook_url, "webhook", "user_updated", webhookBody("user_updated", userId, userId, client.metadata)));
}

/**
 * The clients a device event goes to (docs/security.md "Device webhooks"): the client whose flow
 * caused it, if the user is linked to it; and, for a revocation or a clone (`consentedToo`), every
 * client the user gave consent to — a passkey signs in at every partner, so those partners' sessions
 * may rest on it. Each needs a webhook URL (its subscription).
 */
function deviceEventClients(tx: Tx, userId: string, causingClientId: string | null, consentedToo: boolean) {
  return tx.$queryRaw<{ id: string; webhook_url: string; metadata: unknown }[]>`
    SELECT c.id, c.webhook_url,
      (SELECT ui.metadata FROM user_intents ui WHERE ui.client_id = c.id AND ui.user_id = ${userId}::uuid ORDER BY ui.created_at DESC LIMIT 1) AS metadata
    FROM clients c
    WHERE c.webhook_url IS NOT NULL
      AND (
        (c.id = ${causingClientId}::text
          AND (EXISTS (SELECT 1 FROM user_intents ui WHERE ui.client_id = c.id AND ui.user_id = ${userId}::uuid)
            OR EXISTS (SELECT 1 FROM consents co WHERE co.client_id = c.id AND co.user_id = ${userId}::uuid)))
        OR (${consentedToo}::boolean AND EXISTS (SELECT 1 FROM consents co WHERE co.client_id = c.id AND co.user_id = ${userId}::uuid)))
    ORDER BY c.id`;
}

function forDeviceEvent(type: DeviceWebhookType) {
  return async (tx: Tx, event: DomainEvent): Promise<Prisma.WebhookDeliveryCreateManyInput[]> => {
    const { userId, subjectId: deviceId } = event;
    if (!userId || !isUuid(userId) || !deviceId || !isUuid(deviceId)) return [];
    const data = (event.data ?? {}) as { name?: unknown; reason?: unknown };
    const device: DeviceFacts = { id: deviceId, name: typeof data.name === "string" ? data.name : null, reason: typeof data.reason === "string" ? data.reason : null };
    const clients = await deviceEventClients(tx, userId, event.clientId ?? null, type !== "device.added");
    return clients.map((client) => delivery(client.id, client.webhook_url, "webhook", type, (webhookId) => ({ ...webhookBody(type, userId, deviceId, client.metadata)(webhookId), device }) satisfies WebhookBody));
  };
}

async function forChallengeUpdated(tx: Tx, event: DomainEvent): Promise<Prisma.WebhookDeliveryCreateManyInput[]> {
  const data = event.data as { callback?: unknown } | undefined;
  if (!event.clientId || !data || typeof data !== "object" || !data.callback) return [];
  const client = await tx.client.findUnique({ where: { id: event.clientId }, select: { authenticatorCallbackUrl: true } });
  if (!client?.authenticatorCallbackUrl) return [];
  return [delivery(event.clientId, client.authenticatorCallbackUrl, "authenticator_callback", "authenticator_challenge_updated", () => data.callback)];
}

async function forSessionEnded(tx: Tx, event: DomainEvent): Promise<Prisma.WebhookDeliveryCreateManyInput[]> {
  const data = event.data as { client_ids?: unknown } | undefined;
  const clientIds = Array.isArray(data?.client_ids) ? data.client_ids.filter((id): id is string => typeof id === "string") : [];
  if (!clientIds.length || !event.userId || !event.subjectId) return [];
  const clients = await tx.client.findMany({ where: { id: { in: clientIds }, backchannelLogoutUri: { not: null } }, select: { id: true, backchannelLogoutUri: true } });
  // The row keeps the claims; the worker signs the logout token at send time (jti = webhook_id).
  return clients.map((client) => delivery(client.id, client.backchannelLogoutUri!, "backchannel_logout", "backchannel_logout", () => ({ aud: client.id, sub: event.userId, sid: event.subjectId })));
}

const MAPPINGS: Record<string, (tx: Tx, event: DomainEvent) => Promise<Prisma.WebhookDeliveryCreateManyInput[]>> = {
  "user_intent.updated": forIntentUpdated,
  "user.updated": forUserUpdated,
  "device.registered": forDeviceEvent("device.added"),
  "device.revoked": forDeviceEvent("device.revoked"),
  "device.flagged": forDeviceEvent("device.suspicious"),
  "authenticator.challenge_updated": forChallengeUpdated,
  "session.ended": forSessionEnded,
};

/** Whether events of this type can queue deliveries (webhooks, callbacks). */
export function eventHasDeliveries(type: string): boolean {
  return Object.hasOwn(MAPPINGS, type);
}

/** Queues the deliveries `event` calls for; a no-op (no query) for every other event type. */
export async function enqueueDeliveriesForEvent(tx: Tx, event: DomainEvent): Promise<void> {
  const mapping = MAPPINGS[event.type];
  if (!mapping) return;
  const rows = await mapping(tx, event);
  if (rows.length) await tx.webhookDelivery.createMany({ data: rows });
}
