// POST /authenticator/v0.1/factors: a PENDING TOTP factor with a new 160-bit secret, encrypted at
// rest. The secret leaves Trustgate once, inside `url` and its QR code `data_url`.
import { randomUUID } from "node:crypto";
import { AUTHENTICATOR_CREATE_PER_CLIENT, AUTHENTICATOR_RATE_WINDOW_S } from "@/lib/config/limits";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import type { Client } from "@/lib/db/generated/client";
import { hitRateLimit } from "@/lib/rate-limit/limiter";
import { qrCodeDataUrl } from "./qr-code";
import type { CreateFactorInput, CreatedFactorResource } from "./schemas";
import { serializeFactor } from "./serialize";
import { newTotpSecret, totpUri } from "@/lib/crypto/totp";

export async function createFactor(client: Client, input: CreateFactorInput, context: { ip: string; requestId: string }): Promise<CreatedFactorResource> {
  const limit = await hitRateLimit(`authenticator-create:client:${client.id}`, AUTHENTICATOR_CREATE_PER_CLIENT, AUTHENTICATOR_RATE_WINDOW_S);
  if (!limit.allowed) throw new ProductError("authenticator_rate_limited");
  const secret = newTotpSecret();
  const issuer = client.authenticatorIssuerName ?? client.name;
  const url = totpUri({ issuer, label: input.external_user_id, secret });
  const dataUrl = await qrCodeDataUrl(url);
  const factor = await db().$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING: a duplicate must not abort the transaction (PostgreSQL would).
    const id = randomUUID();
    const inserted = await tx.$executeRaw`
      INSERT INTO authenticator_factors (id, client_id, external_user_id, phone_number, status, secret_enc, created_at, updated_at)
      VALUES (${id}::uuid, ${client.id}, ${input.external_user_id}, ${input.phone_number}, 'PENDING', ${encryptSecret(secret, "totp")}, now(), now())
      ON CONFLICT (client_id, external_user_id) DO NOTHING`;
    if (inserted !== 1) throw new ProductError("authenticator_factor_exists");
    await emit(tx, {
      type: "authenticator.factor_created",
      actor: { type: "client", id: client.id },
      clientId: client.id,
      subjectId: id,
      ip: context.ip,
      requestId: context.requestId,
      data: { external_user_id: input.external_user_id },
    });
    return tx.authenticatorFactor.findUniqueOrThrow({ where: { id } });
  });
  return { ...serializeFactor(factor), url, data_url: dataUrl };
}
