// The trusted-authentication switch of a client (SPEC §3): on/off, the customer API URL and an
// optional header Trustgate sends to that API. The header value is encrypted (Trustgate must send
// it again) and never appears in output or the audit log.
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { customerApiUrlProblem, parseCustomerApiHeader } from "./customer-api-settings";

export interface TrustedAuthChange {
  enabled?: boolean;
  customerApiUrl?: string;
  /** "Name: value" to set, "" to remove, undefined to keep. */
  customerApiHeader?: string;
}

export interface TrustedAuthSettings {
  client_id: string;
  trusted_auth_enabled: boolean;
  customer_api_url: string | null;
  customer_api_header_name: string | null;
}

export async function updateTrustedAuth(clientId: string, change: TrustedAuthChange, actor: DomainEvent["actor"]): Promise<TrustedAuthSettings> {
  if (change.customerApiUrl !== undefined) {
    const problem = customerApiUrlProblem(change.customerApiUrl);
    if (problem) throw new ProductError("validation_failed", problem);
  }
  let header: { name: string; value: string } | null | undefined;
  if (change.customerApiHeader !== undefined) {
    if (change.customerApiHeader.trim() === "") header = null;
    else {
      const parsed = parseCustomerApiHeader(change.customerApiHeader);
      if ("problem" in parsed) throw new ProductError("validation_failed", parsed.problem);
      header = parsed;
    }
  }
  return db().$transaction(async (tx) => {
    const client = await tx.client.findUnique({
      where: { id: clientId },
      select: { trustedAuthEnabled: true, customerApiUrl: true, customerApiHeaderName: true, customerApiHeaderValueEnc: true },
    });
    if (!client) throw new ProductError("client_not_found");
    const enabled = change.enabled ?? client.trustedAuthEnabled;
    const url = change.customerApiUrl ?? client.customerApiUrl;
    if (enabled && !url) throw new ProductError("validation_failed", "trusted authentication needs a customer API URL (--customer-api-url)");
    // A URL set before a policy change (or in another environment) is checked again when switching on.
    const stored = enabled && url ? customerApiUrlProblem(url) : null;
    if (stored) throw new ProductError("validation_failed", stored);
    const headerName = header === undefined ? client.customerApiHeaderName : (header?.name ?? null);
    await tx.client.update({
      where: { id: clientId },
      data: {
        trustedAuthEnabled: enabled,
        customerApiUrl: url,
        ...(header === undefined ? {} : { customerApiHeaderName: header?.name ?? null, customerApiHeaderValueEnc: header ? encryptSecret(header.value, "customer-api-header") : null }),
      },
    });
    const data: Record<string, unknown> = {};
    if (enabled !== client.trustedAuthEnabled) data.trusted_auth_enabled = { from: client.trustedAuthEnabled, to: enabled };
    if (url !== client.customerApiUrl) data.customer_api_url = { from: client.customerApiUrl, to: url };
    if (header !== undefined) data.customer_api_header = header ? { name: header.name, value: "(set)" } : "(removed)";
    await emit(tx, { type: "client.updated", actor, clientId, subjectId: clientId, data: data as never });
    return { client_id: clientId, trusted_auth_enabled: enabled, customer_api_url: url, customer_api_header_name: headerName };
  });
}

/** The header to send to the customer API, decrypted, or null when none is configured. */
export function customerApiHeaderOf(client: { customerApiHeaderName: string | null; customerApiHeaderValueEnc: string | null }): { name: string; value: string } | null {
  if (!client.customerApiHeaderName || !client.customerApiHeaderValueEnc) return null;
  return { name: client.customerApiHeaderName, value: decryptSecret(client.customerApiHeaderValueEnc, "customer-api-header") };
}
