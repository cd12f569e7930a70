// CSRF backstop at the HTTP front: a form post (server action) from another origin is answered
// 403 before it reaches Next.js. Next.js refuses these too, but with a 500 and an error in the log,
// which makes every CSRF attempt look like a server fault.
import type http from "node:http";
import { publicUrl } from "@/lib/config/settings";
import { ProductError } from "@/lib/errors/product";
import { logger } from "@/lib/log/logger";

/** Where partners and other servers POST (their own auth or CSRF tokens); every other POST is a page's form. */
const NON_FORM_PREFIXES = ["/v1/", "/api/", "/.well-known/", "/healthz", "/openapi.json", "/docs", "/dev/"];

/**
 * OAuth endpoints a partner's page may POST a form to from its own origin: the authorization
 * endpoint (OpenID Connect Core §3.1.2.1). It only starts a sign-in the user still has to complete
 * on Trustgate's pages, exactly as the same request by GET does.
 */
const CROSS_ORIGIN_FORM_ENDPOINTS = new Set(["/login/oauth/authorize"]);

/** A POST to a page (server action) whose Origin is neither the public origin nor this host under the public scheme. */
export function isCrossOriginFormPost(req: http.IncomingMessage): boolean {
  if (req.method !== "POST") return false;
  const path = req.url?.split("?")[0] ?? "/";
  if (NON_FORM_PREFIXES.some((prefix) => path.startsWith(prefix)) || CROSS_ORIGIN_FORM_ENDPOINTS.has(path)) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  // Under our Referrer-Policy (same-origin) a browser's own form post to our pages carries our
  // Origin, with or without JavaScript; an opaque `null` origin (sandboxed frame, data: URL,
  // cross-origin redirect chain) is never one of our forms — and Next.js would answer it with a 500.
  if (origin === "null") return true;
  const host = req.headers.host;
  const publicOrigin = new URL(publicUrl());
  // The public origin, or this host under the public scheme (never an http:// downgrade of an https site).
  const allowed = [publicOrigin.origin, ...(host ? [`${publicOrigin.protocol}//${host}`] : [])];
  return !allowed.includes(origin);
}

export function refuseCrossOriginFormPost(req: http.IncomingMessage, res: http.ServerResponse, requestId: string): void {
  const refusal = new ProductError("cross_origin_form_post");
  res.statusCode = refusal.status;
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Cache-Control", "no-store");
  res.end(JSON.stringify(refusal.toJSON()));
  logger.warn({ requestId, path: req.url?.split("?")[0], origin: req.headers.origin }, "cross-origin form post refused");
}
