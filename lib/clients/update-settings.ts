// Admin edits of a partner client's settings; each change is one audited transaction. The webhook
// URL and its signing secret are set through lib/webhooks/configure.ts.
import { db } from "@/lib/db";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import type { z } from "zod";
import { authenticatorConfigInput, redirectUrisInput, trustedAuthInput } from "./settings-schemas";

async function updateClient(clientId: string, actor: DomainEvent["actor"], setting: string, data: Record<string, unknown>, audit: Record<string, unknown>) {
  await db().$transaction(async (tx) => {
    const found = await tx.client.findUnique({ where: { id: clientId }, select: { id: true } });
    if (!found) throw new ProductError("client_not_found");
    await tx.client.update({ where: { id: clientId }, data });
    await emit(tx, { type: "client.updated", actor, clientId, subjectId: clientId, data: { setting, ...audit } as never });
  });
}

export async function setRedirectUris(clientId: string, uris: string[], actor: DomainEvent["actor"]): Promise<void> {
  const parsed = redirectUrisInput.parse([...new Set(uris.map((uri) => uri.trim()).filter(Boolean))]);
  await updateClient(clientId, actor, "redirect_uris", { redirectUris: parsed }, { redirect_uris: parsed });
}

export async function setTrustedAuth(clientId: string, input: z.input<typeof trustedAuthInput>, actor: DomainEvent["actor"]): Promise<void> {
  const parsed = trustedAuthInput.parse(input);
  if (parsed.enabled && !parsed.customerApiUrl) throw new ProductError("validation_failed", "Trusted authentication needs the customer API URL");
  const header =
    parsed.clearHeader || !parsed.headerName
      ? { customerApiHeaderName: null, customerApiHeaderValueEnc: null }
      : { customerApiHeaderName: parsed.headerName, ...(parsed.headerValue ? { customerApiHeaderValueEnc: encryptSecret(parsed.headerValue, "customer-api-header") } : {}) };
  await updateClient(
    clientId,
    actor,
    "trusted_auth",
    { trustedAuthEnabled: parsed.enabled, customerApiUrl: parsed.customerApiUrl, ...header },
    { trusted_auth_enabled: parsed.enabled, customer_api_url: parsed.customerApiUrl, header_name: header.customerApiHeaderName, header_value_changed: Boolean(parsed.headerValue) },
  );
}

export async function setAuthenticatorConfig(clientId: string, input: z.input<typeof authenticatorConfigInput>, actor: DomainEvent["actor"]): Promise<void> {
  const parsed = authenticatorConfigInput.parse(input);
  await updateClient(
    clientId,
    actor,
    "authenticator",
    { authenticatorIssuerName: parsed.issuerName, authenticatorCallbackUrl: parsed.callbackUrl, authenticatorDefaultMessage: parsed.defaultMessage },
    { issuer_name: parsed.issuerName, challenge_callback_url: parsed.callbackUrl, challenge_default_message: parsed.defaultMessage },
  );
}
