// Pushed authorization requests at rest (RFC 9126): the validated request under the SHA-256 of its
// request_uri reference. Redemption is one statement — unused, unexpired and the same client, or
// nothing — so a request_uri yields at most one authorization request, even under a race.
import { PAR_REQUEST_URI_BYTES, PAR_REQUEST_URI_TTL_S } from "@/lib/config/limits";
import { randomToken, sha256Hex } from "@/lib/crypto/random";
import { sql } from "@/lib/db";
import type { NewAuthorizationRequest } from "@/lib/authorize/authorization-request";
import type { Locale } from "@/lib/i18n/locales";

/**
 * A pushed request: the validated authorization request plus what only the pages use — the
 * language its `ui_locales` picked (OpenID Connect Core §3.1.2.1). RFC 9126 §4: the authorize
 * endpoint uses the pushed parameters only, so the language cannot come from its query.
 */
export type PushedRequest = NewAuthorizationRequest & { uiLocale?: Locale | null };

export const REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";

export async function storePushedRequest(request: PushedRequest): Promise<{ requestUri: string; expiresIn: number }> {
  const reference = randomToken(PAR_REQUEST_URI_BYTES);
  await sql(`INSERT INTO pushed_authorization_requests (id, client_id, request, expires_at) VALUES ($1, $2, $3::jsonb, $4::timestamptz)`, [
    sha256Hex(reference),
    request.clientId,
    JSON.stringify(request),
    new Date(Date.now() + PAR_REQUEST_URI_TTL_S * 1000),
  ]);
  return { requestUri: REQUEST_URI_PREFIX + reference, expiresIn: PAR_REQUEST_URI_TTL_S };
}

/** Spends the request_uri for `clientId`; null when unknown, expired, used or another client's. */
export async function redeemPushedRequest(clientId: string, requestUri: string): Promise<PushedRequest | null> {
  if (!requestUri.startsWith(REQUEST_URI_PREFIX) || requestUri.length > REQUEST_URI_PREFIX.length + 100 || clientId.length > 200) return null;
  const [row] = await sql<{ request: PushedRequest }>(
    `UPDATE pushed_authorization_requests SET used_at = now()
      WHERE id = $1 AND client_id = $2 AND used_at IS NULL AND expires_at > now()
      RETURNING request`,
    [sha256Hex(requestUri.slice(REQUEST_URI_PREFIX.length)), clientId],
  );
  if (!row) return null;
  return typeof row.request === "string" ? (JSON.parse(row.request) as PushedRequest) : row.request;
}
