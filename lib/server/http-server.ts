// The HTTP front of every Trustgate instance: Next.js behind a thin node:http layer that sets
// what must hold for every response (security headers, request id, client IP) and logs requests.
import http from "node:http";
import { randomUUID } from "node:crypto";
import { isProduction, publicUrl, trustProxy } from "@/lib/config/settings";
import { CLIENT_IP_HEADER, REQUEST_ID_HEADER } from "@/lib/http/request-context";
import { newNonce, securityHeaders } from "@/lib/http/security-headers";
import { logger } from "@/lib/log/logger";
import { isCrossOriginFormPost, refuseCrossOriginFormPost } from "./cross-origin-form-post";

type NextHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

function clientIp(req: http.IncomingMessage): string {
  if (trustProxy()) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "unknown";
}

export function createTrustgateServer(handle: NextHandler): http.Server {
  const https = publicUrl().startsWith("https://");
  const dev = !isProduction();
  return http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const incomingId = req.headers[REQUEST_ID_HEADER];
    const requestId = typeof incomingId === "string" && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
    // Overwrite, never trust, what the client sent in these.
    req.headers[REQUEST_ID_HEADER] = requestId;
    req.headers[CLIENT_IP_HEADER] = clientIp(req);
    const headers = securityHeaders({ nonce: newNonce(), https, dev });
    req.headers["content-security-policy"] = headers["Content-Security-Policy"];
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.setHeader("X-Request-Id", requestId);
    if (isCrossOriginFormPost(req)) return refuseCrossOriginFormPost(req, res, requestId);
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The path only: queries carry codes and tokens.
      logger.info({ requestId, method: req.method, path: req.url?.split("?")[0], status: res.statusCode, ms: Math.round(ms * 10) / 10 }, "request");
    });
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, requestId }, "request failed");
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader("Content-Type", "application/json");
      }
      res.end(JSON.stringify({ error: "server_error", error_description: `An unexpected error occurred (request ${requestId})` }));
    });
  });
}
