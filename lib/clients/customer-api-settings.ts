// Where Trustgate asks a partner about its customers (trusted authentication, SPEC §3): the URL
// and the optional header it authenticates with. Configured by operators, checked here once.
import { outboundUrlProblem } from "@/lib/outbound";

/** RFC 9110 §5.6.2 token characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
/** Headers that describe the connection or the body: Trustgate sets them itself. */
const RESERVED_HEADERS = new Set(["host", "connection", "content-length", "content-type", "transfer-encoding", "te", "upgrade", "keep-alive", "proxy-connection", "trailer", "accept", "accept-encoding", "cookie"]);
const MAX_URL_LENGTH = 2000;
const MAX_HEADER_VALUE_LENGTH = 4096;

/**
 * Why `raw` cannot be a customer API base URL, or null when it can: the outbound policy
 * (https in production, no internal address unless TRUSTGATE_OUTBOUND_ALLOW opts it in).
 */
export function customerApiUrlProblem(raw: string): string | null {
  if (raw.length > MAX_URL_LENGTH) return `the customer API URL is longer than ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "the customer API URL must be an absolute URL";
  }
  if (url.username || url.password) return "the customer API URL must not contain credentials (use --customer-api-header)";
  if (url.search || url.hash || raw.includes("?") || raw.includes("#")) return "the customer API URL must not have a query or fragment";
  const problem = outboundUrlProblem(raw, MAX_URL_LENGTH);
  return problem ? `the customer API URL ${problem}` : null;
}

/** `base` + `/v1/customers/{id}`, keeping any path prefix of the base (`https://api.example/partner`). */
export function customerUrl(base: string, customerId: string): string {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/v1/customers/${encodeURIComponent(customerId)}`;
  return url.toString();
}

/** "Name: value" → its parts, or a reason it is not a header Trustgate may send. */
export function parseCustomerApiHeader(raw: string): { name: string; value: string } | { problem: string } {
  const colon = raw.indexOf(":");
  if (colon < 1) return { problem: 'the customer API header must look like "Name: value"' };
  const name = raw.slice(0, colon).trim();
  const value = raw.slice(colon + 1).trim();
  if (!HEADER_NAME.test(name)) return { problem: "the customer API header name is not a valid HTTP header name" };
  if (RESERVED_HEADERS.has(name.toLowerCase())) return { problem: `the header "${name}" is set by Trustgate itself` };
  if (!value) return { problem: "the customer API header needs a value" };
  // CR/LF would split the header (request smuggling); other controls are never meaningful.
  if (value.length > MAX_HEADER_VALUE_LENGTH || /[\x00-\x08\x0a-\x1f\x7f]/.test(value)) return { problem: "the customer API header value is too long or contains control characters" };
  return { name, value };
}
