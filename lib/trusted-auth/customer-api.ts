// GET {customer_api_url}/v1/customers/{customer_id} — Trustgate asks the partner whether its
// customer authenticated recently (Astra "Example Astra Request"). The answer decides who may skip
// sign-in, so it is bounded on every side through lib/outbound: internal addresses refused at
// connect time, https in production, one deadline for connect, headers and body (3 s), at most
// 64 KB, JSON only, schema-checked. Redirects are never followed (any 3xx refused): a same-host
// rule would still let a compromised path bounce us elsewhere, and partners can always configure
// the final URL.
import { CUSTOMER_API_MAX_BYTES, CUSTOMER_API_TIMEOUT_MS } from "@/lib/config/limits";
import { customerApiUrlProblem, customerUrl } from "@/lib/clients/customer-api-settings";
import { customerApiHeaderOf } from "@/lib/clients/update-trusted-auth";
import type { Client } from "@/lib/db/generated/client";
import { ProductError, type ProductErrorCode } from "@/lib/errors/product";
import { OutboundError, outboundFetch, type OutboundResponse, type Resolver } from "@/lib/outbound";
import { outboundSpan } from "@/lib/tracing/tracer";
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
  /** Host name resolution; tests inject one. */
  resolver?: Resolver;
}

type CustomerApiClient = Pick<Client, "customerApiUrl" | "customerApiHeaderName" | "customerApiHeaderValueEnc">;

export async function fetchCustomer(client: CustomerApiClient, customerId: string, options: CustomerApiOptions = {}): Promise<CustomerRecord> {
  const base = client.customerApiUrl;
  // Checked again at use: the rule may be stricter here (production) than where it was configured.
  if (!base || customerApiUrlProblem(base)) throw new CustomerApiFailure("trusted_auth_not_enabled", "customer_api_url_not_allowed", "Trusted authentication has no usable customer API URL for this client");
  const timeoutMs = options.timeoutMs ?? CUSTOMER_API_TIMEOUT_MS;
  const headers: Record<string, string> = { Accept: "application/json" };
  const extra = customerApiHeaderOf(client);
  if (extra) headers[extra.name] = extra.value;
  let response: OutboundResponse;
  try {
    const url = customerUrl(base, customerId);
    response = await outboundSpan("customer_api.get_customer", url, headers, (traced) => outboundFetch(url, { method: "GET", headers: traced }, { timeoutMs, maxBytes: CUSTOMER_API_MAX_BYTES, resolver: options.resolver }));
  } catch (error) {
    throw failureOf(error, timeoutMs);
  }
  const type = response.headers["content-type"] ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) throw new CustomerApiFailure("customer_api_invalid_response", "not_json", "The customer API answer is not application/json");
  let value: unknown;
  try {
    value = JSON.parse(response.body);
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
}

/** An outbound failure → what the partner is told: the category, never the raw cause. */
function failureOf(error: unknown, timeoutMs: number): CustomerApiFailure {
  if (!(error instanceof OutboundError)) return new CustomerApiFailure("customer_api_unavailable", "unreachable", "The customer API could not be reached");
  const category = error.category;
  if (category === "http_404") return new CustomerApiFailure("customer_not_found", "status_404");
  if (/^http_3\d\d$/.test(category))
    return new CustomerApiFailure("customer_api_unavailable", `redirect_${category.slice(5)}`, `The customer API answered with a redirect (HTTP ${category.slice(5)}); Trustgate follows none: configure the final URL`);
  if (category.startsWith("http_")) return new CustomerApiFailure("customer_api_unavailable", `status_${category.slice(5)}`, `The customer API answered HTTP ${category.slice(5)}`);
  if (category === "too_large") return new CustomerApiFailure("customer_api_invalid_response", "too_large", `The customer API answer exceeds ${CUSTOMER_API_MAX_BYTES} bytes`);
  if (category === "timeout") return new CustomerApiFailure("customer_api_unavailable", "timeout", `The customer API did not answer within ${timeoutMs} ms`);
  if (category === "refused") return new CustomerApiFailure("customer_api_unavailable", "refused", "The customer API URL resolves to an address Trustgate does not call (refused)");
  return new CustomerApiFailure("customer_api_unavailable", category, `The customer API could not be reached (${category})`);
}
