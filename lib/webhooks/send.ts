// One HTTP attempt: POST the stored bytes, 5 s for the whole exchange, redirects not followed
// (a receiver that moved must be reconfigured, not chased), at most 1 KB of the answer kept.
import { WEBHOOK_RESPONSE_BODY_MAX_BYTES, WEBHOOK_TIMEOUT_MS } from "@/lib/config/limits";
import { outboundSpan } from "@/lib/tracing/tracer";

export interface SendResult {
  ok: boolean;
  status: number | null;
  responseBody: string | null;
  error: string | null;
}

async function readAtMost(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const bytes = Buffer.concat(chunks).subarray(0, maxBytes);
  // PostgreSQL text cannot hold NUL; a cut multi-byte character becomes U+FFFD.
  return new TextDecoder().decode(bytes).replace(/\u0000/g, "");
}

export async function postDelivery(url: string, body: string, headers: Record<string, string>): Promise<SendResult> {
  const signal = AbortSignal.timeout(WEBHOOK_TIMEOUT_MS);
  try {
    const response = await outboundSpan("webhook.deliver", url, { "Content-Type": "application/json", "User-Agent": "Trustgate-Webhooks/1", ...headers }, (traced) =>
      fetch(url, { method: "POST", body, headers: traced, redirect: "manual", signal }),
    );
    const responseBody = await readAtMost(response.body, WEBHOOK_RESPONSE_BODY_MAX_BYTES);
    const ok = response.status >= 200 && response.status < 300;
    const error = ok ? null : response.status >= 300 && response.status < 400 ? `HTTP ${response.status}: redirects are not followed` : `HTTP ${response.status}`;
    return { ok, status: response.status, responseBody, error };
  } catch (error) {
    const timedOut = signal.aborted;
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    const message = timedOut ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s` : `${error instanceof Error ? error.message : String(error)}${cause}`;
    return { ok: false, status: null, responseBody: null, error: message.slice(0, 500) };
  }
}
