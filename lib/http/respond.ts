// Response helpers. Errors are answered in one format; nothing else (no stack, no internals) leaves.
import { ZodError } from "zod";
import { describeZodError } from "@/lib/errors/zod";
import { DATABASE_UNAVAILABLE_RETRY_AFTER_S } from "@/lib/config/limits";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { logger } from "@/lib/log/logger";
import { BearerTokenRequired, OAuthError } from "@/lib/errors/oauth";
import { attachRawBody } from "@/lib/validation/raw-body";
import { wireDescription } from "@/lib/errors/body";
import { ProductError } from "@/lib/errors/product";

/**
 * A JSON answer not yet turned into a web Response: routes and lib/ code return it, `route()` makes
 * the Response for Next.js, and the lean dispatch path (lib/server/http-server.ts) writes it to the
 * socket as it is — building a web Response (≈50 µs: body stream, headers) is the largest fixed
 * cost of a small JSON answer. Branded rather than a class: Next bundles this module per route.
 */
const REPLY = Symbol.for("trustgate.json-reply");

export interface JsonReply {
  readonly [REPLY]: true;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function isJsonReply(value: unknown): value is JsonReply {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[REPLY] === true;
}

type JsonInit = { status?: number; headers?: Record<string, string>; cache?: "no-store" | string };

export function jsonReply(body: unknown, init: JsonInit = {}): JsonReply {
  const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8", ...init.headers };
  headers["Cache-Control"] = init.cache ?? "no-store";
  if ((init.cache ?? "no-store") === "no-store") headers["Pragma"] = "no-cache";
  return { [REPLY]: true, status: init.status ?? 200, headers, body: JSON.stringify(body) };
}

/** A reply whose JSON text is already serialised (a prebuilt document), or empty for a 304. */
export function preparedReply(status: number, headers: Record<string, string>, body: string): JsonReply {
  return { [REPLY]: true, status, headers, body };
}

/** Statuses that never carry content (RFC 9110 §15.3.5, §15.4.5). */
export const isBodilessStatus = (status: number) => status === 204 || status === 304;

/** The web Response of a reply (its text kept as the raw body, see raw-body.ts). */
export function toWebResponse(reply: JsonReply): Response {
  if (isBodilessStatus(reply.status)) return new Response(null, { status: reply.status, headers: reply.headers });
  return attachRawBody(new Response(reply.body, { status: reply.status, headers: reply.headers }), reply.body);
}

export function json(body: unknown, init: JsonInit = {}): Response {
  return toWebResponse(jsonReply(body, init));
}

export function errorReply(error: unknown, requestId?: string): JsonReply {
  // RFC 6750 §3.1: no credentials sent → a bare challenge, no error code, no body.
  if (error instanceof BearerTokenRequired) return { ...jsonReply(null, { status: 401 }), headers: { ...error.headers, "Cache-Control": "no-store" }, body: "" };
  if (error instanceof OAuthError) return jsonReply(error.toJSON(), { status: error.status, headers: error.headers });
  if (error instanceof ProductError) return jsonReply(error.toJSON(), { status: error.status });
  if (error instanceof ZodError) {
    const { description, details } = describeZodError(error);
    return jsonReply({ error: "invalid_request", error_description: wireDescription(description), details }, { status: 400 });
  }
  if (isDatabaseUnavailable(error)) {
    // Nothing was half-done that the caller could see: every write is one statement or transaction.
    logger.warn({ err: error, requestId }, "database unavailable");
    return jsonReply(new ProductError("database_unavailable").toJSON(), { status: 503, headers: { "Retry-After": String(DATABASE_UNAVAILABLE_RETRY_AFTER_S) } });
  }
  logger.error({ err: error, requestId }, "unhandled error");
  return jsonReply({ error: "server_error", error_description: `An unexpected error occurred${requestId ? ` (request ${requestId})` : ""}` }, { status: 500 });
}

export function errorResponse(error: unknown, requestId?: string): Response {
  return toWebResponse(errorReply(error, requestId));
}
