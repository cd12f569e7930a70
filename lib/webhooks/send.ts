// One HTTP attempt through the outbound module: POST the stored bytes, 5 s for the whole
// exchange, redirects not followed, at most 1 KB of the answer kept. What is recorded for the
// partner is a category (timeout, connect_failed, tls_failed, refused, too_large, http_<status>)
// and, only from a public address, the start of the answer: never raw socket or TLS error text
// (a port scanner) nor what an internal service said.
import { WEBHOOK_RESPONSE_BODY_MAX_BYTES, WEBHOOK_TIMEOUT_MS } from "@/lib/config/limits";
import { OutboundError, outboundFetch, type OutboundResponse, type Resolver } from "@/lib/outbound";
import { outboundSpan } from "@/lib/tracing/tracer";

export interface SendResult {
  ok: boolean;
  status: number | null;
  responseBody: string | null;
  /** A category, never raw error text. */
  error: string | null;
  /** The URL is refused by policy: retrying cannot help. */
  permanent?: boolean;
}

function visibleBody(response: OutboundResponse | undefined): string | null {
  if (!response || response.internal) return null;
  // PostgreSQL text cannot hold NUL.
  return response.body.replace(/\u0000/g, "");
}

export async function postDelivery(url: string, body: string, headers: Record<string, string>, resolver?: Resolver): Promise<SendResult> {
  try {
    const response = await outboundSpan("webhook.deliver", url, { "Content-Type": "application/json", "User-Agent": "Trustgate-Webhooks/1", ...headers }, (traced) =>
      outboundFetch(url, { method: "POST", body, headers: traced }, { timeoutMs: WEBHOOK_TIMEOUT_MS, maxBytes: WEBHOOK_RESPONSE_BODY_MAX_BYTES, truncate: true, resolver }),
    );
    return { ok: true, status: response.status, responseBody: visibleBody(response), error: null };
  } catch (error) {
    if (!(error instanceof OutboundError)) return { ok: false, status: null, responseBody: null, error: "connect_failed" };
    return { ok: false, status: error.response?.status ?? null, responseBody: visibleBody(error.response), error: error.category, permanent: error.category === "refused" && error.detail.startsWith("URL ") };
  }
}
