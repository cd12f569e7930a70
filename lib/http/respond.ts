// Response helpers. Errors are answered in one format; nothing else (no stack, no internals) leaves.
import { ZodError } from "zod";
import { DATABASE_UNAVAILABLE_RETRY_AFTER_S } from "@/lib/config/limits";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { logger } from "@/lib/log/logger";
import { OAuthError } from "./oauth-errors";
import { attachRawBody } from "./raw-body";
import { ProductError } from "./product-errors";

export function json(body: unknown, init: { status?: number; headers?: Record<string, string>; cache?: "no-store" | string } = {}): Response {
  const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8", ...init.headers };
  headers["Cache-Control"] = init.cache ?? "no-store";
  if ((init.cache ?? "no-store") === "no-store") headers["Pragma"] = "no-cache";
  const text = JSON.stringify(body);
  return attachRawBody(new Response(text, { status: init.status ?? 200, headers }), text);
}

/** Zod issues as a readable sentence plus structured details. */
export function describeZodError(error: ZodError): { description: string; details: { path: string; message: string }[] } {
  const details = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  const description = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join("; ");
  return { description, details };
}

export function errorResponse(error: unknown, requestId?: string): Response {
  if (error instanceof OAuthError) return json(error.toJSON(), { status: error.status, headers: error.headers });
  if (error instanceof ProductError) return json(error.toJSON(), { status: error.status });
  if (error instanceof ZodError) {
    const { description, details } = describeZodError(error);
    return json({ error: "invalid_request", error_description: description, details }, { status: 400 });
  }
  if (isDatabaseUnavailable(error)) {
    // Nothing was half-done that the caller could see: every write is one statement or transaction.
    logger.warn({ err: error, requestId }, "database unavailable");
    return json(new ProductError("database_unavailable").toJSON(), { status: 503, headers: { "Retry-After": String(DATABASE_UNAVAILABLE_RETRY_AFTER_S) } });
  }
  logger.error({ err: error, requestId }, "unhandled error");
  return json({ error: "server_error", error_description: `An unexpected error occurred${requestId ? ` (request ${requestId})` : ""}` }, { status: 500 });
}
