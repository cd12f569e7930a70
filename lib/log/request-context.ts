// Per-request facts the server establishes: the request id and the caller's IP — the one place
// that reads them. The Trustgate server (lib/server/http-server.ts) overwrites these headers on
// every incoming request, so a client cannot forge them. Logs and audit rows carry both.
import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";
export const CLIENT_IP_HEADER = "x-trustgate-client-ip";

/** Headers as web code sees them, or as next-auth hands them to a provider's authorize() (a plain object). */
type AnyHeaders = Pick<Headers, "get"> | Record<string, unknown> | undefined;

function header(headers: AnyHeaders, name: string): string | null {
  if (!headers) return null;
  const value = typeof headers.get === "function" ? (headers as Pick<Headers, "get">).get(name) : (headers as Record<string, unknown>)[name];
  return typeof value === "string" ? value : null;
}

/** The caller's IP, "unknown" outside the Trustgate server. */
export function clientIpFrom(headers: AnyHeaders): string {
  return header(headers, CLIENT_IP_HEADER) ?? "unknown";
}

/** The request id the server assigned, or null outside the Trustgate server. */
export function requestIdFrom(headers: AnyHeaders): string | null {
  return header(headers, REQUEST_ID_HEADER);
}

export function requestIdOf(req: Request): string {
  return req.headers.get(REQUEST_ID_HEADER) ?? randomUUID();
}

export function clientIpOf(req: Request): string {
  return clientIpFrom(req.headers);
}
