// GET {customer_api_url}/v1/customers/{customer_id} — Trustgate asks the partner whether its
// customer authenticated recently (Astra "Example Astra Request"). The answer decides who may skip
// sign-in, so it is bounded on every side: https in production, one deadline for connect, headers
// and body (3 s), at most 64 KB read as a stream, JSON only, schema-checked. Redirects are never
// followed (redirect: "manual", any 3xx refused): a same-host rule would still let a compromised
// path bounce us elsewhere, and partners can always configure the final URL.
import { CUSTOMER_API_MAX_BYTES, CUSTOMER_API_TIMEOUT_MS } from "@/lib/config/limits";
import { customerApiUrlProblem, customerUrl } from "@/lib/clients/customer-api-settings";
import { outboundSpan } from "@/lib/tracing/tracer";
import { customerApiHeaderOf } from "@/lib/clients/update-trusted-auth";
import type { Client } from "@/lib/db/generated/client";
import { ProductError, type ProductErrorCode } from "@/lib/errors/product";
import { customerRecord, type CustomerRecord } from "./schemas";

/** A customer API failure: the partner sees the code and description, the audit log also the reason. */
export class CustomerApiFailure extends ProductError {
  constructor(
    code: Extract<ProductErrorCode, "customer_api_unavailable" | "customer_api_invalid_response" | "customer_not_found" | "trusted_auth_not_enabled">,
    readonly reason: string,
    description?: string,
  ) {
    super(code, description);
  }
}

export interface CustomerApiOptions {
  /** Deadline for the whole exchange; tests shorten it. */
  timeoutMs?: number;
}

type CustomerApiClient = Pick<Client, "customerApiUrl" | "customerApiHeaderName" | "customerApiHeaderValueEnc">;

export async function fetchCustomer(client: CustomerApiClient, customerId: string, options: CustomerApiOptions = {}): Promise<CustomerRecord> {
  const base = client.customerApiUrl;
  // Checked again at use: the rule may be stricter here (production) than where it was configured.
  if (!base || customerApiUrlProblem(base)) throw new CustomerApiFailure("trusted_auth_not_enabled", "customer_api_url_not_allowed", "Trusted authentication has no usable customer API URL for this client");
  const timeoutMs = options.timeoutMs ?? CUSTOMER_API_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const headers: Record<string, string> = { Accept: "application/json" };
    const extra = customerApiHeaderOf(client);
    if (extra) headers[extra.name] = extra.value;
    let response: Response;
    try {
      const url = customerUrl(base, customerId);
      response = await outboundSpan("customer_api.get_customer", url, headers, (traced) => fetch(url, { method: "GET", headers: traced, redirect: "manual", signal: controller.signal, cache: "no-store" }));
    } catch {
      throw unavailable(controller.signal.aborted, timeoutMs);
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => {});
      throw new CustomerApiFailure("customer_api_unavailable", `redirect_${response.status}`, `The customer API answered with a redirect (HTTP ${response.status}); Trustgate follows none: configure the final URL`);
    }
    if (response.status === 404) {
      await response.body?.cancel().catch(() => {});
      throw new CustomerApiFailure("customer_not_found", "status_404");
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw new CustomerApiFailure("customer_api_unavailable", `status_${response.status}`, `The customer API answered HTTP ${response.status}`);
    }
    const type = response.headers.get("content-type") ?? "";
    if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
      await response.body?.cancel().catch(() => {});
      throw new CustomerApiFailure("customer_api_invalid_response", "not_json", "The customer API answer is not application/json");
    }
    const text = await readCapped(response, controller.signal, timeoutMs);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new CustomerApiFailure("customer_api_invalid_response", "malformed_json", "The customer API answer is not valid JSON");
    }
    const parsed = customerRecord.safeParse(value);
    if (!parsed.success) {
      // Field paths only: the values are the customer's data.
      const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join(".") || "(body)"))].join(", ");
      throw new CustomerApiFailure("customer_api_invalid_response", "schema", `The customer API answer is not a customer record (check: ${fields}); expected {customer_id, first_name, last_name, phone, lastAuthenticationTime}`);
    }
    return parsed.data;
  } finally {
    clearTimeout(timer);
  }
}

function unavailable(timedOut: boolean, timeoutMs: number): CustomerApiFailure {
  return timedOut
    ? new CustomerApiFailure("customer_api_unavailable", "timeout", `The customer API did not answer within ${timeoutMs} ms`)
    : new CustomerApiFailure("customer_api_unavailable", "unreachable", "The customer API could not be reached");
}

/** The body as text, refusing more than CUSTOMER_API_MAX_BYTES without reading the rest. */
async function readCapped(response: Response, signal: AbortSignal, timeoutMs: number): Promise<string> {
  const tooLarge = () => new CustomerApiFailure("customer_api_invalid_response", "too_large", `The customer API answer exceeds ${CUSTOMER_API_MAX_BYTES} bytes`);
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > CUSTOMER_API_MAX_BYTES) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > CUSTOMER_API_MAX_BYTES) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof CustomerApiFailure) throw error;
    throw unavailable(signal.aborted, timeoutMs);
  }
  return Buffer.concat(chunks).toString("utf8");
}
