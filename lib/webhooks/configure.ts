// Per-client webhook settings (CLI and admin UI). Deliveries are signed with the client's signing
// secret (lib/clients/signing-secret.ts), made when the client was created. A client from before
// that gets one when its first URL is set, shown once by that call.
import { newSigningSecret, rotateSigningSecret } from "@/lib/clients/signing-secret";
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
    const fresh = url && !client.webhookSecretEnc ? newSigningSecret() : undefined;
    const secret = fresh?.secret;
    await tx.client.update({ where: { id: clientId }, data: { webhookUrl: url, ...(fresh ? { webhookSecretEnc: fresh.encrypted } : {}) } });
    await emit(tx, { type: "client.updated", actor, clientId, subjectId: clientId, data: { webhook_url: { from: client.webhookUrl, to: url }, ...(secret ? { webhook_secret: "created" } : {}) } });
    return { client_id: clientId, webhook_url: url, ...(secret ? { webhook_secret: secret } : {}) };
  });
}

/** Replaces the client's signing secret (lib/clients/signing-secret.ts); kept under its old name for the CLI flag. */
export async function rotateWebhookSecret(clientId: string, actor: DomainEvent["actor"]): Promise<WebhookSettings & { webhook_secret: string; signing_secret: string }> {
  return db().$transaction(async (tx) => {
    const client = await tx.client.findUnique({ where: { id: clientId }, select: { webhookUrl: true } });
    if (!client) throw new ProductError("client_not_found");
    const rotated = await rotateSigningSecret(clientId, actor, tx);
    return { client_id: clientId, webhook_url: client.webhookUrl, webhook_secret: rotated.signing_secret, signing_secret: rotated.signing_secret };
  });
}
