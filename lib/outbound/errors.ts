// What a failed outbound call is, in words a partner may see. The raw cause (error text, the
// address, a response body) stays in `detail` and `response` for logs and callers, never on the wire.
export type OutboundCategory = "timeout" | "connect_failed" | "tls_failed" | "refused" | "too_large" | `http_${number}`;

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** True when the answer came from a non-public address (reachable only through TRUSTGATE_OUTBOUND_ALLOW). */
  internal: boolean;
}

export class OutboundError extends Error {
  constructor(
    readonly category: OutboundCategory,
    /** For the operator's log only. */
    readonly detail: string,
    /** The answer, for http_<status> failures. */
    readonly response?: OutboundResponse,
  ) {
    super(`outbound call failed: ${category}`);
    this.name = "OutboundError";
  }
}

const CATEGORY = /^(timeout|connect_failed|tls_failed|refused|too_large|http_\d{3})$/;

/** Whether `text` is a category (and so may be shown to a partner). */
export function isOutboundCategory(text: string | null | undefined): text is OutboundCategory {
  return typeof text === "string" && CATEGORY.test(text);
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_|ERR_OSSL_|EPROTO$|HOSTNAME_MISMATCH$)/;

/** A socket or TLS error → its category. */
export function categoryOfNetworkError(error: unknown): OutboundCategory {
  const code = typeof error === "object" && error && "code" in error ? String((error as { code: unknown }).code) : "";
  if (TLS_CODES.test(code)) return "tls_failed";
  const message = error instanceof Error ? error.message : "";
  if (/certificate|SSL|TLS|wrong version number/i.test(message)) return "tls_failed";
  return "connect_failed";
}
