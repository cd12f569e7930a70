// Every client's signing secret: what Trustgate signs each callback with (webhooks, authenticator
// challenge callbacks, later back-channel logout tokens). Made when the client is created and
// shown once, like the client secret; encrypted at rest; rotatable. Stored in the column that
// held the webhook secret before every client had one (`webhook_secret_enc`), so existing webhook
// receivers keep verifying with the secret they already have.
import { WEBHOOK_SECRET_BYTES } from "@/lib/config/limits";
import { randomToken } from "@/lib/crypto/random";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { db, type Tx } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";

/** The secret-box purpose; unchanged from when it was only the webhook secret. */
export const SIGNING_SECRET_PURPOSE = "webhook-secret";

export function newSigningSecret(): { secret: string; encrypted: string } {
  const secret = `whsec_${randomToken(WEBHOOK_SECRET_BYTES)}`;
  return { secret, encrypted: encryptSecret(secret, SIGNING_SECRET_PURPOSE) };
}

/**
 * The client's signing secret. A client made before every client had one gets one now (the
 * partner learns it through a rotation): no callback leaves unsigned.
 */
export async function signingSecretOf(clientId: string): Promise<string | null> {
  const client = await db().client.findUnique({ where: { id: clientId }, select: { webhookSecretEnc: true } });
  if (!client) return null;
  if (client.webhookSecretEnc) return decryptSecret(client.webhookSecretEnc, SIGNING_SECRET_PURPOSE);
  const fresh = newSigningSecret();
  await db().client.updateMany({ where: { id: clientId, webhookSecretEnc: null }, data: { webhookSecretEnc: fresh.encrypted } });
  const stored = await db().client.findUniqueOrThrow({ where: { id: clientId }, select: { webhookSecretEnc: true } });
  return decryptSecret(stored.webhookSecretEnc!, SIGNING_SECRET_PURPOSE);
}

/** Gives every client without a signing secret one (run at boot after migrations). */
export async function backfillSigningSecrets(): Promise<number> {
  const missing = await db().client.findMany({ where: { webhookSecretEnc: null }, select: { id: true } });
  let filled = 0;
  for (const { id } of missing) {
    const { count } = await db().client.updateMany({ where: { id, webhookSecretEnc: null }, data: { webhookSecretEnc: newSigningSecret().encrypted } });
    filled += count;
  }
  return filled;
}

/** Replaces the signing secret: callbacks sent from now on (retries included) use the new one. Shown once. */
export async function rotateSigningSecret(clientId: string, actor: DomainEvent["actor"], tx?: Tx): Promise<{ client_id: string; signing_secret: string }> {
  const fresh = newSigningSecret();
  const run = async (t: Tx) => {
    const { count } = await t.client.updateMany({ where: { id: clientId }, data: { webhookSecretEnc: fresh.encrypted } });
    if (count !== 1) throw new ProductError("client_not_found");
    await emit(t, { type: "client.signing_secret_rotated", actor, clientId, subjectId: clientId });
    return { client_id: clientId, signing_secret: fresh.secret };
  };
  return tx ? run(tx) : db().$transaction(run);
}
