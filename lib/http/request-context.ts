// Per-request facts the server establishes: the request id and the caller's IP. The Trustgate
// server (scripts/serve.ts) overwrites these headers on every incoming request, so a client
// cannot forge them.
import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";
export const CLIENT_IP_HEADER = "x-trustgate-client-ip";

export function requestIdOf(req: Request): string {
  return req.headers.get(REQUEST_ID_HEADER) ?? randomUUID();
}

export function clientIpOf(req: Request): string {
  return req.headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
