// Per-client webhook settings (CLI now, admin UI later). The signing secret is generated when a
// URL is first set (or on rotation), encrypted at rest, and returned only by the call that made it.
import { WEBHOOK_SECRET_BYTES } from "@/lib/config/limits";
import { randomToken } from "@/lib/crypto/random";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { webhookUrlProblem } from "./url-policy";

export interface WebhookSettings {
  client_id: string;
  webhook_url: string | null;
  /** Present only when this call generated a new secret: shown once. */
  webhook_secret?: string;
}

function newWebhookSecret(): string {
  return `whsec_${randomToken(WEBHOOK_SECRET_BYTES)}`;
}

/** Sets (or with null removes) the client's webhook URL; creates a signing secret if it has none. */
export async function setWebhookUrl(clientId: string, rawUrl: string | null, actor: DomainEvent["actor"]): Promise<WebhookSettings> {
  const url = rawUrl?.trim() || null;
  if (url) {
    const problem = webhookUrlProblem(url);
    if (problem) throw new ProductError("webhook_url_invalid", `The webhook URL ${problem}`);
  }
  return db().$transaction(async (tx) => {
    const client = await tx.client.findUnique({ where: { id: clientId }, select: { webhookUrl: true, webhookSecretEnc: true } });
    if (!client) throw new ProductError("client_not_found");
    const secret = url && !client.webhookSecretEnc ? newWebhookSecret() : undefined;
    await tx.client.update({ where: { id: clientId }, data: { webhookUrl: url, ...(secret ? { webhookSecretEnc: encryptSecret(secret, "webhook-secret") } : {}) } });
    await emit(tx, { type: "client.updated", actor, clientId, subjectId: clientId, data: { webhook_url: { from: client.webhookUrl, to: url }, ...(secret ? { webhook_secret: "created" } : {}) } });
    return { client_id: clientId, webhook_url: url, ...(secret ? { webhook_secret: secret } : {}) };
  });
}

/** Replaces the signing secret: deliveries sent from now on (retries included) use the new one. */
export async function rotateWebhookSecret(clientId: string, actor: DomainEvent["actor"]): Promise<WebhookSettings & { webhook_secret: string }> {
  const secret = newWebhookSecret();
  return db().$transaction(async (tx) => {
    const client = await tx.client.findUnique({ where: { id: clientId }, select: { webhookUrl: true } });
    if (!client) throw new ProductError("client_not_found");
    await tx.client.update({ where: { id: clientId }, data: { webhookSecretEnc: encryptSecret(secret, "webhook-secret") } });
    await emit(tx, { type: "client.webhook_secret_rotated", actor, clientId, subjectId: clientId });
    return { client_id: clientId, webhook_url: client.webhookUrl, webhook_secret: secret };
  });
}
